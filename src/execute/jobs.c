/* What happens to one row during a run: a small state machine per row, driven by the call
 * pool's callbacks. The jobs find facts (the domain is taken, the address is not verified)
 * and hand them to the classifier, which decides the row's fate (classify.c); a job decides
 * only what its calls' answers mean for the next call.
 *
 *   create:  [reconcile] -> domain check -> address check -> create -> [MCA attestation]
 *   invite:  the partner's invitation link goes on the row (fetched once per run)
 *
 * The reconcile step runs first when the journal has the row in flight from a crashed run,
 * and after any create whose outcome is unknown (timeout, reset, 5xx): the customer list is
 * searched for the domain, and only if it is not there is the create sent again. Together
 * with the journal's in_flight mark, committed before the create is sent, this is what makes
 * a row create at most one customer, across retries and crashes. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/clock.h"
#include "base/diag.h"
#include "base/errors.h"
#include "base/limits.h"
#include "execute/check_verdicts.h"
#include "execute/execute_internal.h"
#include "partner_center/responses.h"

enum job_step { STEP_RECONCILE, STEP_DOMAIN, STEP_ADDRESS, STEP_CREATE, STEP_ATTEST };

struct job {
  struct executor *ex;
  const struct classify_context *cctx; /* borrowed from the driver */
  struct classify_facts facts;         /* what the online checks found */
  struct row *row;
  struct pool_call call;
  enum job_step step;
  int creates_sent;
  int unreadable_searches; /* reconcile answers that could not be parsed */
  int attempts;            /* HTTP attempts over every step */
  long long started_ms;
  char identity[CSP_IDENTITY_BYTES];
  char request_id[UUID_STR_SIZE];
  char correlation_id[UUID_STR_SIZE];
  char create_request_id[UUID_STR_SIZE]; /* MS-RequestId of the last create sent */
  bool create_answered;                  /* that create got an HTTP answer */
  /* Created, but the admin password is not in the credentials file: PASSWORD_NOT_SAVED or
   * PASSWORD_NOT_RECEIVED (the created row's reason), else REASON_NONE. */
  enum row_reason password_lost;
};

static void on_call_done(struct pool_call *call, void *ctx);
static void after_domain(struct job *job);
static void after_address(struct job *job);
static void after_checks(struct job *job);

/* --- finishing a row --- */

static void stamp_outcome(struct job *job)
{
  struct row_outcome *o = &job->row->outcome;
  char now[32];
  clock_iso8601(now, sizeof(now));
  o->finished_at = arena_strdup(&job->row->arena, now);
  o->attempts = job->attempts;
  o->elapsed_ms = clock_now_ms() - job->started_ms;
  o->correlation_id = arena_strdup(&job->row->arena, job->correlation_id);
  if (job->call.request_id[0])
    o->request_id = arena_strdup(&job->row->arena, job->call.request_id);
  if (job->call.res.status)
    o->http_status = job->call.res.status;
}

static void journal_done(struct job *job)
{
  struct row *row = job->row;
  if (!job->ex->journal)
    return;
  struct journal_done d = {row->outcome.customer_id,     row->outcome.tenant_id,
                           row->outcome.invite_url,      row_status_name(row->status),
                           row_reason_name(row->reason), row->reason_text,
                           row->outcome.http_status};
  if (journal_mark_done(job->ex->journal, job->identity, &d, clock_wall_s()))
    diag_error("row %zu: the journal could not record the result", row->number);
}

static void journal_failed(struct job *job, const char *code, const char *text)
{
  struct row *row = job->row;
  if (!job->ex->journal)
    return;
  struct journal_failure f = {row->outcome.http_status,
                              code,
                              text,
                              row_status_name(row->status),
                              row_reason_name(row->reason),
                              row->reason_text};
  if (journal_mark_failed(job->ex->journal, job->identity, &f, clock_wall_s()))
    diag_error("row %zu: the journal could not record the failure", row->number);
}

static void end_job(struct job *job)
{
  http_response_release(&job->call.res);
  job->ex->jobs_active--;
}

static void finish_done(struct job *job, enum row_status status)
{
  stamp_outcome(job);
  enum row_reason reason = status == ROW_CREATED ? job->password_lost : REASON_NONE;
  row_set_outcome(job->row, status, reason,
                  reason ? "csponboard run INPUT --reset-lost-passwords resets the initial admin "
                           "password (or reset it in the Microsoft 365 admin center)"
                         : NULL);
  if (status == ROW_CREATED || status == ROW_INVITED)
    journal_done(job);
  end_job(job);
}

