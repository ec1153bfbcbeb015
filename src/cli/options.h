/* Command-line options of run / validate / invites (SPEC §3) as one struct, parsed through
 * an option table that also prints the usage text. */
#ifndef CSP_OPTIONS_H
#define CSP_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

enum only_action { ONLY_ALL, ONLY_CREATE, ONLY_INVITE };
enum progress_mode { PROGRESS_AUTO, PROGRESS_ON, PROGRESS_OFF };

struct options {
  const char *input;            /* the positional INPUT (NULL when none) */
  const char *config_path;      /* default ./csponboard.yaml */
  const char *report_path;      /* default: INPUT without extension + .report.csv */
  const char *journal_path;     /* default: report without .csv + .journal.sqlite */
  const char *credentials_path; /* always: report without .csv + .credentials.csv */
  const char *rules_dir;        /* default: schemas */
  const char *out_dir;          /* rules sync: where market files go; default schemas.synced */
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
  bool attest_mca;
  bool send_invites;
  bool quiet;
  bool json_logs;
  bool help;
  enum progress_mode progress;
  enum only_action only;
  int concurrency;      /* 0: from config */
  const char *rate;     /* NULL: from config */
  int max_attempts;     /* 0: from config */
  long long limit;      /* 0: no limit */
  long long max_errors; /* 0: no limit */
};

/* Parses argv (argv[0] is the subcommand). Returns 0 or CSP_E_USAGE (message logged). The
 * strings point into argv. */
int options_parse(int argc, char **argv, struct options *opts);
/* Writes the option list for a subcommand's --help. */
void options_usage(FILE *out, const char *subcommand);
/* Fills the report, journal and credentials paths from input (SPEC §3); buf holds the
 * strings it makes. Returns 0 or CSP_E_USAGE when they do not fit. */
int options_default_paths(struct options *opts, char *buf, size_t cap);

#endif
