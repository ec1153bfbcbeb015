/* Tests for src/http/pool.c, the curl-multi executor: the concurrency cap, the token bucket,
 * 429 pauses, back-off, unknown outcomes of writes, MS-RequestId renewal, token refresh on
 * 401, fatal verdicts, cancellation and freeing with transfers in flight. Most cases run
 * against a scripted server (script_server.h) whose answers and observations are exact; the
 * 403 cases run against the in-process sandbox. Assertions are on counts and orders; the only
 * timing assertions are lower bounds the pool must respect, with margins. */
#include "http/pool.h"

#include "check.h"
#include "base/clock.h"
#include "base/errors.h"
#include "http/transfer.h"
#include "partner_center/responses.h"
#include "sandbox_client.h"
#include "script_server.h"

/* One call under test, with what its callback saw. */
struct tcall {
  struct pool_call c;
  int done;  /* how many times the callback ran: must end at 1 */
  int order; /* position among completions, from 1 */
  /* When set, the callback submits follow to pool, as a job submits its next step. */
  struct tcall *follow;
  struct pool *pool;
};

static int completions;

static void on_done(struct pool_call *call, void *ctx)
{
  struct tcall *t = ctx;
  (void)call;
  t->done++;
  t->order = ++completions;
  if (t->follow) {
    struct tcall *next = t->follow;
    t->follow = NULL;
    pool_submit(t->pool, &next->c);
  }
}

static void tcall_init(struct tcall *t, const char *method, const char *url, const char *body)
{
  memset(t, 0, sizeof(*t));
  t->c.req.method = method;
  t->c.req.url = url;
  t->c.req.body = body;
  t->c.req.body_len = body ? strlen(body) : 0;
  http_request_add_header(&t->c.req, "Accept", "application/json");
  if (body)
    http_request_add_header(&t->c.req, "Content-Type", "application/json");
  t->c.is_write = body != NULL;
  t->c.done = on_done;
  t->c.ctx = t;
}

static void tcalls_release(struct tcall *t, int n)
{
  for (int i = 0; i < n; i++)
    http_response_release(&t[i].c.res);
}

/* A fast pool for the scripted server: no pacing unless a test asks for it. */
static struct pool_options fast_options(void)
{
  return (struct pool_options){
      .concurrency = 4,
      .rate_per_s = 1000,
      .burst = 100,
      .max_attempts = 4,
      .timeout_s = 5,
      .authorization = "Bearer old",
      .seed = 42,
      .error_code = pc_error_code,
  };
}

static struct pool *new_pool(const struct pool_options *o)
{
  static bool curl_ready;
  if (!curl_ready) {
    CHECK_INT_EQ(0, http_global_init());
    curl_ready = true;
  }
  struct pool *p = NULL;
  CHECK_INT_EQ(CSP_E_OK, pool_open(o, &p));
  completions = 0;
  return p;
}

static void submit_all(struct pool *p, struct tcall *t, int n)
{
  for (int i = 0; i < n; i++)
    pool_submit(p, &t[i].c);
}

/* Submits n GETs of url, in order. */
static void submit_gets(struct pool *p, struct tcall *t, int n, const char *url)
{
  for (int i = 0; i < n; i++)
    tcall_init(&t[i], "GET", url, NULL);
  submit_all(p, t, n);
}

/* Runs the pool until nothing is pending (or limit_ms passed: then the test fails). Returns the
 * last non-zero pool_run result, or 0. */
static int drive(struct pool *p, int limit_ms)
{
  long long end = clock_now_ms() + limit_ms;
  int rc = 0;
  while (pool_pending(p) > 0 && clock_now_ms() < end) {
    int r = pool_run(p, 50);
    if (r)
      rc = r;
  }
  CHECK_INT_EQ(0, pool_pending(p));
  return rc;
}

/* The refresh hook: hands out tokens[0], tokens[1], ... (the last repeating), or fails. */
struct refresher {
  int calls;
  int rc;
  const char *const *tokens;
  int ntokens;
};

static int refresh_hook(void *ctx, const char **authorization)
{
  struct refresher *r = ctx;
  int i = r->calls < r->ntokens ? r->calls : r->ntokens - 1;
  r->calls++;
  if (r->rc)
    return r->rc;
  *authorization = r->tokens[i];
  return CSP_E_OK;
}

static struct pool_stats stats_of(const struct pool *p)
{
  struct pool_stats st;
  pool_stats(p, &st);
  return st;
}

/* A fast pool whose refresh hook is r's. */
static struct pool *refreshing_pool(int concurrency, struct refresher *r)
{
  struct pool_options o = fast_options();
  o.concurrency = concurrency;
  o.refresh = refresh_hook;
  o.refresh_ctx = r;
  return new_pool(&o);
}

