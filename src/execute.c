/* The execute stage's face (execute.h): what a run reads once before the first row, the
 * lookups the classifier needs, and handing rows to the jobs and the call pool. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "diag.h"
#include "errors.h"
#include "execute_internal.h"
#include "http/ratelimit.h"
#include "partner_center/responses.h"
#include "summary.h"

#define CUSTOMER_PAGE_SIZE 500
#define CUSTOMER_MAX_PAGES 100000

/* --- the run's one-time reads --- */

static int status_error(const struct http_response *res, const char *what)
{
  if (res->status == 403) {
    diag_error("%s: Partner Center answered 403: the signed-in user needs the admin agent "
               "role (or the app lacks App+User consent)",
               what);
    return CSP_E_FORBIDDEN;
  }
  diag_error("%s: unexpected HTTP %d", what, res->status);
  return CSP_E_UNREACHABLE;
}

static int add_customer(void *ctx, const struct pc_customer *c)
{
  return customer_index_add(ctx, c->id, c->tenant_id, c->domain);
}

static int fetch_page_once(struct executor *ex, struct arena *a, struct pc_link *link)
{
  char request_id[UUID_STR_SIZE], correlation_id[UUID_STR_SIZE] = "";
  struct pc_call pc;
  api_session_call(ex->session, a, request_id, correlation_id, &pc);
  struct http_request req = {0};
  int rc = link->uri ? pc_request_follow_link(&pc, link, &req)
                     : pc_request_customers_page(&pc, CUSTOMER_PAGE_SIZE, &req);
  struct http_response res;
  http_response_init(&res);
  if (!rc)
    rc = api_session_send(ex->session, &req, &res);
  if (!rc && res.status != 200)
    rc = status_error(&res, "reading the customer list");
  if (!rc)
    rc = pc_parse_customer_page(res.body, res.body_len, add_customer, ex->customers, a, link);
  http_response_release(&res);
  return rc;
}

/* An answer that is not the JSON expected (a truncated body, a proxy's error page) says
 * nothing about the data: ask again a few times before the run gives up, and say why. */
static int unreadable(const char *what, int attempts)
{
  diag_error("%s: the answer could not be read (not the JSON Partner Center sends), %d times", what,
             attempts);
  return CSP_E_PROTOCOL;
}

static int max_attempts(const struct executor *ex)
{
  return ex->opts->max_attempts ? ex->opts->max_attempts : ex->cfg->limits.max_attempts;
}

/* Reads the page link points at (the first when link->uri is NULL) into the index and
 * replaces *link with the next page's link. */
static int fetch_page(struct executor *ex, struct arena *a, struct pc_link *link)
{
  const struct pc_link current = *link;
  int rc = CSP_E_PROTOCOL;
  for (int attempt = 0; rc == CSP_E_PROTOCOL && attempt < max_attempts(ex); attempt++) {
    *link = current; /* a failed parse clears it */
    rc = fetch_page_once(ex, a, link);
  }
  return rc == CSP_E_PROTOCOL ? unreadable("reading the customer list", max_attempts(ex)) : rc;
}

static int load_customers(struct executor *ex)
{
  int rc = customer_index_new(&ex->customers);
  struct arena a;
  arena_init(&a, 0);
  struct pc_link link = {0};
  for (int page = 0; !rc && page < CUSTOMER_MAX_PAGES; page++) {
    rc = fetch_page(ex, &a, &link);
    if (!link.uri)
      break;
  }
  arena_release(&a);
  if (!rc)
    diag_info("%zu existing customers indexed", customer_index_count(ex->customers));
  return rc;
}

typedef int shared_build_fn(const struct pc_call *, struct http_request *);
typedef int shared_parse_fn(const char *, size_t, struct arena *, const char **);

static int fetch_shared_once(struct executor *ex, const char *what, shared_build_fn *build,
                             shared_parse_fn *parse, const char **out)
{
  char request_id[UUID_STR_SIZE], correlation_id[UUID_STR_SIZE] = "";
  struct pc_call pc;
  api_session_call(ex->session, &ex->session->arena, request_id, correlation_id, &pc);
  struct http_request req = {0};
  struct http_response res;
  http_response_init(&res);
  int rc = build(&pc, &req);
  if (!rc)
    rc = api_session_send(ex->session, &req, &res);
  if (!rc && res.status != 200)
    rc = status_error(&res, what);
  if (!rc)
    rc = parse(res.body, res.body_len, &ex->session->arena, out);
  http_response_release(&res);
  return rc;
}

