/* The settings the command line gives to run, validate, invites status, rules and auth, as one
 * struct (struct options), and the option groups that fill it: each group is a table of
 * OPT(...) rows, and each command lists the groups it takes (cli/command.h). An option is
 * one row: OPT(name, kind, member, ARG or NULL for a flag, help line). */
#ifndef CSP_OPTIONS_H
#define CSP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/command.h"

enum only_action { ONLY_ALL, ONLY_CREATE, ONLY_INVITE };
enum progress_mode { PROGRESS_AUTO, PROGRESS_ON, PROGRESS_OFF };

struct options {
  const char *input;            /* the positional INPUT (NULL when none) */
  const char *config_path;      /* default ./csponboard.yaml */
  const char *report_path;      /* default: INPUT without extension + .report.csv */
  const char *journal_path;     /* default: report without .csv + .journal.sqlite; for an INPUT
                                 * X.csv, X.journal.sqlite if it exists (a report fed back) */
  const char *credentials_path; /* always: report without .csv + .credentials.csv */
  const char *rules_dir;        /* NULL: CSPONBOARD_RULES, config, installed (data_dir.h) */
  const char *out_dir;          /* rules sync: where overlay/CC.yaml goes; NULL: --rules */
  const char *map_path;
  const char *sheet;
  const char *encoding;
  char delimiter; /* 0: sniff */
  const char *summary_json;
  const char *html_path; /* the summary page; default: REPORT without .csv + .html */
  bool no_html;          /* --no-html: no summary page */
  const char *api_url;
  const char *token_url;
  const char *sandbox_url;
  bool sandbox;
  bool online; /* validate --online */
  bool strict_address;
  const char *checks;        /* --checks fresh|cached|none; NULL: from config */
  bool reset_lost_passwords; /* run: only reset the admin passwords the journal holds as lost */
  bool attest_mca;
  bool send_invites;
  bool quiet;
  bool json_logs;
  bool report_bom; /* --report-bom, or report.bom in the configuration */
  bool help;
  enum progress_mode progress;
  enum only_action only;
  int concurrency;      /* 0: from config */
  const char *rate;     /* NULL: from config */
  int max_attempts;     /* 0: from config */
  long long limit;      /* 0: no limit */
  long long max_errors; /* 0: no limit */
};

/* How a row's value is stored (options_store). */
enum opt_kind {
  OPT_FLAG,       /* bool = true (--progress: PROGRESS_ON) */
  OPT_NO_FLAG,    /* --no-progress: PROGRESS_OFF */
  OPT_STRING,     /* const char * into argv */
  OPT_INT,        /* int, 1..100000 */
  OPT_LLONG,      /* long long >= 0 */
  OPT_CHAR,       /* the CSV delimiter */
  OPT_ONLY,       /* create|invite */
  OPT_LOG_FORMAT, /* text|json into json_logs */
  OPT_CHECKS,     /* cached|fresh|none (--checks), kept as given */
};

/* One option row of a struct options group. */
#define OPT(name, kind, member, arg, help) \
  { \
    name, kind, offsetof(struct options, member), arg, help \
  }
/* A group of struct options rows (title: its heading in help and the man page). */
#define OPTIONS_GROUP(title, defs) OPT_GROUP(title, defs, options_store)

/* The store function of every struct options group. */
int options_store(const struct opt_def *def, const char *value, void *opts);

/* Every group of struct options, composed by reference into the commands that take them
 * (a new group is also added to every_group in options.c). */
extern const struct opt_group options_config;    /* --config */
extern const struct opt_group options_rules;     /* --rules */
extern const struct opt_group options_input;     /* --map --sheet --delimiter --encoding */
extern const struct opt_group options_files;     /* --report --journal */
extern const struct opt_group options_summary;   /* --report-bom --summary-json */
extern const struct opt_group options_endpoint;  /* --api-url --token-url */
extern const struct opt_group options_sandbox;   /* --sandbox --sandbox-url */
extern const struct opt_group options_selection; /* --only --limit --max-errors */
extern const struct opt_group options_limits;    /* --concurrency --rate --max-attempts */
extern const struct opt_group options_checks;    /* --strict-address --checks */
extern const struct opt_group options_online;    /* --online (validate) */
extern const struct opt_group options_writes;    /* --attest-mca --send-invites
                                                    --reset-lost-passwords (run) */
extern const struct opt_group options_sync;      /* --out (rules sync) */
extern const struct opt_group options_progress;  /* --progress --no-progress */
extern const struct opt_group options_logging;   /* --quiet --log-format */

/* Parses argv (argv[0] is the command's word) against cmd's groups: defaults first, then the
 * options; the first operand becomes input. Returns 0 or CSP_E_USAGE (message logged). The
 * strings point into argv; args (may be NULL) gets every operand and --help. */
int options_parse_command(const struct command *cmd, int argc, char **argv, struct options *opts,
                          struct cmd_args *args);
/* The same against every group of struct options (what any command may take). */
int options_parse(int argc, char **argv, struct options *opts);
/* Writes that full option list (prefer command_usage, which lists a command's own). */
void options_usage(FILE *out, const char *subcommand);
/* Fills the report, journal and credentials paths from input (SPEC §3); buf holds the
 * strings it makes. Returns 0 or CSP_E_USAGE when they do not fit. */
int options_default_paths(struct options *opts, char *buf, size_t cap);

#endif
