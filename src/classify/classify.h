/* The classify stage (SPEC §7): given a validated row, the partner's context and what the
 * lookups found (duplicates, journal, customer list, domain check), decide its fate. A
 * decision table, first match wins; a row that survives every entry is to be executed (or,
 * in a dry run, reported as would_create / would_invite). */
#ifndef CSP_CLASSIFY_H
#define CSP_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/config.h"
#include "pipeline/row.h"

struct classify_context {
  enum partner_type partner_type;
  const char *partner_group; /* market group of the partner's own market; NULL: none */
  bool dry_run;
  bool strict_address; /* --strict-address: an address Partner Center did not verify is invalid */
};

/* What Partner Center's address validation said of the row's address. */
enum address_verdict {
  ADDRESS_UNCHECKED,    /* not asked (yet) */
  ADDRESS_VERIFIED,     /* verified as given */
  ADDRESS_NOT_VERIFIED, /* not verified; maybe with a suggestion */
  ADDRESS_CHECK_FAILED, /* the check itself failed (no usable answer) */
};

/* What the pipeline's lookups found for one row. */
struct classify_facts {
  const char *country_group;   /* market group of the row's country; NULL: none */
  const char *rejected_reason; /* the country's market is embargoed: why (else NULL) */
  size_t duplicate_of;         /* earlier row with the same identity; 0: none */
  bool done_before;            /* the journal has it done in an earlier run */
  /* Done before, but created without its admin password: REASON_PASSWORD_NOT_RECEIVED or
   * REASON_PASSWORD_NOT_SAVED as the journal recorded it; REASON_NONE otherwise. */
  enum row_reason password_lost;
  bool already_customer; /* in the partner's customer list */
  /* Found online, by execution: */
  bool domain_taken;             /* the .onmicrosoft.com prefix exists (domain check, or 409) */
  enum address_verdict address;  /* the address validation's verdict */
  const char *address_status;    /* Partner Center's status for a not verified address */
  const char *suggested_address; /* its suggestion, or NULL */
  int address_http_status;       /* the failed check's HTTP status (0: no answer) */
};

/* Sets row->status and reason when the row's fate is decided here; leaves it ROW_PENDING
 * when the row is to be executed. Returns the decided status. Called again by execution
 * whenever an online check adds a fact (the row is then pending and passed every offline
 * entry); an address verdict also leaves its warning on a row that goes on. */
enum row_status classify_row(const struct classify_context *ctx, const struct classify_facts *facts,
                             struct row *row);

#endif
