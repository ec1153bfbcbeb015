/* Every size, count and default of csponboard in one place. A buffer anywhere in the code
 * takes its cap from here, so a limit is changed once and documented once. */
#ifndef CSP_LIMITS_H
#define CSP_LIMITS_H

/* Input (SPEC §4). */
#define CSP_MAX_FIELD_BYTES (64 * 1024) /* a longer field makes the row invalid */
#define CSP_MAX_COLUMNS 256             /* a wider row is invalid */
#define CSP_IDENTITY_BYTES 512 /* "tenant:GUID" or "domain:NAME": a domain is far shorter */
#define CSP_MAX_ROW_BYTES (4 * 1024 * 1024) /* cap of one row's string arena */
#define CSP_READ_CHUNK (64 * 1024)          /* bytes read from the input per call */
#define CSP_MAX_STASH_BYTES (256 * 1024)    /* raw lines kept of a row that spans lines */
#define CSP_MAX_VIOLATIONS 64               /* per row; more are summarised as one */
/* XLSX: the shared string table (it grows with the rows) is kept in temporary files of at most
 * this many bytes, and read through a cache of this many strings (about 1 MiB). */
#define CSP_MAX_SHARED_STRINGS_BYTES (256u * 1024 * 1024)
#define CSP_XLSX_STRING_SLOTS 8192
#define CSP_MAX_XLSX_SHEETS 4096 /* sheets listed in one workbook */

/* All of a row's original cells together; past it the rest are emptied (field_too_long). Half
 * the row arena, so that values and messages always fit beside the cells. */
#define CSP_MAX_ROW_CELL_BYTES (CSP_MAX_ROW_BYTES / 2)

/* Rows in flight between reading and reporting: the bounded row pool. */
#define CSP_ROW_WINDOW 1024

/* The duplicate index (src/dedup/dedup.c): identities held in memory before they are written out as
 * a sorted run; runs of one level merged into one run of the next; its Bloom filter (a power of
 * two: false "maybe" answers, each costing a read per run, are about 0.02% at a million rows). */
#define CSP_DEDUP_BATCH (64 * 1024)
#define CSP_DEDUP_FAN_IN 4
#define CSP_DEDUP_BLOOM_BYTES (4u * 1024 * 1024)

/* Rules. */
#define CSP_MAX_RULES_PER_FIELD 16
#define CSP_MAX_ENUM_VALUES 512
#define CSP_MAX_NORMALIZE_STEPS 8              /* normalize: steps in one rule */
#define CSP_MAX_RULES_BYTES (16 * 1024 * 1024) /* cap of one loaded rule set's arena */
#define CSP_MAX_YAML_NODES 200000              /* per rule file, aliases expanded */
#define CSP_MAX_YAML_DEPTH 32                  /* nesting of one rule file */
#define CSP_MESSAGE_VALUE_CHARS 60 /* a value quoted in a violation message is cut here */
#define CSP_MESSAGE_ENUM_VALUES 8  /* "is not one of A, B, ..." lists this many */

/* Execution defaults (SPEC §3a limits:). */
#define CSP_DEFAULT_CONCURRENCY 8
#define CSP_MAX_CONCURRENCY 256
#define CSP_DEFAULT_RATE "400/min"
#define CSP_DEFAULT_BURST 10
#define CSP_DEFAULT_MAX_ATTEMPTS 6
#define CSP_DEFAULT_TIMEOUT_S 60
#define CSP_MAX_RESPONSE_BYTES (8 * 1024 * 1024)
#define CSP_TOKEN_REFRESH_MARGIN_S 120  /* refresh this long before expiry */
#define CSP_SECRET_COMMAND_TIMEOUT_S 30 /* auth.client_secret_command's default time limit */
#define CSP_SECRET_MAX_BYTES 16384      /* a client secret (file or command output) */
#define CSP_TOKEN_STORE_MAX_BYTES 65536 /* the token store file */
#define CSP_DEVICE_INTERVAL_S 5         /* device login: polling interval when none is given */
#define CSP_DEVICE_SLOW_DOWN_S 5        /* device login: added to the interval on slow_down */
#define CSP_DEVICE_EXPIRES_S 900        /* device login: code lifetime when none is given */
/* A domain check's or address validation's verdict in the journal is reused this long. */
#define CSP_DEFAULT_CHECK_MAX_AGE_HOURS 24

/* File paths the program builds. */
#define CSP_MAX_PATH 4096 /* (PATH_MAX on Linux) */

/* Invitation emails (src/invites/invite_mail.c). */
#define CSP_MAX_TEMPLATE_BYTES (64 * 1024) /* invites.template */
#define CSP_MAX_MAIL_BYTES (1024 * 1024)   /* one composed message */

/* The summary page (src/report/): what it keeps of any report, whatever its size. */
#define REQUEST_TIMELINE_BUCKETS 120  /* request timeline buckets (then coarser ones) */
#define CSP_SUMMARY_MAX_REASONS 256   /* distinct reason codes counted; more go to "other" */
#define CSP_SUMMARY_SHOWN_REASONS 40  /* reasons listed with their rows on the page */
#define CSP_SUMMARY_SAMPLE_ROWS 20    /* rows kept and listed per reason */
#define CSP_SUMMARY_COMPANY_BYTES 120 /* a listed company name is cut here */
#define CSP_SUMMARY_MESSAGE_BYTES 300 /* a listed message is cut here */
#define CSP_SUMMARY_MARKETS 677       /* AA..ZZ, and one bucket for anything else */

/* Sandbox. */
#define CSP_SANDBOX_MAX_BODY (1024 * 1024)
#define CSP_SANDBOX_TOKEN_TTL_S 3600

#endif