/* GETs a route whose answer the whole run shares; parse() keeps its value in the session. */
static int fetch_shared(struct executor *ex, const char *what, shared_build_fn *build,
                        shared_parse_fn *parse, const char **out)
{
  int rc = CSP_E_PROTOCOL;
  for (int attempt = 0; rc == CSP_E_PROTOCOL && attempt < max_attempts(ex); attempt++)
    rc = fetch_shared_once(ex, what, build, parse, out);
  return rc == CSP_E_PROTOCOL ? unreadable(what, max_attempts(ex)) : rc;
}

static int session_refresh(void *ctx, const char **authorization)
{
  struct api_session *s = ctx;
  int rc = api_session_refresh(s);
  *authorization = s->authorization;
  return rc;
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
      .max_attempts = max_attempts(ex),
      .timeout_s = ex->cfg->limits.timeout_s,
      .proxy = ex->cfg->api.proxy,
      .authorization = ex->session->authorization,
      .refresh = session_refresh,
      .refresh_ctx = ex->session,
      .seed = (uint64_t)clock_now_ms(),
  };
  return pool_new(&po, &ex->pool);
}

static int read_run_context(struct executor *ex)
{
  int rc = load_customers(ex);
  if (rc || ex->read_only)
    return rc;
  rc = fetch_shared(ex, "fetching the invitation link", pc_request_relationship_link,
                    pc_parse_relationship_link, &ex->invite_url);
  if (rc)
    return rc;
  if (fetch_shared(ex, "fetching the MCA template", pc_request_agreement_templates,
                   pc_parse_agreement_template, &ex->mca_template))
    diag_warn("no Microsoft Customer Agreement template: attestations will be skipped");
  return credentials_open(ex->opts->credentials_path, &ex->credentials);
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
  ex->journal = setup->journal;
  ex->run_id = setup->run_id;
  ex->read_only = setup->read_only;
  int rc = read_run_context(ex);
  if (!rc)
    rc = open_pool(ex);
  if (rc) {
    execute_free(ex);
    return rc;
  }
  *out = ex;
  return CSP_E_OK;
}

void execute_free(struct executor *ex)
{
  if (!ex)
    return;
  pool_free(ex->pool);
  credentials_free(ex->credentials);
  customer_index_free(ex->customers);
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

void execute_lookup(struct executor *ex, const char *identity, struct row *row,
                    struct classify_facts *facts)
{
  struct journal_entry e;
  bool in_flight = false;
  if (ex->journal && !journal_lookup(ex->journal, identity, &e)) {
    if (e.state == JOURNAL_DONE) {
      facts->done_before = true;
      copy_earlier(row, &e);
    }
    in_flight = e.state == JOURNAL_IN_FLIGHT;
    journal_entry_release(&e);
  }
  /* A row left in flight by a crashed run is most likely in the list because of our own
   * create: the job reconciles it (created, journal done) instead of calling it someone
   * else's customer. */
  const char *customer = customer_index_find(ex->customers, identity);
  if (customer && !facts->done_before && !in_flight) {
    facts->already_customer = true;
    row->outcome.customer_id = arena_strdup(&row->arena, customer);
  }
}

void execute_submit(struct executor *ex, struct row *row)
{
  char identity[512];
  if (!row_identity(row, identity, sizeof(identity))) {
    row_finish(row, ROW_INVALID, REASON_VALIDATION, "%s", "the row has no domain or tenant_id");
    return;
  }
  job_start(ex, row, identity);
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

void execute_stats(const struct executor *ex, struct summary *sum)
{
  struct pool_stats st;
  pool_stats(ex->pool, &st);
  sum->requests = st.requests;
  sum->throttled = st.throttled;
  sum->retries = st.retries;
  sum->throttle_wait_ms = st.throttle_wait_ms;
}
