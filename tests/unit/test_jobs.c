/* Tests for src/jobs.c, one row's state machine, against a scripted fake pool: the executor's
 * call port records each call a job submits, and the test answers them one at a time (status,
 * body, verdict), as the pool would after its own retries. A real journal and credentials
 * file in a temporary folder show what is committed before each call. Cases: a plain create,
 * the facts handed to the classifier (domain taken, address verdicts, a create's 409), a lost
 * reply reconciled (found: created without its password; absent: sent again under the same
 * MS-RequestId), creates whose outcome stays unknown until the attempts run out, an unreadable
 * search repeated, a row left in flight by a crashed run reconciled first, and a cancelled
 * call; check verdicts recorded, reused while young, asked again when old or with fresh, and
 * no checks at all with none. No sockets: every step is the test's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "base/clock.h"
#include "execute/execute_internal.h"

#define MAX_CALLS 32
#define IDENTITY "domain:jobtest.onmicrosoft.com"

/* The fake pool: calls in the order submitted; `next` is the first not answered yet. */
struct fake_pool {
  struct pool_call *calls[MAX_CALLS];
  char request_ids[MAX_CALLS][UUID_STR_SIZE]; /* MS-RequestId each call was submitted with */
  char methods[MAX_CALLS][8];
  char urls[MAX_CALLS][256];
  int n, next;
};

static void fake_submit(void *ctx, struct pool_call *call)
{
  struct fake_pool *f = ctx;
  CHECK(f->n < MAX_CALLS);
  if (f->n >= MAX_CALLS)
    return;
  snprintf(f->request_ids[f->n], UUID_STR_SIZE, "%s", call->request_id);
  snprintf(f->methods[f->n], sizeof(f->methods[0]), "%s", call->req.method);
  snprintf(f->urls[f->n], sizeof(f->urls[0]), "%s", call->req.url);
  f->calls[f->n++] = call;
}

/* Everything one case needs: the executor's parts, a row, the fake. */
struct bench {
  char dir[64], journal_path[96], creds_path[96];
  struct config cfg;
  struct options opts;
  struct api_session session;
  struct executor ex;
  struct classify_context cctx;
  struct classify_facts facts;
  struct fake_pool fake;
  struct row row;
};

static void set_row(struct row *row)
{
  static const struct {
    enum field_id f;
    const char *v;
  } values[] = {
      {FIELD_COMPANY_NAME, "Jobtest LLC"},
      {FIELD_DOMAIN, "jobtest"},
      {FIELD_FIRST_NAME, "Avery"},
      {FIELD_LAST_NAME, "Smith"},
      {FIELD_EMAIL, "avery@example.com"},
      {FIELD_PHONE, "4255550100"},
      {FIELD_ADDRESS_LINE1, "1 Main St"},
      {FIELD_CITY, "Redmond"},
      {FIELD_STATE, "WA"},
      {FIELD_POSTAL_CODE, "98052"},
      {FIELD_COUNTRY, "US"},
      {FIELD_CULTURE, "en-US"},
      {FIELD_LANGUAGE, "en"},
  };
  row_init(row);
  row->number = 1;
  row->action = ACTION_CREATE;
  for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
    CHECK_INT_EQ(0, row_set(row, values[i].f, values[i].v));
}

static void bench_open(struct bench *b, int max_attempts)
{
  memset(b, 0, sizeof(*b));
  snprintf(b->dir, sizeof(b->dir), "%s", "/tmp/csp-jobs.XXXXXX");
  CHECK(mkdtemp(b->dir) != NULL);
  snprintf(b->journal_path, sizeof(b->journal_path), "%s/journal.sqlite", b->dir);
  snprintf(b->creds_path, sizeof(b->creds_path), "%s/credentials.csv", b->dir);
  config_init(&b->cfg);
  b->opts.max_attempts = max_attempts;
  b->session.base_url = "https://api.test";
  CHECK_INT_EQ(0, uuid_gen_init(&b->session.ids));
  arena_init(&b->session.arena, 4096);
  b->ex.cfg = &b->cfg;
  b->ex.opts = &b->opts;
  b->ex.session = &b->session;
  CHECK_INT_EQ(CSP_E_OK, journal_open(b->journal_path, &b->ex.journal));
  CHECK_INT_EQ(CSP_E_OK, credentials_open(b->creds_path, &b->ex.credentials));
  b->ex.port = (struct call_port){fake_submit, &b->fake};
  b->ex.run_id = 1;
  b->ex.checks = (struct check_policy){b->ex.journal, CHECKS_CACHED, 3600};
  b->cctx = (struct classify_context){PARTNER_DIRECT, "United States", false, false};
  b->facts = (struct classify_facts){.country_group = "United States"};
  set_row(&b->row);
}

