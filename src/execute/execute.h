/* The execute stage's face towards the driver: look up what earlier runs and the partner's
 * customer list know about a row, hand a row over for execution, and let execution progress.
 * Behind it: the journal, the online checks, the Partner Center jobs and the HTTP executor. */
#ifndef CSP_EXECUTE_H
#define CSP_EXECUTE_H

#include <stdbool.h>

#include "classify/classify.h"
#include "pipeline/row.h"

struct executor;
struct api_session;
struct config;
struct journal;
struct options;
struct summary;

struct execute_setup {
  const struct config *cfg;
  const struct options *opts;
  struct api_session *session; /* signed in; borrowed for the executor's life */
  struct journal *journal;     /* rows and check verdicts (read_only: verdicts only); may be NULL */
  long long run_id;
  bool read_only; /* validate --online: domain and address checks, no writes */
};

/* Reads what the whole run needs once (the partner's customer list into a local index, the
 * invitation link, the MCA template) and sets up the call pool. Returns 0, or CSP_E_AUTH /
 * CSP_E_FORBIDDEN / CSP_E_UNREACHABLE / CSP_E_IO before any row is sent. */
int execute_open(const struct execute_setup *setup, struct executor **out);
/* Frees the executor; rows still in flight are abandoned. NULL does nothing. */
void execute_close(struct executor *ex);
/* True while rows are being executed. */
bool execute_busy(const struct executor *ex);
/* The request budget now (the rate limiter's, after any 429 slowed it), requests/s. */
double execute_rate_per_s(const struct executor *ex);
/* Adds request, throttling and retry counts to the summary. */
void execute_stats(const struct executor *ex, struct summary *sum);

/* Fills facts->done_before (copying the earlier outcome into row) and
 * facts->already_customer (with the customer id) for a row with this identity. */
void execute_lookup(struct executor *ex, const char *identity, struct row *row,
                    struct classify_facts *facts);
/* The journal's part of execute_lookup, for a dry run that reads an earlier run's journal
 * (validate): facts->done_before, with the earlier outcome copied into row. j may be NULL. */
void execute_journal_lookup(struct journal *j, const char *identity, struct row *row,
                            struct classify_facts *facts);
/* Takes row (borrowed until its status is no longer ROW_PENDING) for execution. What the
 * online checks find goes to the classifier with cctx (borrowed as long) and the row's
 * offline facts (copied). */
void execute_submit(struct executor *ex, const struct classify_context *cctx,
                    const struct classify_facts *facts, struct row *row);
/* Runs transfers for at most max_wait_ms and finishes rows whose work is done. With
 * stopping, queued rows that have not started are finished as not_attempted. Returns 0, or the
 * fatal error that must stop the run (CSP_E_AUTH, CSP_E_FORBIDDEN, CSP_E_UNREACHABLE). */
int execute_poll(struct executor *ex, bool stopping, int max_wait_ms);

#endif
