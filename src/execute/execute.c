/* The execute stage's face (execute.h): what a run reads once before the first row, the
 * lookups the classifier needs, and handing rows to the jobs and the call pool. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "execute/api_reads.h"
#include "base/clock.h"
#include "base/diag.h"
#include "base/errors.h"
#include "base/limits.h"
#include "execute/execute_internal.h"
#include "http/ratelimit.h"
#include "partner_center/clouds.h"
#include "partner_center/responses.h"
#include "report/summary.h"

/* --- the run's one-time reads --- */

static int load_customers(struct executor *ex)
{
  int rc = api_read_customers(ex->session, &ex->customers);
  if (!rc)
    diag_info("%zu existing customers indexed", customer_index_count(ex->customers));
  return rc;
}

static int session_refresh(void *ctx, const char **authorization)
{
  struct api_session *s = ctx;
  int rc = api_session_refresh(s);
  *authorization = s->authorization;
  return rc;
}

int execute_max_attempts(const struct executor *ex)
{
  return ex->opts->max_attempts ? ex->opts->max_attempts : ex->cfg->limits.max_attempts;
}

static void submit_to_pool(void *ctx, struct pool_call *call)
{
  pool_submit(ctx, call);
}

static int open_pool(struct executor *ex)
{
  double rate = 0;
  const char *rate_text = ex->opts->rate ? ex->opts->rate : ex->cfg->limits.rate;
  if (ratelimit_parse_rate(rate_text, &rate)) {
    diag_error("the rate '%s' is not N/s, N/min or N", rate_text);
    return CSP_E_CONFIG;
  }
  struct pool_options po = {
      .concurrency = ex->opts->concurrency ? ex->opts->concurrency : ex->cfg->limits.concurrency,
      .rate_per_s = rate,
      .burst = ex->cfg->limits.burst,
      .max_attempts = execute_max_attempts(ex),
      .timeout_s = ex->cfg->limits.timeout_s,
      .proxy = ex->cfg->api.proxy,
      .authorization = ex->session->authorization,
      .refresh = session_refresh,
      .refresh_ctx = ex->session,
      .seed = (uint64_t)clock_now_ms(),
      .error_code = pc_error_code,
  };
  int rc = pool_open(&po, &ex->pool);
  ex->port = (struct call_port){submit_to_pool, ex->pool};
  return rc;
}

static int read_run_context(struct executor *ex)
{
  int rc = load_customers(ex);
  if (rc || ex->read_only)
    return rc;
  rc = api_read_shared(ex->session, "fetching the invitation link", pc_request_relationship_link,
                       pc_parse_relationship_link, &ex->invite_url);
  if (rc)
    return rc;
  const struct cloud *cloud = cloud_find(ex->cfg->api.cloud);
  if (cloud && !cloud->offers_mca)
    diag_warn("%s does not offer Microsoft Customer Agreement attestation: mca_accepted_at is "
              "not sent",
              cloud->label);
  else if (api_read_shared(ex->session, "fetching the MCA template", pc_request_agreement_templates,
                           pc_parse_agreement_template, &ex->mca_template))
    diag_warn("no Microsoft Customer Agreement template: attestations will be skipped");
  return credentials_open(ex->opts->credentials_path, &ex->credentials);
}

/* --checks (or checks.mode) and checks.max_age_hours; the journal keeps the verdicts. */
static int set_check_policy(struct executor *ex, struct journal *journal)
{
  enum check_mode mode = ex->cfg->checks.mode;
  if (ex->opts->checks && !check_mode_parse(ex->opts->checks, &mode))
    return CSP_E_USAGE; /* options_parse refused it already */
  ex->checks = (struct check_policy){journal, mode, ex->cfg->checks.max_age_hours * 3600LL};
  if (mode == CHECKS_NONE)
    diag_warn("checks are off (--checks none): creates are sent without a domain check or an "
              "address validation. A taken domain then fails at the create, and a customer "
              "created with an address Partner Center cannot verify cannot be deleted");
  return CSP_E_OK;
}

/* With --send-invites or invites.send, checks the mail settings before anything is read or
 * sent (a wrong one is a configuration error, exit 2). */
static int open_mailer(struct executor *ex)
{
  if (ex->read_only || !(ex->opts->send_invites || ex->cfg->invites.send))
    return CSP_E_OK;
  return invite_mailer_open(ex->cfg, ex->opts->config_path, &ex->mailer);
}

int execute_open(const struct execute_setup *setup, struct executor **out)
{
  *out = NULL;
  struct executor *ex = calloc(1, sizeof(*ex));
  if (!ex)
    return CSP_E_NOMEM;
  ex->cfg = setup->cfg;
  ex->opts = setup->opts;
  ex->session = setup->session;
  ex->journal = setup->read_only ? NULL : setup->journal;
  ex->run_id = setup->run_id;
  ex->read_only = setup->read_only;
  int rc = set_check_policy(ex, setup->journal);
  if (!rc)
    rc = open_mailer(ex);
  if (!rc)
    rc = read_run_context(ex);
  if (!rc)
    rc = open_pool(ex);
  if (rc) {
    execute_close(ex);
    return rc;
  }
  *out = ex;
  return CSP_E_OK;
}