/* A row that failed for a reason of its own: final for this run, retried by the next. */
static void finish_failed(struct job *job, enum row_status status, enum row_reason reason,
                          const char *code, const char *text)
{
  stamp_outcome(job);
  struct row *row = job->row;
  row->outcome.api_code = code ? arena_strdup(&row->arena, code) : NULL;
  if (code)
    row_finish(row, status, reason, "%s: %s", code, text ? text : row_reason_message(reason));
  else
    row_finish(row, status, reason, "%s", text ? text : row_reason_message(reason));
  journal_failed(job, code, text);
  end_job(job);
}

/* Never sent (the run is stopping): the journal keeps the row as it was. */
static void finish_not_attempted(struct job *job, const char *why)
{
  stamp_outcome(job);
  row_finish(job->row, ROW_NOT_ATTEMPTED, REASON_RUN_ABORTED, "%s", why);
  end_job(job);
}

/* The API refused: "CODE: description" from the error body, or the HTTP status. */
static void finish_api_error(struct job *job, enum row_reason reason)
{
  struct pool_call *c = &job->call;
  struct pc_api_error err = {0};
  /* No error body (a HEAD, a proxy's page): the status says it all. */
  if (c->res.transport != HTTP_TRANSPORT_OK ||
      pc_parse_error(c->res.body, c->res.body_len, &job->row->arena, &err) != CSP_E_OK)
    err.code = err.description = NULL;
  char fallback[160];
  if (c->res.transport != HTTP_TRANSPORT_OK)
    snprintf(fallback, sizeof(fallback), "no answer from Partner Center (%s)",
             c->res.error_text ? c->res.error_text : "connection failed");
  else
    snprintf(fallback, sizeof(fallback), "HTTP %d", c->res.status);
  if (c->exhausted)
    reason = REASON_RETRIES_EXHAUSTED;
  finish_failed(job, ROW_FAILED, reason, err.code, err.description ? err.description : fallback);
}

/* --- the steps --- */

/* Hands the built request to the pool under request_id: a new logical request gets a new
 * MS-RequestId here; the pool renews it itself only when it retries after a response. */
static void submit(struct job *job, enum job_step step, int rc, bool is_write,
                   const char *request_id)
{
  job->step = step;
  snprintf(job->call.request_id, sizeof(job->call.request_id), "%s", request_id);
  job->call.renew_id = false;
  if (rc) {
    finish_failed(job, ROW_FAILED, REASON_REQUEST_TOO_LARGE, NULL, NULL);
    return;
  }
  job->call.is_write = is_write;
  job->call.done = on_call_done;
  job->call.priority = (long long)job->row->number; /* earlier rows' next steps first */
  job->call.ctx = job;
  job->ex->port.submit(job->ex->port.ctx, &job->call);
}

static struct pc_call call_context(struct job *job)
{
  struct pc_call pc;
  api_session_call(job->ex->session, &job->row->arena, job->request_id, job->correlation_id, &pc);
  return pc;
}

/* The domain check, unless checks are off or the journal holds a young verdict. */
static void start_domain_check(struct job *job)
{
  struct executor *ex = job->ex;
  if (ex->checks.mode == CHECKS_NONE) {
    after_checks(job);
    return;
  }
  if (verdict_recall_domain(&ex->checks, row_get(job->row, FIELD_DOMAIN), clock_wall_s(),
                            &job->facts)) {
    ex->checks_reused++;
    after_domain(job);
    return;
  }
  struct pc_call pc = call_context(job);
  int rc = pc_request_domain_check(&pc, row_get(job->row, FIELD_DOMAIN), &job->call.req);
  submit(job, STEP_DOMAIN, rc, false, pc.request_id);
}

/* The address validation, unless the journal holds a young verdict on the same address (the
 * request's body is the address as sent). */
static void start_address_check(struct job *job)
{
  struct pc_call pc = call_context(job);
  int rc = pc_request_validate_address(&pc, job->row, &job->call.req);
  if (!rc && verdict_recall_address(&job->ex->checks, job->call.req.body, clock_wall_s(),
                                    &job->row->arena, &job->facts)) {
    job->ex->checks_reused++;
    after_address(job);
    return;
  }
  submit(job, STEP_ADDRESS, rc, false, pc.request_id);
}

