/* What happens to one row during a run: a small state machine per row, driven by the call
 * pool's callbacks.
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
#include "execute/execute_internal.h"
#include "partner_center/responses.h"

enum job_step { STEP_RECONCILE, STEP_DOMAIN, STEP_ADDRESS, STEP_CREATE, STEP_ATTEST };

struct job {
  struct executor *ex;
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
};

static void on_call_done(struct pool_call *call, void *ctx);

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
  row_set_outcome(job->row, status, REASON_NONE, NULL);
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
    finish_failed(job, ROW_FAILED, REASON_API_ERROR, NULL,
                  "the request could not be built (a value is too large)");
    return;
  }
  job->call.is_write = is_write;
  job->call.done = on_call_done;
  job->call.ctx = job;
  pool_submit(job->ex->pool, &job->call);
}

static struct pc_call call_context(struct job *job)
{
  struct pc_call pc;
  api_session_call(job->ex->session, &job->row->arena, job->request_id, job->correlation_id, &pc);
  return pc;
}

static void start_domain_check(struct job *job)
{
  struct pc_call pc = call_context(job);
  int rc = pc_request_domain_check(&pc, row_get(job->row, FIELD_DOMAIN), &job->call.req);
  submit(job, STEP_DOMAIN, rc, false, pc.request_id);
}

static void start_address_check(struct job *job)
{
  struct pc_call pc = call_context(job);
  int rc = pc_request_validate_address(&pc, job->row, &job->call.req);
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
    finish_failed(job, ROW_FAILED, REASON_API_ERROR, NULL,
                  "the journal could not record the create before sending it; not sent");
    return;
  }
  job->creates_sent++;
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
    row_add_violation(job->row, FIELD_MCA_ACCEPTED_AT, VIOLATION_FORMAT, true,
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

static void on_domain(struct job *job)
{
  enum pc_domain_state state = job->call.res.transport == HTTP_TRANSPORT_OK
                                   ? pc_domain_state_from_status(job->call.res.status)
                                   : PC_DOMAIN_UNKNOWN;
  if (state == PC_DOMAIN_FREE) {
    start_address_check(job);
    return;
  }
  if (state == PC_DOMAIN_UNKNOWN) {
    finish_api_error(job, REASON_API_ERROR);
    return;
  }
  struct row *row = job->row;
  stamp_outcome(job);
  row_finish(row, ROW_INVALID, REASON_DOMAIN_TAKEN,
             "%s.onmicrosoft.com is taken; if the customer already owns that tenant, give "
             "tenant_id or action invite",
             row_get(row, FIELD_DOMAIN));
  journal_failed(job, NULL, row->reason_text);
  end_job(job);
}

static void note_address(struct job *job, const struct pc_address_check *check)
{
  struct row *row = job->row;
  if (check->suggested)
    row->outcome.suggested_address = check->suggested;
  bool strict = job->ex->opts->strict_address;
  row_add_violation(row, FIELD_ADDRESS_LINE1, VIOLATION_FORMAT, !strict,
                    "Partner Center could not verify the address (%s)%s%s", check->status,
                    check->suggested ? "; suggested: " : "",
                    check->suggested ? check->suggested : "");
}

static void on_address(struct job *job)
{
  struct pool_call *c = &job->call;
  struct pc_address_check check = {0};
  if (c->verdict == VERDICT_OK &&
      !pc_parse_address_check(c->res.body, c->res.body_len, &job->row->arena, &check)) {
    if (!check.verified)
      note_address(job, &check);
  } else {
    row_add_violation(job->row, FIELD_ADDRESS_LINE1, VIOLATION_FORMAT, true,
                      "the address could not be checked (HTTP %d)", c->res.status);
  }
  if (row_has_errors(job->row)) {
    stamp_outcome(job);
    row_set_outcome(job->row, ROW_INVALID, REASON_VALIDATION, NULL);
    journal_failed(job, NULL, "address not verified (--strict-address)");
    end_job(job);
  } else if (job->ex->read_only) {
    finish_done(job, ROW_WOULD_CREATE);
  } else {
    start_create(job);
  }
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
  if (c->verdict != VERDICT_OK) {
    finish_api_error(job, c->res.status == 409 ? REASON_DOMAIN_TAKEN : REASON_API_ERROR);
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
      row_add_violation(job->row, FIELD_DOMAIN, VIOLATION_FORMAT, true,
                        "the initial admin password could not be saved to the credentials "
                        "file: reset it in the Microsoft 365 admin center");
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
  row_add_violation(job->row, FIELD_DOMAIN, VIOLATION_FORMAT, true,
                    "created by an earlier attempt whose answer was lost: the initial admin "
                    "password was not received; reset it in the Microsoft 365 admin center");
  after_created(job);
}

static void on_attested(struct job *job)
{
  if (job->call.verdict != VERDICT_OK)
    row_add_violation(job->row, FIELD_MCA_ACCEPTED_AT, VIOLATION_FORMAT, true,
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

void job_start(struct executor *ex, struct row *row, const char *identity)
{
  struct job *job = arena_alloc(&row->arena, sizeof(*job));
  if (!job) {
    row_finish(row, ROW_FAILED, REASON_API_ERROR, "%s", "the row is too large to execute");
    return;
  }
  memset(job, 0, sizeof(*job));
  job->ex = ex;
  job->row = row;
  job->started_ms = clock_now_ms();
  snprintf(job->identity, sizeof(job->identity), "%s", identity);
  http_response_init(&job->call.res);
  ex->jobs_active++;
  enum journal_state state = JOURNAL_PLANNED;
  if (ex->journal &&
      journal_plan(ex->journal, identity, (long long)row->number, row_action_name(row->action),
                   row_get(row, FIELD_DOMAIN), ex->run_id, clock_wall_s(), &state)) {
    finish_failed(job, ROW_FAILED, REASON_API_ERROR, NULL,
                  "the journal could not record the row; not sent");
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
