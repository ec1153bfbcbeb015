/* What the summary page shows, aggregated from a report's rows in one pass with bounded
 * memory: rows per status (and per action), per market, and per reason code, with the first
 * rows of each reason kept as examples. Fed either from a report file read back
 * (summary_report.c) or from the rows of a run as they are reported (summary_model_add_row),
 * with the same result: both go through summary_model_add.
 *
 * A reason key is a report reason_code ("duplicate", "domain_taken") or, for a row that broke
 * the market's rules, each "field:code" pair of its reason_code cell (a row counts once under
 * each of its pairs). Up to CSP_SUMMARY_MAX_REASONS distinct keys are kept; rows of any
 * further key count under "other". */
#ifndef CSP_SUMMARY_MODEL_H
#define CSP_SUMMARY_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/errors.h"
#include "base/strmap.h"
#include "base/limits.h"
#include "pipeline/row.h"

#define SUMMARY_KEY_BYTES 64
#define SUMMARY_OTHER_MARKET (CSP_SUMMARY_MARKETS - 1) /* no country, or not two letters */
#define SUMMARY_OTHER_REASON "other"

/* One report row as the model needs it. Every string is borrowed for the call; NULL is "". */
struct summary_record {
  long long row; /* the report's row number */
  enum row_status status;
  enum row_action action;
  const char *market;       /* the row's country, normalised (upper case, UK as GB) */
  const char *company;      /* company_name, trimmed */
  const char *reason_codes; /* the report's reason_code cell */
  const char *message;      /* the report's reason cell */
  long long attempts;       /* the report's attempts cell */
};

/* One row kept as an example of a reason; strings owned by the model, cut to the caps of
 * limits.h on a UTF-8 character boundary. */
struct summary_sample {
  long long row;
  char *company;
  char *message;
};

struct summary_reason {
  char key[SUMMARY_KEY_BYTES];
  long long rows;
  long long by_status[ROW_STATUS_COUNT];
  size_t nsamples;
  struct summary_sample samples[CSP_SUMMARY_SAMPLE_ROWS];
};

struct summary_model {
  long long rows;
  long long attempts; /* sum of the attempts cells */
  long long by_status[ROW_STATUS_COUNT];
  long long by_action[3][ROW_STATUS_COUNT]; /* [row_action][status] */
  long long (*by_market)[ROW_STATUS_COUNT]; /* [CSP_SUMMARY_MARKETS]; index: summary_market */
  size_t nreasons;                          /* reasons[0, nreasons), in order of first sight */
  struct summary_reason *reasons;           /* [CSP_SUMMARY_MAX_REASONS + 1]: room for other */
  struct strmap index;                      /* reason key -> its entry of reasons */
  struct summary_reason *by_reason[REASON_COUNT]; /* summary_model_add_row's lookups */
};

/* Allocates an empty model. Returns NULL when memory is out. */
struct summary_model *summary_model_open(void);
/* summary_model_close(NULL) does nothing. */
void summary_model_close(struct summary_model *m);

/* Counts one row. Returns 0 or CSP_E_NOMEM (an example row could not be copied; the counts
 * are complete). */
int summary_model_add(struct summary_model *m, const struct summary_record *rec);
/* Counts a finished row of a run (its reason cells composed as the report writes them). */
int summary_model_add_row(struct summary_model *m, const struct row *row);

/* The market index of a country: AA..ZZ, or SUMMARY_OTHER_MARKET. */
int summary_market(const char *country);
/* The country of a market index ("" for SUMMARY_OTHER_MARKET); out holds 3 bytes. */
void summary_market_name(int index, char out[3]);

/* The reasons sorted by rows (most first, then by key; "other" last), as an array of *count
 * indexes into m->reasons that the caller frees; NULL when memory is out. */
size_t *summary_model_ranked_reasons(const struct summary_model *m, size_t *count);
/* Rows whose status is invalid, rejected, failed or not_attempted. */
long long summary_model_problems(const struct summary_model *m);

#endif