/* Drops the calls still waiting for an answer (a job left mid-way, as a killed run leaves it):
 * the response each holds from its previous step is freed before the row's arena goes. */
static void abandon_pending(struct bench *b)
{
  for (; b->fake.next < b->fake.n; b->fake.next++)
    http_response_release(&b->fake.calls[b->fake.next]->res);
}

static void bench_close(struct bench *b)
{
  abandon_pending(b);
  row_release(&b->row);
  credentials_close(b->ex.credentials);
  journal_close(b->ex.journal);
  arena_release(&b->session.arena);
  config_release(&b->cfg);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", b->dir);
  CHECK_INT_EQ(0, system(cmd));
}

static void start(struct bench *b)
{
  job_start(&b->ex, &b->cctx, &b->facts, &b->row, IDENTITY);
}

/* Answers the oldest unanswered call: an HTTP status and body with the pool's verdict. */
static void answer(struct bench *b, int status, const char *body, enum retry_verdict verdict)
{
  struct fake_pool *f = &b->fake;
  CHECK(f->next < f->n);
  if (f->next >= f->n)
    return;
  struct pool_call *c = f->calls[f->next++];
  http_response_release(&c->res);
  http_response_init(&c->res);
  c->res.transport = HTTP_TRANSPORT_OK;
  c->res.status = status;
  if (body) {
    c->res.body = strdup(body);
    c->res.body_len = strlen(body);
  }
  c->verdict = verdict;
  c->attempts = 1;
  c->done(c, c->ctx);
}

/* Answers the oldest unanswered call with no reply at all: sent, then the connection was lost
 * (for a create, the pool hands that back as an unknown outcome). */
static void lose_reply(struct bench *b)
{
  struct fake_pool *f = &b->fake;
  CHECK(f->next < f->n);
  if (f->next >= f->n)
    return;
  struct pool_call *c = f->calls[f->next++];
  http_response_release(&c->res);
  http_response_init(&c->res);
  c->res.transport = HTTP_TRANSPORT_SENT_NO_REPLY;
  c->verdict = VERDICT_UNKNOWN_OUTCOME;
  c->attempts = 1;
  c->done(c, c->ctx);
}

/* The method and path of call i ("HEAD /v1/domains/..."). */
static void check_call(const struct bench *b, int i, const char *method, const char *path_start)
{
  CHECK(i < b->fake.n);
  if (i >= b->fake.n)
    return;
  CHECK_STR_EQ(method, b->fake.methods[i]);
  const char *path = b->fake.urls[i] + strlen("https://api.test");
  CHECK(strncmp(path, path_start, strlen(path_start)) == 0);
}

static enum journal_state journal_state_of(struct bench *b)
{
  struct journal_entry e;
  CHECK_INT_EQ(CSP_E_OK, journal_lookup(b->ex.journal, IDENTITY, &e));
  enum journal_state s = e.state;
  journal_entry_release(&e);
  return s;
}

static int creates_sent(const struct bench *b)
{
  int n = 0;
  for (int i = 0; i < b->fake.n; i++)
    n += !strcmp(b->fake.methods[i], "POST") &&
         !strcmp(b->fake.urls[i], "https://api.test/v1/customers");
  return n;
}

static const char VERIFIED[] = "{\"originalAddress\":{},\"suggestedAddresses\":[],\"status\":"
                               "\"Verified\"}";