/* Runs one call (body NULL: a GET, else a POST create; request_id NULL: the pool picks) through
 * a server scripted with steps and a pool with o, to the end; stops the server. Returns the
 * pool, for its stats; the caller frees it and releases t. */
static struct pool *run_one(struct ss_server *s, const struct ss_step *steps, int nsteps,
                            const struct pool_options *o, const char *body, const char *request_id,
                            struct tcall *t)
{
  CHECK(ss_start(s, steps, nsteps));
  struct pool *p = new_pool(o);
  tcall_init(t, body ? "POST" : "GET", s->base, body);
  if (request_id)
    snprintf(t->c.request_id, sizeof(t->c.request_id), "%s", request_id);
  pool_submit(p, &t->c);
  CHECK_INT_EQ(CSP_E_OK, drive(p, 9000));
  ss_stop(s);
  CHECK_INT_EQ(1, t->done);
  return p;
}

static const struct ss_step ok_step = {SS_REPLY, 0, "200 OK", NULL, "{}"};

/* --- concurrency and pacing --- */

TEST(at_most_concurrency_transfers_are_in_flight_at_once)
{
  static const struct ss_step slow = {SS_REPLY, 200, "200 OK", NULL, "{}"};
  struct ss_server s;
  CHECK(ss_start(&s, &slow, 1));
  struct pool_options o = fast_options();
  o.concurrency = 3;
  struct pool *p = new_pool(&o);
  struct tcall t[7];
  submit_gets(p, t, 7, s.base);
  CHECK_INT_EQ(CSP_E_OK, drive(p, 8000));
  ss_stop(&s);
  CHECK_INT_EQ(3, s.max_active);
  CHECK_INT_EQ(7, s.nseen);
  for (int i = 0; i < 7; i++) {
    CHECK_INT_EQ(1, t[i].done);
    CHECK_INT_EQ(VERDICT_OK, t[i].c.verdict);
    CHECK_INT_EQ(1, t[i].c.attempts);
  }
  struct pool_stats st;
  pool_stats(p, &st);
  CHECK_INT_EQ(7, st.requests);
  CHECK_INT_EQ(0, st.retries);
  pool_close(p);
  tcalls_release(t, 7);
}

/* --- priority --- */

/* Concurrency 1: queued calls start lowest priority first, equal priorities in submission
 * order, and a call submitted later with a lower priority (a row's next step) overtakes the
 * queued calls of higher priority (later rows' first steps). */
TEST(queued_calls_start_lowest_priority_first_then_in_submission_order)
{
  struct ss_server s;
  CHECK(ss_start(&s, &ok_step, 1));
  struct pool_options o = fast_options();
  o.concurrency = 1;
  struct pool *p = new_pool(&o);
  static const long long prio[] = {5, 9, 7, 7, 3};
  static const char *const paths[] = {"/a", "/b", "/c", "/d", "/e"};
  char urls[5][96];
  struct tcall t[6];
  for (int i = 0; i < 5; i++) {
    snprintf(urls[i], sizeof(urls[i]), "%s%s", s.base, paths[i]);
    tcall_init(&t[i], "GET", urls[i], NULL);
    t[i].c.priority = prio[i];
  }
  char follow_url[96];
  snprintf(follow_url, sizeof(follow_url), "%s/f", s.base);
  tcall_init(&t[5], "GET", follow_url, NULL);
  t[5].c.priority = 5; /* the next step of /a's row */
  t[0].follow = &t[5];
  t[0].pool = p;
  submit_all(p, t, 5);
  CHECK_INT_EQ(CSP_E_OK, drive(p, 8000));
  ss_stop(&s);
  CHECK_INT_EQ(6, s.nseen);
  /* All five are queued before the first start, so /e (3) goes first; /f (5), submitted when
   * /a (5) finishes, overtakes /c and /d (7, in submission order) and /b (9). */
  static const char *const expected[] = {"/e", "/a", "/f", "/c", "/d", "/b"};
  for (int i = 0; i < 6 && i < s.nseen; i++)
    CHECK_STR_EQ(expected[i], s.seen[i].path);
  tcalls_release(t, 6);
  pool_close(p);
}

TEST(the_token_bucket_paces_starts_after_the_burst)
{
  struct ss_server s;
  CHECK(ss_start(&s, &ok_step, 1));
  struct pool_options o = fast_options();
  o.concurrency = 8;
  o.rate_per_s = 10;
  o.burst = 2;
  struct pool *p = new_pool(&o);
  struct tcall t[8];
  long long start = clock_now_ms();
  submit_gets(p, t, 8, s.base);
  CHECK_INT_EQ(CSP_E_OK, drive(p, 8000));
  long long elapsed = clock_now_ms() - start;
  ss_stop(&s);
  CHECK_INT_EQ(8, s.nseen);
  /* (8 - 2) / 10 per second = 600 ms at least between the first start and the last. */
  long long spread = s.seen[7].at_ms - s.seen[0].at_ms;
  if (spread < 500 || elapsed < 500)
    CHECK_FAIL_AT("8 calls at 10/s with a burst of 2 took %lld ms (starts spread over %lld ms)",
                  elapsed, spread);
  /* The two of the burst start together, long before the third is allowed. */
  CHECK(s.seen[2].at_ms - s.seen[0].at_ms >= 50);
  pool_close(p);
  tcalls_release(t, 8);
}

