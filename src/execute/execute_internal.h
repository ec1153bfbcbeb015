/* Shared between execute.c (the stage's face, setup and lookups) and jobs.c (what happens to
 * one row): the executor's state. Nothing else includes this header but tests/unit/test_jobs.c. */
#ifndef CSP_EXECUTE_INTERNAL_H
#define CSP_EXECUTE_INTERNAL_H

#include <stdbool.h>

#include "execute/api_session.h"
#include "cli/config.h"
#include "execute/credentials.h"
#include "partner_center/customer_index.h"
#include "execute/check_verdicts.h"
#include "execute/execute.h"
#include "rules/normalize_row.h"
#include "http/pool.h"
#include "invites/invite_mailer.h"
#include "journal/journal.h"
#include "cli/options.h"

/* Where jobs send their calls: the call pool, or a test's scripted fake (tests/unit/test_jobs.c).
 */
struct call_port {
  void (*submit)(void *ctx, struct pool_call *call);
  void *ctx;
};

struct executor {
  const struct config *cfg;
  const struct options *opts;
  struct api_session *session;      /* borrowed */
  struct journal *journal;          /* borrowed; NULL when read_only */
  struct customer_index *customers; /* owned */
  struct pool *pool;                /* owned */
  struct call_port port;            /* the pool's submit, unless a test replaces it */
  struct credentials *credentials;  /* owned; NULL when read_only */
  struct invite_mailer *mailer;     /* owned; NULL unless invitations are emailed */
  long long run_id;
  bool read_only;           /* validate --online: checks, never a write */
  const char *invite_url;   /* fetched once; session arena */
  const char *mca_template; /* fetched on first need; session arena */
  bool mca_template_failed;
  int jobs_active;
  struct check_policy checks; /* verdicts: reused, recorded (also when read_only) */
  long long checks_reused;    /* checks answered from the journal instead of a request */
};

/* Attempts per request: --max-attempts, else limits.max_attempts. */
int execute_max_attempts(const struct executor *ex);

/* Starts the work for a row the classifier left pending (jobs.c); cctx is borrowed until the
 * row is final, facts (what the classifier knew) copied. */
void job_start(struct executor *ex, const struct classify_context *cctx,
               const struct classify_facts *facts, struct row *row, const char *identity);

#endif