static const char CREATED[] =
    "{\"id\":\"cust-1\",\"companyProfile\":{\"tenantId\":\"tenant-1\",\"domain\":"
    "\"jobtest.onmicrosoft.com\"},\"userCredentials\":{\"userName\":\"admin\",\"password\":"
    "\"=Pa$$w0rd!\"}}";
static const char FOUND[] = "{\"totalCount\":1,\"items\":[{\"id\":\"cust-9\",\"companyProfile\":{"
                            "\"tenantId\":\"tenant-9\",\"domain\":\"jobtest.onmicrosoft.com\"}}],"
                            "\"links\":{}}";
static const char ABSENT[] = "{\"totalCount\":0,\"items\":[],\"links\":{}}";

/* Brings a fresh job to its create: domain free, address verified. */
static void to_create(struct bench *b)
{
  start(b);
  check_call(b, 0, "HEAD", "/v1/domains/jobtest");
  answer(b, 404, NULL, VERDICT_FINAL);
  check_call(b, 1, "POST", "/v1/validations/address");
  answer(b, 200, VERIFIED, VERDICT_OK);
  check_call(b, 2, "POST", "/v1/customers");
}

TEST(a_create_goes_check_address_create_with_in_flight_committed_first)
{
  struct bench b;
  bench_open(&b, 3);
  to_create(&b);
  CHECK_INT_EQ(JOURNAL_IN_FLIGHT, journal_state_of(&b)); /* before the create's answer */
  CHECK_INT_EQ(ROW_PENDING, b.row.status);
  answer(&b, 201, CREATED, VERDICT_OK);
  CHECK_INT_EQ(ROW_CREATED, b.row.status);
  CHECK_INT_EQ(REASON_NONE, b.row.reason);
  CHECK_STR_EQ("cust-1", b.row.outcome.customer_id);
  CHECK_INT_EQ(JOURNAL_DONE, journal_state_of(&b));
  CHECK_INT_EQ(3, b.fake.n);
  CHECK_INT_EQ(0, b.ex.jobs_active);
  FILE *f = fopen(b.creds_path, "r");
  char buf[512] = {0};
  CHECK(f && fread(buf, 1, sizeof(buf) - 1, f) > 0);
  if (f)
    fclose(f);
  CHECK_CONTAINS(buf, "=Pa$$w0rd!");
  bench_close(&b);
}

TEST(a_taken_domain_is_a_fact_the_classifier_turns_into_invalid_domain_taken)
{
  struct bench b;
  bench_open(&b, 3);
  start(&b);
  answer(&b, 200, NULL, VERDICT_OK);
  CHECK_INT_EQ(ROW_INVALID, b.row.status);
  CHECK_INT_EQ(REASON_DOMAIN_TAKEN, b.row.reason);
  CHECK_CONTAINS(b.row.reason_text, "give tenant_id or action invite");
  CHECK_INT_EQ(1, b.fake.n); /* nothing after the check */
  CHECK_INT_EQ(JOURNAL_FAILED, journal_state_of(&b));
  CHECK_INT_EQ(0, b.ex.jobs_active);
  bench_close(&b);
}

TEST(an_unverified_address_goes_on_with_a_warning_or_stops_when_strict)
{
  static const char PARTIAL[] = "{\"suggestedAddresses\":[{\"addressLine1\":\"1 Main Street\","
                                "\"city\":\"Redmond\",\"state\":\"WA\",\"postalCode\":\"98052\","
                                "\"country\":\"US\"}],\"status\":\"StreetPartial\"}";
  struct bench b;
  bench_open(&b, 3);
  start(&b);
  answer(&b, 404, NULL, VERDICT_FINAL);
  answer(&b, 200, PARTIAL, VERDICT_OK);
  check_call(&b, 2, "POST", "/v1/customers");
  CHECK_INT_EQ(1, (int)b.row.nviolations);
  CHECK(b.row.violations[0].warning);
  CHECK(b.row.outcome.suggested_address != NULL);
  bench_close(&b);

  bench_open(&b, 3);
  b.cctx.strict_address = true;
  start(&b);
  answer(&b, 404, NULL, VERDICT_FINAL);
  answer(&b, 200, PARTIAL, VERDICT_OK);
  CHECK_INT_EQ(2, b.fake.n); /* no create */
  CHECK_INT_EQ(ROW_INVALID, b.row.status);
  CHECK_INT_EQ(REASON_ADDRESS_NOT_VERIFIED, b.row.reason);
  CHECK_INT_EQ(JOURNAL_FAILED, journal_state_of(&b));
  bench_close(&b);
}