/* --- 429 --- */

TEST(a_429_with_retry_after_pauses_every_call_then_the_call_is_retried_and_succeeds)
{
  static const struct ss_step steps[] = {
      {SS_REPLY, 0, "429 Too Many Requests", "Retry-After: 1\r\n",
       "{\"statusCode\":429,\"message\":\"Rate limit is exceeded. Try again in 1 seconds.\"}"},
      {SS_REPLY, 0, "200 OK", NULL, "{}"},
  };
  struct ss_server s;
  CHECK(ss_start(&s, steps, 2));
  struct pool_options o = fast_options();
  o.concurrency = 1;
  struct pool *p = new_pool(&o);
  struct tcall t[3];
  /* The throttled call is a create: a 429 was not processed, so even a write is retried. */
  tcall_init(&t[0], "POST", s.base, "{\"a\":1}");
  for (int i = 1; i < 3; i++)
    tcall_init(&t[i], "GET", s.base, NULL);
  submit_all(p, t, 3);
  CHECK_INT_EQ(CSP_E_OK, drive(p, 8000));
  ss_stop(&s);
  CHECK_INT_EQ(4, s.nseen);
  CHECK_STR_EQ("POST", s.seen[0].method);
  /* The retry after a response is a new request: a new MS-RequestId. */
  CHECK(strcmp(s.seen[0].request_id, t[0].c.request_id) != 0);
  CHECK_STR_EQ(s.seen[3].request_id, t[0].c.request_id);
  /* Nobody, not only the throttled call, started before the Retry-After second was over. */
  long long gap = s.seen[1].at_ms - s.seen[0].at_ms;
  if (gap < 900)
    CHECK_FAIL_AT("the next request came %lld ms after the 429 with Retry-After: 1", gap);
  for (int i = 0; i < 3; i++) {
    CHECK_INT_EQ(1, t[i].done);
    CHECK_INT_EQ(VERDICT_OK, t[i].c.verdict);
    CHECK(!t[i].c.exhausted);
  }
  CHECK_INT_EQ(2, t[0].c.attempts);
  CHECK_INT_EQ(200, t[0].c.res.status);
  struct pool_stats st;
  pool_stats(p, &st);
  CHECK_INT_EQ(4, st.requests);
  CHECK_INT_EQ(1, st.throttled);
  CHECK_INT_EQ(1, st.retries);
  CHECK(st.throttle_wait_ms >= 500);
  CHECK(st.rate_per_s < 1000); /* the 429 lowered the rate */
  pool_close(p);
  tcalls_release(t, 3);
}

TEST(a_call_throttled_on_every_attempt_comes_back_exhausted_after_max_attempts)
{
  static const struct ss_step throttled = {SS_REPLY, 0, "429 Too Many Requests",
                                           "Retry-After: 1\r\n", "{\"statusCode\":429}"};
  struct ss_server s;
  struct pool_options o = fast_options();
  o.max_attempts = 2;
  struct tcall t;
  struct pool *p = run_one(&s, &throttled, 1, &o, NULL, NULL, &t);
  CHECK_INT_EQ(2, s.nseen);
  CHECK(t.c.exhausted);
  CHECK(!t.c.cancelled);
  CHECK_INT_EQ(VERDICT_RETRY_AFTER, t.c.verdict);
  CHECK_INT_EQ(2, t.c.attempts);
  CHECK_INT_EQ(429, t.c.res.status);
  struct pool_stats st;
  pool_stats(p, &st);
  CHECK_INT_EQ(2, st.throttled);
  CHECK_INT_EQ(1, st.retries);
  pool_close(p);
  tcalls_release(&t, 1);
}

/* --- 5xx, resets and timeouts --- */