static void start_reconcile(struct job *job)
{
  struct pc_call pc = call_context(job);
  const char *domain = pc_onmicrosoft_domain(&job->row->arena, row_get(job->row, FIELD_DOMAIN));
  int rc = domain ? pc_request_customers_filter(&pc, PC_FILTER_DOMAIN, domain, 50, &job->call.req)
                  : CSP_E_LIMIT;
  submit(job, STEP_RECONCILE, rc, false, pc.request_id);
}

static void start_create(struct job *job)
{
  struct executor *ex = job->ex;
  if (job->creates_sent >= execute_max_attempts(ex)) {
    finish_failed(job, ROW_FAILED, REASON_RETRIES_EXHAUSTED, NULL,
                  "the create's outcome stayed unknown and the customer was not found; the "
                  "next run checks again before sending");
    return;
  }
  struct pc_call pc = call_context(job);
  /* Keep the idempotency key of a create that got no answer (partner-center.md). */
  if (job->create_request_id[0] && !job->create_answered)
    pc.request_id = job->create_request_id;
  struct pc_create_options opt = {ex->cfg->create.enable_gdap_by_default,
                                  ex->cfg->partner.type == PARTNER_INDIRECT_PROVIDER};
  int rc = pc_request_create_customer(&pc, job->row, &opt, &job->call.req);
  if (!rc && ex->journal &&
      journal_mark_in_flight(ex->journal, job->identity, pc.request_id, job->correlation_id,
                             job->attempts + 1, clock_wall_s())) {
    finish_failed(job, ROW_FAILED, REASON_JOURNAL_FAILED, NULL,
                  "the journal could not record the create before sending it; not sent");
    return;
  }
  job->creates_sent++;
  if (pc.request_id != job->create_request_id) /* never copied onto itself (that empties it) */
    snprintf(job->create_request_id, sizeof(job->create_request_id), "%s", pc.request_id);
  submit(job, STEP_CREATE, rc, true, job->create_request_id);
}

static bool wants_attestation(const struct job *job)
{
  return job->ex->cfg->create.attest_mca || job->ex->opts->attest_mca ||
         *row_get(job->row, FIELD_MCA_ACCEPTED_AT);
}

static void start_attestation(struct job *job)
{
  struct executor *ex = job->ex;
  if (!ex->mca_template) {
    row_add_violation(job->row, FIELD_MCA_ACCEPTED_AT, VIOLATION_ATTESTATION_FAILED, true,
                      "the customer was created, but the Microsoft Customer Agreement could not "
                      "be recorded: no agreement template (record it in Partner Center)");
    finish_done(job, ROW_CREATED);
    return;
  }
  struct pc_call pc = call_context(job);
  int rc = pc_request_attest_mca(&pc, job->row, job->row->outcome.customer_id, ex->mca_template,
                                 clock_wall_s(), &job->call.req);
  submit(job, STEP_ATTEST, rc, false, pc.request_id);
}

static void after_created(struct job *job)
{
  if (wants_attestation(job))
    start_attestation(job);
  else
    finish_done(job, ROW_CREATED);
}

/* --- the answers --- */

/* Hands what the checks found so far to the classifier; true when it decided the row's fate
 * (the job is then over: the journal keeps the verdict, and the next run asks again). */
static bool decided_online(struct job *job)
{
  struct classify_context ctx = *job->cctx;
  ctx.dry_run = false; /* a row that survives goes on to its next call */
  if (classify_row(&ctx, &job->facts, job->row) == ROW_PENDING)
    return false;
  stamp_outcome(job);
  journal_failed(job, NULL, job->row->reason_text);
  end_job(job);
  return true;
}

static void on_domain(struct job *job)
{
  enum pc_domain_state state = job->call.res.transport == HTTP_TRANSPORT_OK
                                   ? pc_domain_state_from_status(job->call.res.status)
                                   : PC_DOMAIN_UNKNOWN;
  if (state == PC_DOMAIN_UNKNOWN) {
    finish_api_error(job, REASON_API_ERROR);
    return;
  }
  job->facts.domain_taken = state != PC_DOMAIN_FREE;
  verdict_keep_domain(&job->ex->checks, row_get(job->row, FIELD_DOMAIN), job->facts.domain_taken,
                      clock_wall_s());
  after_domain(job);
}

static void after_domain(struct job *job)
{
  if (!decided_online(job))
    start_address_check(job);
}

