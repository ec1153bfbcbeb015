/* The summary page of run and validate, and what `csponboard summary` shares with them: the
 * page's default path beside a report, and a run's record read back from its journal. */
#ifndef CSP_CLI_PAGE_H
#define CSP_CLI_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/cli_internal.h"
#include "journal/run_record.h"

/* Gives sum a summary model to count rows into, unless --no-html. Returns 0 or CSP_E_NOMEM. */
int cli_page_begin(struct session *s, struct summary *sum);
/* Records the run's settings and requests in its journal (run only; before end_execution,
 * which records its end). A journal error is logged and otherwise ignored: the rows are
 * safe, only the page of a later `summary` loses these details. */
void cli_page_record(const struct session *s, const struct execution *x, const struct summary *sum);
/* Writes the page beside the report when the run wrote its report, and frees the model.
 * Returns the exit code: code, or CLI_EXIT_USAGE when the page could not be written and code
 * was 0. */
int cli_page_finish(const struct session *s, struct summary *sum, int code);

/* A file beside the report: REPORT without .csv, + suffix (".html"), into out (cap bytes).
 * False when it does not fit. */
bool cli_page_beside_report(const char *report, const char *suffix, char *out, size_t cap);
/* The page a run or validate writes: --html's path, else beside the report; into out (cap
 * bytes). False with --no-html (or when the path does not fit). */
bool cli_page_path(const struct options *opts, char *out, size_t cap);
/* Fills r from the journal at journal_path (read only): the latest run that wrote report, and
 * the journal's invitation counts. Returns 0, or CSP_E_NOT_FOUND when the journal has no run
 * of that report (the invitation counts are still filled), or the journal's error. */
int cli_page_load_run(const char *journal_path, const char *report, struct run_record *r);

/* What an exit code of run or validate means, in a few words ("" for an unknown code). */
const char *cli_exit_meaning(int code);

#endif