TEST(a_5xx_on_a_read_is_retried_after_a_backoff_with_a_new_request_id_and_then_succeeds)
{
  static const struct ss_step steps[] = {
      {SS_REPLY, 0, "503 Service Unavailable", NULL,
       "{\"code\":\"ServiceUnavailable\",\"description\":\"try later\"}"},
      {SS_REPLY, 0, "200 OK", NULL, "{\"ok\":true}"},
  };
  struct ss_server s;
  struct pool_options o = fast_options();
  struct tcall t;
  struct pool *p = run_one(&s, steps, 2, &o, NULL, NULL, &t);
  CHECK_INT_EQ(2, s.nseen);
  CHECK_INT_EQ(VERDICT_OK, t.c.verdict);
  CHECK_INT_EQ(2, t.c.attempts);
  CHECK_STR_EQ("{\"ok\":true}", t.c.res.body);
  CHECK_INT_EQ(1, stats_of(p).retries);
  /* After a response, the retry is a new request: a new MS-RequestId. */
  CHECK(s.seen[0].request_id[0] != '\0');
  CHECK(strcmp(s.seen[0].request_id, s.seen[1].request_id) != 0);
  CHECK_STR_EQ(s.seen[1].request_id, t.c.request_id);
  pool_close(p);
  tcalls_release(&t, 1);
}

TEST(a_5xx_reset_or_timeout_on_a_write_comes_back_once_as_unknown_outcome_never_resent)
{
  static const struct ss_step cases[] = {
      {SS_REPLY, 0, "500 Internal Server Error", NULL, "{\"code\":\"InternalServerError\"}"},
      {SS_RESET, 0, NULL, NULL, NULL},
      {SS_HANG, 0, NULL, NULL, NULL},
  };
  static const enum http_transport transports[] = {HTTP_TRANSPORT_OK, HTTP_TRANSPORT_SENT_NO_REPLY,
                                                   HTTP_TRANSPORT_TIMEOUT};
  for (int k = 0; k < 3; k++) {
    struct ss_step steps[2] = {cases[k], {SS_REPLY, 0, "201 Created", NULL, "{\"id\":\"c\"}"}};
    struct ss_server s;
    struct pool_options o = fast_options();
    o.timeout_s = 1;
    struct tcall t;
    struct pool *p = run_one(&s, steps, 2, &o, "{\"CompanyProfile\":{}}", NULL, &t);
    CHECK_INT_EQ(1, s.nseen);
    if (t.c.verdict != VERDICT_UNKNOWN_OUTCOME)
      CHECK_FAIL_AT("case %d: verdict %s", k, retry_verdict_name(t.c.verdict));
    CHECK_INT_EQ(1, t.c.attempts);
    CHECK_INT_EQ(transports[k], t.c.res.transport);
    CHECK(!t.c.exhausted && !t.c.cancelled);
    CHECK_INT_EQ(0, stats_of(p).retries);
    /* The id sent is the one handed back, for the reconciliation and a possible resend. */
    CHECK_STR_EQ(s.seen[0].request_id, t.c.request_id);
    pool_close(p);
    tcalls_release(&t, 1);
  }
}

/* --- MS-RequestId --- */

TEST(the_request_id_is_kept_after_a_reset_and_renewed_after_a_response)
{
  static const struct ss_step steps[] = {
      {SS_RESET, 0, NULL, NULL, NULL},
      {SS_REPLY, 0, "503 Service Unavailable", NULL, "{}"},
      {SS_REPLY, 0, "200 OK", NULL, "{}"},
  };
  struct ss_server s;
  struct pool_options o = fast_options();
  struct tcall t;
  struct pool *p = run_one(&s, steps, 3, &o, NULL, "11111111-0000-4000-8000-000000000001", &t);
  CHECK_INT_EQ(3, s.nseen);
  CHECK_INT_EQ(VERDICT_OK, t.c.verdict);
  CHECK_INT_EQ(3, t.c.attempts);
  /* The owner's id is sent first, and again after the reset (no response)... */
  CHECK_STR_EQ("11111111-0000-4000-8000-000000000001", s.seen[0].request_id);
  CHECK_STR_EQ("11111111-0000-4000-8000-000000000001", s.seen[1].request_id);
  /* ...but not after the 503. */
  CHECK(strcmp(s.seen[1].request_id, s.seen[2].request_id) != 0);
  CHECK_INT_EQ(36, strlen(s.seen[2].request_id));
  CHECK_STR_EQ(s.seen[2].request_id, t.c.request_id);
  pool_close(p);
  tcalls_release(&t, 1);
}

TEST(the_request_id_is_kept_after_a_timeout)
{
  static const struct ss_step steps[] = {
      {SS_HANG, 0, NULL, NULL, NULL},
      {SS_REPLY, 0, "200 OK", NULL, "{}"},
  };
  struct ss_server s;
  struct pool_options o = fast_options();
  o.timeout_s = 1;
  struct tcall t;
  struct pool *p = run_one(&s, steps, 2, &o, NULL, NULL, &t);
  CHECK_INT_EQ(2, s.nseen);
  CHECK_INT_EQ(VERDICT_OK, t.c.verdict);
  CHECK_INT_EQ(2, t.c.attempts);
  CHECK_INT_EQ(36, strlen(s.seen[0].request_id));
  CHECK_STR_EQ(s.seen[0].request_id, s.seen[1].request_id);
  pool_close(p);
  tcalls_release(&t, 1);
}

