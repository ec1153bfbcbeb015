/* The run's tally: rows per status and action, duration, throughput and throttling, printed
 * for humans on stderr and, with --summary-json, as JSON for cron wrappers (SPEC §9). */
#ifndef CSP_SUMMARY_H
#define CSP_SUMMARY_H

#include <stdio.h>

#include "base/request_timeline.h"
#include "pipeline/row.h"

struct summary_model;

struct summary {
  long long by_status[ROW_STATUS_COUNT];
  long long by_action[3][ROW_STATUS_COUNT]; /* [row_action][status] */
  long long rows;
  long long started_ms, finished_ms;
  long long requests;  /* HTTP requests sent */
  long long throttled; /* 429 answers */
  long long retries;
  long long throttle_wait_ms; /* time spent waiting for the rate limiter */
  long long checks_reused;    /* domain checks and address validations the journal answered */
  long long passwords_lost;   /* created rows whose admin password is not in the credentials */
  const char *mode;           /* "run" or "validate" */
  const char *report_path;
  const char *page_path; /* the summary page (HTML) to be written, or NULL */
  int exit_code;
  const char *stopped_because;      /* NULL, or why the run stopped early */
  struct request_timeline timeline; /* requests, 429s and retries over time */
  struct summary_model *model;      /* the summary page's counts, or NULL; borrowed */
};

void summary_init(struct summary *s, const char *mode, long long now_ms);
/* Counts one finished row (in the model too, when there is one). */
void summary_add(struct summary *s, const struct row *row);
/* True when at least one row is invalid, rejected, failed or not attempted. */
int summary_has_problems(const struct summary *s);
void summary_print(const struct summary *s, FILE *out);
/* The end summary on the log: summary_print's lines, or with --log-format json one JSON line
 * (code "summary") holding summary_write_json's object. Nothing when info lines are off. */
void summary_log(const struct summary *s);
void summary_write_json(const struct summary *s, FILE *out);
/* summary_write_json into path through a temp file and rename. Returns 0 or CSP_E_IO. */
int summary_save_json(const struct summary *s, const char *path);

#endif