/* The address validation's answer as facts for the classifier. */
static void read_address_verdict(struct job *job)
{
  struct pool_call *c = &job->call;
  struct pc_address_check check = {0};
  struct classify_facts *f = &job->facts;
  if (c->verdict != VERDICT_OK ||
      pc_parse_address_check(c->res.body, c->res.body_len, &job->row->arena, &check)) {
    f->address = ADDRESS_CHECK_FAILED;
    f->address_http_status = c->res.status;
    return;
  }
  f->address = check.verified ? ADDRESS_VERIFIED : ADDRESS_NOT_VERIFIED;
  f->address_status = check.status;
  f->suggested_address = check.suggested;
}

static void on_address(struct job *job)
{
  read_address_verdict(job);
  verdict_keep_address(&job->ex->checks, job->call.req.body, &job->facts, clock_wall_s());
  after_address(job);
}

static void after_address(struct job *job)
{
  if (!decided_online(job))
    after_checks(job);
}

/* Checked (or not to be checked): the create, or in validate --online what it would be. */
static void after_checks(struct job *job)
{
  if (job->ex->read_only)
    finish_done(job, ROW_WOULD_CREATE);
  else
    start_create(job);
}

static void take_customer(struct job *job, const char *customer_id, const char *tenant_id)
{
  struct row *row = job->row;
  row->outcome.customer_id = arena_strdup(&row->arena, customer_id);
  row->outcome.tenant_id = arena_strdup(&row->arena, tenant_id ? tenant_id : customer_id);
}

static void on_created(struct job *job)
{
  struct pool_call *c = &job->call;
  snprintf(job->create_request_id, sizeof(job->create_request_id), "%s", c->request_id);
  job->create_answered = c->res.transport == HTTP_TRANSPORT_OK;
  if (c->verdict == VERDICT_UNKNOWN_OUTCOME) {
    start_reconcile(job);
    return;
  }
  if (c->verdict != VERDICT_OK && c->res.status == 409) {
    job->facts.domain_taken = true; /* someone else's: ours would have been reconciled */
    if (decided_online(job))
      return;
  }
  if (c->verdict != VERDICT_OK) {
    finish_api_error(job, REASON_API_ERROR);
    return;
  }
  struct pc_created_customer created;
  if (pc_parse_created_customer(c->res.body, c->res.body_len, &job->row->arena, &created)) {
    start_reconcile(job);
    return;
  } /* created, but the answer is unreadable: look it up */
  take_customer(job, created.customer_id, created.tenant_id);
  if (created.admin_password) {
    int rc = credentials_add(job->ex->credentials, job->row->number,
                             created.domain ? created.domain : "", created.customer_id,
                             created.admin_user, created.admin_password);
    explicit_bzero((char *)created.admin_password, strlen(created.admin_password));
    if (rc)
      job->password_lost = REASON_PASSWORD_NOT_SAVED;
  }
  explicit_bzero(c->res.body, c->res.body_len);
  after_created(job);
}

struct reconcile_match {
  const char *domain;
  struct job *job;
  bool found;
};

static int match_customer(void *ctx, const struct pc_customer *customer)
{
  struct reconcile_match *m = ctx;
  if (strcasecmp(customer->domain, m->domain) != 0)
    return 0;
  take_customer(m->job, customer->id, customer->tenant_id);
  m->found = true;
  return 1;
}

static void reconcile_failed(struct job *job)
{
  stamp_outcome(job);
  row_finish(job->row, ROW_FAILED, REASON_API_ERROR,
             "the create's outcome is unknown and the customer list could not be searched "
             "(HTTP %d); the next run checks again before sending",
             job->call.res.status);
  end_job(job); /* the journal keeps the row in flight, so the next run reconciles */
}

static void on_reconciled(struct job *job)
{
  struct pool_call *c = &job->call;
  if (c->verdict != VERDICT_OK) {
    reconcile_failed(job);
    return;
  }
  struct reconcile_match m = {
      pc_onmicrosoft_domain(&job->row->arena, row_get(job->row, FIELD_DOMAIN)), job, false};
  struct pc_link next;
  int rc = pc_parse_customer_page(c->res.body, c->res.body_len, match_customer, &m,
                                  &job->row->arena, &next);
  /* An unreadable page is no proof that the customer is absent: creating again could fail
   * as "domain taken" for our own customer. Search again instead. */
  if (!m.found && rc != CSP_E_OK) {
    if (++job->unreadable_searches < execute_max_attempts(job->ex))
      start_reconcile(job);
    else
      reconcile_failed(job);
    return;
  }
  if (!m.found) {
    start_create(job);
    return;
  }
  job->password_lost = REASON_PASSWORD_NOT_RECEIVED;
  after_created(job);
}