/* --- 401 and the token --- */

/* 401 for any token but "Bearer new". */
static const struct ss_step *only_new_token(struct ss_server *s, const struct ss_seen *req,
                                            int index)
{
  static const struct ss_step refused = {SS_REPLY, 50, "401 Unauthorized", NULL,
                                         "{\"code\":\"Unauthorized\",\"description\":\"expired\"}"};
  static const struct ss_step ok = {SS_REPLY, 0, "200 OK", NULL, "{}"};
  (void)s;
  (void)index;
  return strcmp(req->authorization, "Bearer new") ? &refused : &ok;
}

TEST(a_burst_of_401s_on_one_old_token_makes_one_refresh_and_every_call_succeeds)
{
  struct ss_server s;
  CHECK(ss_start(&s, NULL, 0));
  s.decide = only_new_token;
  static const char *const tokens[] = {"Bearer new"};
  struct refresher r = {0, 0, tokens, 1};
  struct pool *p = refreshing_pool(5, &r);
  struct tcall t[5];
  submit_gets(p, t, 5, s.base);
  CHECK_INT_EQ(CSP_E_OK, drive(p, 8000));
  ss_stop(&s);
  CHECK_INT_EQ(1, r.calls);
  CHECK_INT_EQ(10, s.nseen);
  for (int i = 0; i < 5; i++) {
    CHECK_STR_EQ("Bearer old", s.seen[i].authorization);
    CHECK_STR_EQ("Bearer new", s.seen[5 + i].authorization);
    CHECK_INT_EQ(1, t[i].done);
    CHECK_INT_EQ(VERDICT_OK, t[i].c.verdict);
    CHECK_INT_EQ(2, t[i].c.attempts);
  }
  pool_close(p);
  tcalls_release(t, 5);
}

TEST(a_401_on_the_fresh_token_that_never_worked_is_fatal_and_queued_calls_are_cancelled)
{
  static const struct ss_step refused = {SS_REPLY, 0, "401 Unauthorized", NULL,
                                         "{\"code\":\"Unauthorized\"}"};
  struct ss_server s;
  CHECK(ss_start(&s, &refused, 1));
  static const char *const tokens[] = {"Bearer new"};
  struct refresher r = {0, 0, tokens, 1};
  struct pool *p = refreshing_pool(1, &r);
  struct tcall t[3];
  submit_gets(p, t, 3, s.base);
  CHECK_INT_EQ(CSP_E_AUTH, drive(p, 8000));
  ss_stop(&s);
  CHECK_INT_EQ(1, r.calls);
  CHECK_INT_EQ(2, s.nseen);
  CHECK_STR_EQ("Bearer new", s.seen[1].authorization);
  CHECK_INT_EQ(VERDICT_FATAL_AUTH, t[0].c.verdict);
  CHECK_INT_EQ(2, t[0].c.attempts);
  CHECK(!t[0].c.cancelled);
  for (int i = 0; i < 3; i++)
    CHECK_INT_EQ(1, t[i].done);
  for (int i = 1; i < 3; i++) {
    CHECK(t[i].c.cancelled);
    CHECK_INT_EQ(0, t[i].c.attempts);
  }
  /* The run is over for this pool: a later submission comes straight back cancelled. */
  struct tcall late;
  tcall_init(&late, "GET", s.base, NULL);
  pool_submit(p, &late.c);
  CHECK_INT_EQ(CSP_E_AUTH, pool_run(p, 10));
  CHECK_INT_EQ(1, late.done);
  CHECK(late.c.cancelled);
  pool_close(p);
  tcalls_release(t, 3);
  tcalls_release(&late, 1);
}

/* "Bearer old" is refused. "Bearer new" works once, slowly, and is refused from its second
 * use on (expired right after its first use, as the sandbox's token_expiry fault does), so
 * the refusal is read before the success. "Bearer newer" works. */
static const struct ss_step *new_token_expires_after_first_use(struct ss_server *s,
                                                               const struct ss_seen *req, int index)
{
  static const struct ss_step refused = {SS_REPLY, 0, "401 Unauthorized", NULL,
                                         "{\"code\":\"Unauthorized\"}"};
  static const struct ss_step slow_ok = {SS_REPLY, 300, "200 OK", NULL, "{}"};
  int *new_uses = s->ctx;
  (void)index;
  if (!strcmp(req->authorization, "Bearer newer"))
    return &ok_step;
  if (!strcmp(req->authorization, "Bearer new") && (*new_uses)++ == 0)
    return &slow_ok;
  return &refused;
}