TEST(a_create_refused_with_409_is_the_domain_taken_fact)
{
  struct bench b;
  bench_open(&b, 3);
  to_create(&b);
  answer(&b, 409, "{\"code\":\"DomainAlreadyExists\",\"description\":\"taken\"}", VERDICT_FINAL);
  CHECK_INT_EQ(ROW_INVALID, b.row.status);
  CHECK_INT_EQ(REASON_DOMAIN_TAKEN, b.row.reason);
  bench_close(&b);
}

TEST(a_lost_reply_is_reconciled_and_a_found_customer_is_created_without_its_password)
{
  struct bench b;
  bench_open(&b, 3);
  to_create(&b);
  lose_reply(&b);
  check_call(&b, 3, "GET", "/v1/customers?");
  CHECK_INT_EQ(JOURNAL_IN_FLIGHT, journal_state_of(&b));
  answer(&b, 200, FOUND, VERDICT_OK);
  CHECK_INT_EQ(ROW_CREATED, b.row.status);
  CHECK_INT_EQ(REASON_PASSWORD_NOT_RECEIVED, b.row.reason);
  CHECK_STR_EQ("cust-9", b.row.outcome.customer_id);
  CHECK_INT_EQ(1, creates_sent(&b));
  CHECK_INT_EQ(JOURNAL_DONE, journal_state_of(&b));
  bench_close(&b);
}

TEST(a_lost_reply_whose_customer_is_absent_is_sent_again_under_the_same_request_id)
{
  struct bench b;
  bench_open(&b, 3);
  to_create(&b);
  lose_reply(&b);
  answer(&b, 200, ABSENT, VERDICT_OK);
  check_call(&b, 4, "POST", "/v1/customers");
  CHECK_STR_EQ(b.fake.request_ids[2], b.fake.request_ids[4]);
  answer(&b, 201, CREATED, VERDICT_OK);
  CHECK_INT_EQ(ROW_CREATED, b.row.status);
  CHECK_INT_EQ(REASON_NONE, b.row.reason);
  CHECK_INT_EQ(2, creates_sent(&b));
  bench_close(&b);
}

TEST(creates_whose_outcome_stays_unknown_stop_after_the_allowed_attempts)
{
  struct bench b;
  bench_open(&b, 2);
  to_create(&b);
  lose_reply(&b);                      /* create 1 */
  answer(&b, 200, ABSENT, VERDICT_OK); /* not there */
  lose_reply(&b);                      /* create 2 */
  answer(&b, 200, ABSENT, VERDICT_OK); /* not there: attempts spent */
  CHECK_INT_EQ(ROW_FAILED, b.row.status);
  CHECK_INT_EQ(REASON_RETRIES_EXHAUSTED, b.row.reason);
  CHECK_INT_EQ(2, creates_sent(&b));
  CHECK_INT_EQ(b.fake.n, b.fake.next); /* nothing left waiting */
  CHECK_INT_EQ(0, b.ex.jobs_active);
  bench_close(&b);
}

TEST(an_unreadable_search_is_repeated_and_a_failed_one_keeps_the_row_in_flight)
{
  struct bench b;
  bench_open(&b, 3);
  to_create(&b);
  lose_reply(&b);
  answer(&b, 200, "{\"items\":[1,2", VERDICT_OK); /* unreadable: no proof of absence */
  check_call(&b, 4, "GET", "/v1/customers?");
  CHECK_INT_EQ(1, creates_sent(&b));
  answer(&b, 503, NULL, VERDICT_BACKOFF); /* the pool gave up on the search */
  CHECK_INT_EQ(ROW_FAILED, b.row.status);
  CHECK_INT_EQ(JOURNAL_IN_FLIGHT, journal_state_of(&b)); /* the next run reconciles */
  CHECK_INT_EQ(1, creates_sent(&b));
  bench_close(&b);
}