void execute_close(struct executor *ex)
{
  if (!ex)
    return;
  pool_close(ex->pool);
  invite_mailer_close(ex->mailer);
  credentials_close(ex->credentials);
  customer_index_close(ex->customers);
  free(ex);
}

/* --- the stage --- */

static void copy_earlier(struct row *row, const struct journal_entry *e)
{
  struct row_outcome *o = &row->outcome;
  if (e->customer_id)
    o->customer_id = arena_strdup(&row->arena, e->customer_id);
  if (e->tenant_id)
    o->tenant_id = arena_strdup(&row->arena, e->tenant_id);
  if (e->invite_url)
    o->invite_url = arena_strdup(&row->arena, e->invite_url);
}

/* The journal's reason of a row created without its admin password, or REASON_NONE. */
static enum row_reason lost_password_reason(const char *reason_code)
{
  if (!reason_code)
    return REASON_NONE;
  if (!strcmp(reason_code, row_reason_name(REASON_PASSWORD_NOT_RECEIVED)))
    return REASON_PASSWORD_NOT_RECEIVED;
  if (!strcmp(reason_code, row_reason_name(REASON_PASSWORD_NOT_SAVED)))
    return REASON_PASSWORD_NOT_SAVED;
  return REASON_NONE;
}

/* An invite done without its email (run without --send-invites, or the mail failed) is not
 * done for a run that sends: it runs again, and only the email goes out. */
static bool mail_owed(const struct executor *ex, const struct journal_entry *e)
{
  return ex->mailer && !e->mail_sent_at && e->action && !strcmp(e->action, "invite");
}

/* What the journal knows of identity: a row done in an earlier run (its outcome copied into
 * row) — unless, for a run (ex), an invitation email is still owed. Returns whether the
 * journal holds the row in flight. */
static bool journal_facts(struct journal *j, const struct executor *ex, const char *identity,
                          struct row *row, struct classify_facts *facts)
{
  struct journal_entry e;
  if (!j || journal_lookup(j, identity, &e))
    return false;
  if (e.state == JOURNAL_DONE && !(ex && mail_owed(ex, &e))) {
    facts->done_before = true;
    facts->password_lost = lost_password_reason(e.reason_code);
    copy_earlier(row, &e);
  }
  bool in_flight = e.state == JOURNAL_IN_FLIGHT;
  journal_entry_release(&e);
  return in_flight;
}

void execute_journal_lookup(struct journal *j, const char *identity, struct row *row,
                            struct classify_facts *facts)
{
  (void)journal_facts(j, NULL, identity, row, facts);
}

void execute_lookup(struct executor *ex, const char *identity, struct row *row,
                    struct classify_facts *facts)
{
  bool in_flight = journal_facts(ex->journal, ex, identity, row, facts);
  /* A row left in flight by a crashed run is most likely in the list because of our own
   * create: the job reconciles it (created, journal done) instead of calling it someone
   * else's customer. */
  const char *customer = customer_index_find(ex->customers, identity);
  if (customer && !facts->done_before && !in_flight) {
    facts->already_customer = true;
    row->outcome.customer_id = arena_strdup(&row->arena, customer);
  }
}

void execute_submit(struct executor *ex, const struct classify_context *cctx,
                    const struct classify_facts *facts, struct row *row)
{
  char identity[CSP_IDENTITY_BYTES];
  if (!row_identity(row, identity, sizeof(identity))) {
    row_finish(row, ROW_INVALID, REASON_VALIDATION, "%s", "the row has no domain or tenant_id");
    return;
  }
  job_start(ex, cctx, facts, row, identity);
}

bool execute_busy(const struct executor *ex)
{
  return ex->jobs_active > 0;
}

int execute_poll(struct executor *ex, bool stopping, int max_wait_ms)
{
  if (stopping)
    pool_cancel_queued(ex->pool);
  /* Only a new token is news to the pool: it counts token generations to tell a 401 on an
   * old token (retry with the new one) from one that needs a refresh. */
  bool refreshed = false;
  if (api_session_keep_fresh(ex->session, &refreshed) == CSP_E_OK && refreshed)
    pool_set_authorization(ex->pool, ex->session->authorization);
  return pool_run(ex->pool, max_wait_ms);
}

double execute_rate_per_s(const struct executor *ex)
{
  struct pool_stats st;
  pool_stats(ex->pool, &st);
  return st.rate_per_s;
}

void execute_stats(const struct executor *ex, struct summary *sum)
{
  struct pool_stats st;
  pool_stats(ex->pool, &st);
  sum->requests = st.requests;
  sum->throttled = st.throttled;
  sum->retries = st.retries;
  sum->throttle_wait_ms = st.throttle_wait_ms;
  sum->checks_reused = ex->checks_reused;
  sum->timeline = *pool_timeline(ex->pool);
}