TEST(a_401_on_a_fresh_token_is_judged_after_the_calls_still_in_flight_with_it)
{
  int new_uses = 0;
  struct ss_server s;
  CHECK(ss_start(&s, NULL, 0));
  s.ctx = &new_uses;
  s.decide = new_token_expires_after_first_use;
  static const char *const tokens[] = {"Bearer new", "Bearer newer"};
  struct refresher r = {0, 0, tokens, 2};
  struct pool *p = refreshing_pool(2, &r);
  struct tcall t[2];
  submit_gets(p, t, 2, s.base);
  /* Both are refused "old" and retried with "new": one works (slowly), the other is refused
   * first. That refusal must wait for the success, which shows the token worked and then
   * expired: a refresh, not the end of the run. */
  CHECK_INT_EQ(CSP_E_OK, drive(p, 8000));
  ss_stop(&s);
  CHECK_INT_EQ(2, r.calls);
  for (int i = 0; i < 2; i++) {
    CHECK_INT_EQ(1, t[i].done);
    CHECK_INT_EQ(VERDICT_OK, t[i].c.verdict);
  }
  CHECK_STR_EQ("Bearer newer", s.seen[s.nseen - 1].authorization);
  pool_close(p);
  tcalls_release(t, 2);
}

TEST(a_refresh_that_fails_is_fatal_auth)
{
  static const struct ss_step refused = {SS_REPLY, 0, "401 Unauthorized", NULL, "{}"};
  struct ss_server s;
  CHECK(ss_start(&s, &refused, 1));
  static const char *const tokens[] = {"Bearer new"};
  struct refresher r = {0, CSP_E_AUTH, tokens, 1};
  struct pool *p = refreshing_pool(1, &r);
  struct tcall t[2];
  submit_gets(p, t, 2, s.base);
  CHECK_INT_EQ(CSP_E_AUTH, drive(p, 8000));
  ss_stop(&s);
  CHECK_INT_EQ(1, r.calls);
  CHECK_INT_EQ(1, s.nseen);
  CHECK_INT_EQ(VERDICT_FATAL_AUTH, t[0].c.verdict);
  CHECK(t[1].c.cancelled);
  pool_close(p);
  tcalls_release(t, 2);
}

TEST(a_token_that_worked_and_then_expired_is_renewed_every_time_it_expires)
{
  static const struct ss_step expired = {SS_REPLY, 0, "401 Unauthorized", NULL,
                                         "{\"code\":\"Unauthorized\"}"};
  /* call 0 works; call 1 meets an expired token, is refreshed and works; call 2 meets the
   * new token expired (it worked, so it is renewed, not fatal) and works after a refresh. */
  const struct ss_step steps[] = {ok_step, expired, ok_step, expired, ok_step};
  struct ss_server s;
  CHECK(ss_start(&s, steps, 5));
  static const char *const tokens[] = {"Bearer t1", "Bearer t2"};
  struct refresher r = {0, 0, tokens, 2};
  struct pool *p = refreshing_pool(1, &r);
  struct tcall t[3];
  submit_gets(p, t, 3, s.base);
  CHECK_INT_EQ(CSP_E_OK, drive(p, 8000));
  ss_stop(&s);
  CHECK_INT_EQ(2, r.calls);
  CHECK_INT_EQ(5, s.nseen);
  CHECK_STR_EQ("Bearer old", s.seen[1].authorization);
  CHECK_STR_EQ("Bearer t1", s.seen[2].authorization);
  CHECK_STR_EQ("Bearer t1", s.seen[3].authorization);
  CHECK_STR_EQ("Bearer t2", s.seen[4].authorization);
  for (int i = 0; i < 3; i++)
    CHECK_INT_EQ(VERDICT_OK, t[i].c.verdict);
  CHECK_INT_EQ(1, t[0].c.attempts);
  CHECK_INT_EQ(2, t[1].c.attempts);
  CHECK_INT_EQ(2, t[2].c.attempts);
  pool_close(p);
  tcalls_release(t, 3);
}

TEST(set_authorization_sends_the_new_token_on_calls_started_afterwards)
{
  struct ss_server s;
  CHECK(ss_start(&s, &ok_step, 1));
  struct pool_options o = fast_options();
  o.concurrency = 1;
  struct pool *p = new_pool(&o);
  struct tcall t[2];
  submit_gets(p, t, 1, s.base);
  CHECK_INT_EQ(CSP_E_OK, drive(p, 5000));
  pool_set_authorization(p, "Bearer proactive");
  submit_gets(p, t + 1, 1, s.base);
  CHECK_INT_EQ(CSP_E_OK, drive(p, 5000));
  ss_stop(&s);
  CHECK_INT_EQ(2, s.nseen);
  CHECK_STR_EQ("Bearer old", s.seen[0].authorization);
  CHECK_STR_EQ("Bearer proactive", s.seen[1].authorization);
  pool_close(p);
  tcalls_release(t, 2);
}