TEST(a_row_left_in_flight_by_a_crashed_run_is_reconciled_before_anything_else)
{
  struct bench b;
  bench_open(&b, 3);
  CHECK_INT_EQ(0, journal_plan(b.ex.journal, IDENTITY, 1, "create", "jobtest", 0, 1, NULL));
  CHECK_INT_EQ(0, journal_mark_in_flight(b.ex.journal, IDENTITY, "rid", "cid", 1, 1));
  start(&b);
  check_call(&b, 0, "GET", "/v1/customers?");
  answer(&b, 200, FOUND, VERDICT_OK);
  CHECK_INT_EQ(ROW_CREATED, b.row.status);
  CHECK_INT_EQ(REASON_PASSWORD_NOT_RECEIVED, b.row.reason);
  CHECK_INT_EQ(0, creates_sent(&b));
  bench_close(&b);
}

TEST(a_cancelled_call_leaves_the_row_not_attempted)
{
  struct bench b;
  bench_open(&b, 3);
  start(&b);
  struct pool_call *c = b.fake.calls[0];
  c->cancelled = true;
  c->done(c, c->ctx);
  CHECK_INT_EQ(ROW_NOT_ATTEMPTED, b.row.status);
  CHECK_INT_EQ(REASON_RUN_ABORTED, b.row.reason);
  CHECK_INT_EQ(JOURNAL_PLANNED, journal_state_of(&b));
  bench_close(&b);
}

/* --- check verdicts --- */

static int count_method(const struct bench *b, const char *method, const char *path)
{
  int n = 0;
  for (int i = 0; i < b->fake.n; i++)
    n += !strcmp(b->fake.methods[i], method) && strstr(b->fake.urls[i], path) != NULL;
  return n;
}

/* Runs a second job for the same row in the same journal, as a restart would: the row is
 * planned again from scratch. */
static void restart(struct bench *b)
{
  abandon_pending(b);
  row_release(&b->row);
  set_row(&b->row);
  CHECK_INT_EQ(0, journal_mark_failed(
                      b->ex.journal, IDENTITY,
                      &(struct journal_failure){0, NULL, NULL, "failed", "run_aborted", NULL},
                      clock_wall_s()));
  b->facts = (struct classify_facts){.country_group = "United States"};
  start(b);
}

TEST(a_restart_reuses_both_verdicts_and_sends_only_the_create)
{
  struct bench b;
  bench_open(&b, 3);
  to_create(&b); /* domain free, address verified: both recorded */
  restart(&b);   /* the first create was never answered: start over */
  CHECK_INT_EQ(4, b.fake.n);
  check_call(&b, 3, "POST", "/v1/customers");
  CHECK_INT_EQ(1, count_method(&b, "HEAD", "/v1/domains/"));
  CHECK_INT_EQ(1, count_method(&b, "POST", "/v1/validations/address"));
  CHECK_INT_EQ(2, (int)b.ex.checks_reused);
  bench_close(&b);
}

TEST(a_reused_unverified_address_warns_again_and_a_reused_taken_domain_stops_the_row)
{
  static const char PARTIAL[] = "{\"suggestedAddresses\":[{\"addressLine1\":\"1 Main Street\","
                                "\"city\":\"Redmond\",\"state\":\"WA\",\"postalCode\":\"98052\","
                                "\"country\":\"US\"}],\"status\":\"StreetPartial\"}";
  struct bench b;
  bench_open(&b, 3);
  start(&b);
  answer(&b, 404, NULL, VERDICT_FINAL);
  answer(&b, 200, PARTIAL, VERDICT_OK);
  restart(&b);
  check_call(&b, 3, "POST", "/v1/customers");
  CHECK_INT_EQ(1, (int)b.row.nviolations);
  CHECK_CONTAINS(b.row.violations[0].message, "StreetPartial");
  CHECK(b.row.outcome.suggested_address != NULL);
  bench_close(&b);

  bench_open(&b, 3);
  start(&b);
  answer(&b, 200, NULL, VERDICT_OK); /* taken */
  restart(&b);
  CHECK_INT_EQ(1, b.fake.n); /* nothing sent the second time */
  CHECK_INT_EQ(ROW_INVALID, b.row.status);
  CHECK_INT_EQ(REASON_DOMAIN_TAKEN, b.row.reason);
  bench_close(&b);
}