static void on_attested(struct job *job)
{
  if (job->call.verdict != VERDICT_OK)
    row_add_violation(job->row, FIELD_MCA_ACCEPTED_AT, VIOLATION_ATTESTATION_FAILED, true,
                      "the customer was created, but recording the Microsoft Customer "
                      "Agreement failed (HTTP %d); record it in Partner Center",
                      job->call.res.status);
  finish_done(job, ROW_CREATED);
}

static void on_call_done(struct pool_call *call, void *ctx)
{
  struct job *job = ctx;
  bool tried = call->attempts > 0;
  job->attempts += call->attempts;
  call->attempts = 0;
  if (call->cancelled) {
    finish_not_attempted(job, tried ? "the run stopped while this row's request waited for a "
                                      "retry; the next run checks it again"
                                    : "the run stopped before this row's request was sent");
    return;
  }
  if (call->verdict == VERDICT_FATAL_AUTH || call->verdict == VERDICT_FATAL_FORBIDDEN) {
    finish_api_error(job, REASON_API_ERROR);
    return;
  }
  switch (job->step) {
  case STEP_RECONCILE:
    on_reconciled(job);
    return;
  case STEP_DOMAIN:
    on_domain(job);
    return;
  case STEP_ADDRESS:
    on_address(job);
    return;
  case STEP_CREATE:
    on_created(job);
    return;
  case STEP_ATTEST:
    on_attested(job);
    return;
  }
}

/* --- entry --- */

/* The link is valid whatever happens to the email, so the journal marks the invite done either
 * way; mail_sent_at, set only once the SMTP server took the message, is what tells the next
 * run with --send-invites to send again. The row is `failed` (exit 1) so that nobody takes an
 * unsent invitation for a sent one; its invite_url stays in the report for sending by hand. */
static void send_invitation(struct job *job)
{
  struct executor *ex = job->ex;
  struct row *row = job->row;
  char why[512];
  if (invite_mailer_send(ex->mailer, row, ex->invite_url, clock_wall_s(), why, sizeof(why))) {
    stamp_outcome(job);
    row_finish(row, ROW_FAILED, REASON_INVITE_MAIL_FAILED,
               "the invitation email to %s could not be sent: %s",
               *row_get(row, FIELD_EMAIL) ? row_get(row, FIELD_EMAIL) : "the contact", why);
    journal_done(job);
    end_job(job);
    return;
  }
  if (ex->journal && journal_mark_mailed(ex->journal, job->identity, clock_wall_s()))
    diag_error("row %zu: the journal could not record the sent invitation", row->number);
  finish_done(job, ROW_INVITED);
}

static void start_invite(struct job *job)
{
  struct executor *ex = job->ex;
  if (ex->read_only) {
    finish_done(job, ROW_WOULD_INVITE);
    return;
  }
  job->row->outcome.invite_url = ex->invite_url;
  if (ex->mailer)
    send_invitation(job);
  else
    finish_done(job, ROW_INVITED);
}

void job_start(struct executor *ex, const struct classify_context *cctx,
               const struct classify_facts *facts, struct row *row, const char *identity)
{
  struct job *job = arena_alloc(&row->arena, sizeof(*job));
  if (!job) {
    row_finish(row, ROW_FAILED, REASON_REQUEST_TOO_LARGE, "%s", "the row is too large to execute");
    return;
  }
  memset(job, 0, sizeof(*job));
  job->ex = ex;
  job->cctx = cctx;
  job->facts = *facts;
  job->row = row;
  job->started_ms = clock_now_ms();
  snprintf(job->identity, sizeof(job->identity), "%s", identity);
  http_response_init(&job->call.res);
  ex->jobs_active++;
  enum journal_state state = JOURNAL_PLANNED;
  if (ex->journal &&
      journal_plan(ex->journal, identity, (long long)row->number, row_action_name(row->action),
                   row_get(row, FIELD_DOMAIN), ex->run_id, clock_wall_s(), &state)) {
    finish_failed(job, ROW_FAILED, REASON_JOURNAL_FAILED, NULL, NULL);
    return;
  }
  if (row->action == ACTION_INVITE) {
    start_invite(job);
    return;
  }
  if (state == JOURNAL_IN_FLIGHT) {
    start_reconcile(job);
    return;
  } /* a crashed run may have created it */
  start_domain_check(job);
}