/* --- 403 against the sandbox --- */

static void sandbox_pool(struct sc_client *c, struct sandbox_options *so, char *auth,
                         size_t auth_size, struct pool **p)
{
  CHECK(sc_start(c, so));
  snprintf(auth, auth_size, "Bearer %s", c->token);
  struct pool_options o = fast_options();
  o.concurrency = 1;
  o.authorization = auth;
  *p = new_pool(&o);
}

TEST(the_admin_agent_403_is_fatal_forbidden_and_queued_calls_are_cancelled)
{
  struct sc_client c;
  struct sandbox_options so;
  sandbox_options_init(&so);
  so.deny_admin = true;
  char auth[4200], url[128];
  struct pool *p;
  sandbox_pool(&c, &so, auth, sizeof(auth), &p);
  snprintf(url, sizeof(url), "%s/v1/countryvalidationrules/US", c.base);
  struct tcall t[4];
  submit_gets(p, t, 4, url);
  CHECK_INT_EQ(CSP_E_FORBIDDEN, drive(p, 8000));
  CHECK_INT_EQ(VERDICT_FATAL_FORBIDDEN, t[0].c.verdict);
  CHECK_INT_EQ(403, t[0].c.res.status);
  CHECK_STR_EQ("Forbidden", t[0].c.api_code);
  CHECK_CONTAINS(t[0].c.res.body, "does not have the rights");
  for (int i = 1; i < 4; i++) {
    CHECK(t[i].c.cancelled);
    CHECK_INT_EQ(0, t[i].c.attempts);
    CHECK_INT_EQ(1, t[i].done);
  }
  struct sc_reply r;
  sc_request(&c, "GET", "/sandbox/state", NULL, NULL, &r);
  CHECK_CONTAINS(sc_body(&r), "\"GET /v1/countryvalidationrules\":{\"403\":1}");
  sc_reply_free(&r);
  pool_close(p);
  sc_stop(&c);
  tcalls_release(t, 4);
}

TEST(a_403_with_code_2030_is_final_for_that_call_and_the_pool_keeps_going)
{
  struct sc_client c;
  struct sandbox_options so;
  sandbox_options_init(&so);
  memcpy(so.partner_market, "DE", 3); /* a US customer is outside the partner's market */
  char auth[4200], create_url[128], rules_url[128], body[2048];
  struct pool *p;
  sandbox_pool(&c, &so, auth, sizeof(auth), &p);
  snprintf(create_url, sizeof(create_url), "%s/v1/customers", c.base);
  snprintf(rules_url, sizeof(rules_url), "%s/v1/countryvalidationrules/DE", c.base);
  sc_us_customer(body, sizeof(body), "contoso2030", "");
  struct tcall t[3];
  tcall_init(&t[0], "POST", create_url, body);
  tcall_init(&t[1], "GET", rules_url, NULL);
  tcall_init(&t[2], "GET", rules_url, NULL);
  submit_all(p, t, 3);
  CHECK_INT_EQ(CSP_E_OK, drive(p, 8000));
  CHECK_INT_EQ(403, t[0].c.res.status);
  CHECK_STR_EQ("2030", t[0].c.api_code);
  CHECK_INT_EQ(VERDICT_FINAL, t[0].c.verdict);
  CHECK_INT_EQ(1, t[0].c.attempts);
  for (int i = 1; i < 3; i++) {
    CHECK_INT_EQ(VERDICT_OK, t[i].c.verdict);
    CHECK_INT_EQ(200, t[i].c.res.status);
    CHECK(!t[i].c.cancelled);
  }
  CHECK_INT_EQ(1, t[0].order);
  pool_close(p);
  sc_stop(&c);
  tcalls_release(t, 3);
}

/* --- the injected error parser --- */

TEST(a_refused_calls_api_code_comes_from_the_injected_parser_and_is_empty_without_one)
{
  static const struct ss_step refused = {SS_REPLY, 0, "400 Bad Request", NULL,
                                         "{\"code\":600049,\"description\":\"bad\"}"};
  struct ss_server s;
  struct tcall t;
  struct pool_options o = fast_options();
  struct pool *p = run_one(&s, &refused, 1, &o, NULL, NULL, &t);
  CHECK_INT_EQ(400, t.c.res.status);
  CHECK_STR_EQ("600049", t.c.api_code);
  pool_close(p);
  tcalls_release(&t, 1);

  o.error_code = NULL; /* http/ alone knows no API's error format */
  p = run_one(&s, &refused, 1, &o, NULL, NULL, &t);
  CHECK_INT_EQ(400, t.c.res.status);
  CHECK_STR_EQ("", t.c.api_code);
  CHECK_INT_EQ(VERDICT_FINAL, t.c.verdict);
  pool_close(p);
  tcalls_release(&t, 1);
}