TEST(an_old_verdict_or_fresh_mode_asks_again_and_none_sends_the_create_alone)
{
  struct bench b;
  bench_open(&b, 3);
  to_create(&b);
  b.ex.checks.max_age_s = -1; /* every verdict is too old */
  restart(&b);
  check_call(&b, 3, "HEAD", "/v1/domains/jobtest");
  bench_close(&b);

  bench_open(&b, 3);
  to_create(&b);
  b.ex.checks.mode = CHECKS_FRESH;
  restart(&b);
  check_call(&b, 3, "HEAD", "/v1/domains/jobtest");
  bench_close(&b);

  bench_open(&b, 3);
  b.ex.checks.mode = CHECKS_NONE;
  start(&b);
  CHECK_INT_EQ(1, b.fake.n);
  check_call(&b, 0, "POST", "/v1/customers");
  answer(&b, 201, CREATED, VERDICT_OK);
  CHECK_INT_EQ(ROW_CREATED, b.row.status);
  bench_close(&b);
}

TEST(a_failed_address_check_is_not_remembered)
{
  struct bench b;
  bench_open(&b, 3);
  start(&b);
  answer(&b, 404, NULL, VERDICT_FINAL);
  answer(&b, 500, NULL, VERDICT_FINAL);
  check_call(&b, 2, "POST", "/v1/customers");
  restart(&b);
  check_call(&b, 3, "POST", "/v1/validations/address");
  bench_close(&b);
}

/* The attestation's finding on the row: a warning on mca_accepted_at (NULL when none). */
static const struct violation *mca_finding(const struct row *row)
{
  for (size_t i = 0; i < row->nviolations; i++)
    if (row->violations[i].field == FIELD_MCA_ACCEPTED_AT)
      return &row->violations[i];
  return NULL;
}

TEST(a_refused_attestation_leaves_the_row_created_with_an_attestation_failed_warning)
{
  struct bench b;
  bench_open(&b, 3);
  b.opts.attest_mca = true;
  b.ex.mca_template = "template-1";
  to_create(&b);
  answer(&b, 201, CREATED, VERDICT_OK);
  CHECK_INT_EQ(ROW_PENDING, b.row.status); /* the attestation is still to come */
  check_call(&b, 3, "POST", "/v1/customers/cust-1/agreements");
  answer(&b, 403, NULL, VERDICT_FINAL);
  CHECK_INT_EQ(ROW_CREATED, b.row.status);
  const struct violation *v = mca_finding(&b.row);
  CHECK(v != NULL);
  if (v) {
    CHECK_INT_EQ(VIOLATION_ATTESTATION_FAILED, v->code);
    CHECK_STR_EQ("attestation_failed", violation_name(v->code));
    CHECK(v->warning);
    CHECK_CONTAINS(v->message, "HTTP 403");
  }
  bench_close(&b);

  bench_open(&b, 3); /* no agreement template: nothing sent, the same code */
  b.opts.attest_mca = true;
  to_create(&b);
  answer(&b, 201, CREATED, VERDICT_OK);
  CHECK_INT_EQ(3, b.fake.n);
  CHECK_INT_EQ(ROW_CREATED, b.row.status);
  v = mca_finding(&b.row);
  CHECK(v != NULL);
  if (v)
    CHECK_INT_EQ(VIOLATION_ATTESTATION_FAILED, v->code);
  bench_close(&b);
}

TEST(an_accepted_attestation_adds_no_warning)
{
  struct bench b;
  bench_open(&b, 3);
  b.opts.attest_mca = true;
  b.ex.mca_template = "template-1";
  to_create(&b);
  answer(&b, 201, CREATED, VERDICT_OK);
  answer(&b, 201, "{}", VERDICT_OK);
  CHECK_INT_EQ(ROW_CREATED, b.row.status);
  CHECK(mca_finding(&b.row) == NULL);
  bench_close(&b);
}

RUN_TESTS()