/* --- cancelling and freeing --- */

TEST(cancel_queued_finishes_queued_calls_as_cancelled_and_leaves_the_in_flight_one_alone)
{
  static const struct ss_step slow = {SS_REPLY, 150, "200 OK", NULL, "{}"};
  struct ss_server s;
  CHECK(ss_start(&s, &slow, 1));
  struct pool_options o = fast_options();
  o.concurrency = 1;
  struct pool *p = new_pool(&o);
  struct tcall t[3];
  submit_gets(p, t, 3, s.base);
  CHECK_INT_EQ(CSP_E_OK, pool_run(p, 0)); /* starts the first */
  CHECK_INT_EQ(3, pool_pending(p));
  pool_cancel_queued(p);
  CHECK_INT_EQ(1, pool_pending(p));
  CHECK_INT_EQ(0, t[0].done);
  for (int i = 1; i < 3; i++) {
    CHECK_INT_EQ(1, t[i].done);
    CHECK(t[i].c.cancelled);
    CHECK_INT_EQ(0, t[i].c.attempts);
  }
  CHECK_INT_EQ(CSP_E_OK, drive(p, 5000));
  CHECK_INT_EQ(1, t[0].done);
  CHECK(!t[0].c.cancelled);
  CHECK_INT_EQ(VERDICT_OK, t[0].c.verdict);
  /* Cancelling is not stopping: a call submitted afterwards runs normally. */
  struct tcall more;
  tcall_init(&more, "GET", s.base, NULL);
  pool_submit(p, &more.c);
  CHECK_INT_EQ(CSP_E_OK, drive(p, 5000));
  ss_stop(&s);
  CHECK_INT_EQ(2, s.nseen);
  CHECK_INT_EQ(VERDICT_OK, more.c.verdict);
  pool_close(p);
  tcalls_release(t, 3);
  tcalls_release(&more, 1);
}

TEST(a_call_submitted_from_a_done_callback_runs_like_any_other)
{
  struct ss_server s;
  CHECK(ss_start(&s, &ok_step, 1));
  struct pool_options o = fast_options();
  struct pool *p = new_pool(&o);
  struct tcall first, second;
  tcall_init(&first, "GET", s.base, NULL);
  tcall_init(&second, "POST", s.base, "{}");
  first.follow = &second;
  first.pool = p;
  pool_submit(p, &first.c);
  CHECK_INT_EQ(CSP_E_OK, drive(p, 5000));
  ss_stop(&s);
  CHECK_INT_EQ(2, s.nseen);
  CHECK_STR_EQ("POST", s.seen[1].method);
  CHECK_INT_EQ(1, second.done);
  CHECK_INT_EQ(VERDICT_OK, second.c.verdict);
  pool_close(p);
  tcalls_release(&first, 1);
  tcalls_release(&second, 1);
}

TEST(a_call_submitted_from_a_cancelled_calls_callback_is_cancelled_too_not_lost)
{
  struct pool_options o = fast_options();
  struct pool *p = new_pool(&o);
  struct tcall first, second;
  tcall_init(&first, "GET", "http://127.0.0.1:9/", NULL);
  tcall_init(&second, "GET", "http://127.0.0.1:9/", NULL);
  first.follow = &second;
  first.pool = p;
  pool_submit(p, &first.c);
  pool_cancel_queued(p);
  CHECK_INT_EQ(1, first.done);
  CHECK(first.c.cancelled);
  CHECK_INT_EQ(1, second.done);
  CHECK(second.c.cancelled);
  CHECK_INT_EQ(0, pool_pending(p));
  pool_close(p);
  tcalls_release(&first, 1);
  tcalls_release(&second, 1);
}

TEST(freeing_the_pool_with_calls_in_flight_abandons_them_without_callbacks)
{
  static const struct ss_step hang = {SS_HANG, 0, NULL, NULL, NULL};
  struct ss_server s;
  CHECK(ss_start(&s, &hang, 1));
  struct pool_options o = fast_options();
  o.concurrency = 2;
  struct pool *p = new_pool(&o);
  struct tcall t[3];
  for (int i = 0; i < 3; i++)
    tcall_init(&t[i], "POST", s.base, "{\"a\":1}");
  submit_all(p, t, 3);
  long long end = clock_now_ms() + 5000;
  while (ss_count(&s) < 2 && clock_now_ms() < end)
    (void)pool_run(p, 20);
  CHECK_INT_EQ(2, ss_count(&s));
  CHECK_INT_EQ(3, pool_pending(p));
  pool_close(p);
  ss_stop(&s);
  for (int i = 0; i < 3; i++)
    CHECK_INT_EQ(0, t[i].done);
  tcalls_release(t, 3);
}

RUN_TESTS()
