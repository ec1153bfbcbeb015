/* Tests for the sandbox's realism knobs (src/sandbox/faults.c and the router's use of them):
 * seeded draws replay exactly, each fault kind shows up as the client would see it, the
 * rate limit answers 429 with Retry-After, latency is added, and a withheld response neither
 * loses the commit nor blocks shutdown. */
#include <cjson/cJSON.h>
#include <pthread.h>
#include <time.h>

#include "check.h"
#include "base/errors.h"
#include "sandbox/faults.h"
#include "sandbox_client.h"

static long long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

TEST(the_same_seed_draws_the_same_faults_and_another_seed_draws_others)
{
  struct sb_faults a, b, other;
  const char *spec = "500=0.2,503=0.1,reset=0.1,bad_json=0.1,timeout_after_commit=0.05";
  CHECK_INT_EQ(0, sb_faults_init(&a, 42, 100, 0, spec));
  CHECK_INT_EQ(0, sb_faults_init(&b, 42, 100, 0, spec));
  CHECK_INT_EQ(0, sb_faults_init(&other, 43, 100, 0, spec));
  int same = 0, differ = 0, hits[SB_FAULT_COUNT] = {0};
  for (uint64_t n = 0; n < 10000; n++) {
    struct sb_draw x = sb_faults_draw(&a, n), y = sb_faults_draw(&b, n);
    struct sb_draw z = sb_faults_draw(&other, n);
    same += x.fault == y.fault && x.latency_ms == y.latency_ms;
    differ += x.fault != z.fault;
    hits[x.fault]++;
    CHECK(x.latency_ms >= 50 && x.latency_ms <= 150);
  }
  CHECK_INT_EQ(10000, same);
  CHECK(differ > 1000);
  CHECK(hits[SB_FAULT_HTTP_500] > 1800 && hits[SB_FAULT_HTTP_500] < 2200);
  CHECK(hits[SB_FAULT_NONE] > 4200 && hits[SB_FAULT_NONE] < 4800);
  sb_faults_release(&a);
  sb_faults_release(&b);
  sb_faults_release(&other);
}

TEST(a_bad_fault_spec_is_a_usage_error)
{
  struct sb_faults f;
  CHECK_INT_EQ(CSP_E_USAGE, sb_faults_init(&f, 1, 0, 0, "teapot=0.1"));
  CHECK_INT_EQ(CSP_E_USAGE, sb_faults_init(&f, 1, 0, 0, "500=1.5"));
  CHECK_INT_EQ(CSP_E_USAGE, sb_faults_init(&f, 1, 0, 0, "500=0.6,503=0.6"));
  CHECK_INT_EQ(CSP_E_USAGE, sb_faults_init(&f, 1, 0, 0, "500"));
  CHECK_INT_EQ(0, sb_faults_init(&f, 1, 0, 0, "500=0.5,,503=0.5"));
  sb_faults_release(&f);
}

/* The outcomes of n sequential requests on fresh connections, as one string. */
static void outcomes(unsigned long seed, const char *spec, int n, char *out, size_t size)
{
  struct sandbox_options o;
  struct sc_client c;
  struct sc_reply r;
  sandbox_options_init(&o);
  o.seed = seed;
  o.faults = spec;
  CHECK(sc_start(&c, &o));
  c.fresh = true;
  size_t used = 0;
  out[0] = '\0';
  for (int i = 0; i < n; i++) {
    sc_request(&c, "GET", "/v1/countryvalidationrules/US", NULL, NULL, &r);
    cJSON *doc = cJSON_Parse(sc_body(&r));
    used += (size_t)snprintf(out + used, size - used, "%ld%s ", r.status,
                             r.curl != CURLE_OK ? "!"
                             : doc              ? ""
                                                : "?");
    cJSON_Delete(doc);
    sc_reply_free(&r);
  }
  sc_stop(&c);
}

TEST(a_seeded_sandbox_replays_the_same_sequence_of_outcomes_over_http)
{
  const char *spec = "500=0.2,503=0.15,reset=0.15,bad_json=0.15";
  char first[512], second[512], other[512];
  outcomes(7, spec, 30, first, sizeof(first));
  outcomes(7, spec, 30, second, sizeof(second));
  outcomes(8, spec, 30, other, sizeof(other));
  CHECK_STR_EQ(first, second);
  CHECK(strcmp(first, other) != 0);
  CHECK_CONTAINS(first, "500 ");
  CHECK_CONTAINS(first, "503 ");
  CHECK_CONTAINS(first, "0! ");
  CHECK_CONTAINS(first, "200? ");
  CHECK_CONTAINS(first, "200 ");
}

TEST(token_expiry_expires_a_token_that_has_worked_and_for_good)
{
  struct sandbox_options o;
  struct sc_client c;
  sandbox_options_init(&o);
  o.faults = "token_expiry=1";
  CHECK(sc_start(&c, &o));
  SC_EXPECT(&c, "HEAD", "/v1/domains/a.onmicrosoft.com", NULL, 404, NULL); /* first use */
  SC_EXPECT(&c, "GET", "/v1/customers", NULL, 401, "expired");
  SC_EXPECT(&c, "HEAD", "/v1/domains/a.onmicrosoft.com", NULL, 401, NULL);
  sc_stop(&c);
}

/* A seed whose first /v1 draw is timeout_after_commit and whose second is no fault. */
static unsigned long seed_hanging_once(const char *spec)
{
  struct sb_faults f;
  for (unsigned long seed = 1;; seed++) {
    (void)sb_faults_init(&f, seed, 0, 0, spec);
    bool fits = sb_faults_draw(&f, 0).fault == SB_FAULT_TIMEOUT_AFTER_COMMIT &&
                sb_faults_draw(&f, 1).fault == SB_FAULT_NONE;
    sb_faults_release(&f);
    if (fits)
      return seed;
  }
}

TEST(timeout_after_commit_stores_the_customer_and_the_retry_with_the_same_request_id_gets_it)
{
  struct sandbox_options o;
  struct sc_client c;
  struct sc_reply r;
  char body[2048];
  const char *const rid[] = {"MS-RequestId: retry-me", NULL};
  sandbox_options_init(&o);
  o.faults = "timeout_after_commit=0.5";
  o.seed = seed_hanging_once(o.faults);
  o.hang_ms = 5000;
  CHECK(sc_start(&c, &o));
  c.timeout_ms = 300;
  sc_us_customer(body, sizeof(body), "hung", "");
  sc_request(&c, "POST", "/v1/customers", body, rid, &r);
  CHECK_INT_EQ(CURLE_OPERATION_TIMEDOUT, r.curl);
  sc_reply_free(&r);
  sc_request(&c, "GET", "/sandbox/state", NULL, NULL, &r);
  CHECK_CONTAINS(sc_body(&r), "\"domain\":\"hung.onmicrosoft.com\"");
  CHECK_CONTAINS(sc_body(&r), "\"timeout\":1");
  sc_reply_free(&r);
  sc_request(&c, "POST", "/v1/customers", body, rid, &r);
  CHECK_INT_EQ(201, r.status);
  CHECK_CONTAINS(sc_body(&r), "hung.onmicrosoft.com");
  sc_reply_free(&r);
  sc_stop(&c);
}

struct hanger {
  struct sc_client client;
  CURLcode curl;
};

static void *hang(void *arg)
{
  struct hanger *h = arg;
  struct sc_reply r;
  sc_request(&h->client, "HEAD", "/v1/domains/x.onmicrosoft.com", NULL, NULL, &r);
  h->curl = r.curl;
  sc_reply_free(&r);
  return NULL;
}

TEST(stopping_the_sandbox_does_not_wait_for_a_withheld_response)
{
  struct sandbox_options o;
  struct hanger h;
  pthread_t t;
  sandbox_options_init(&o);
  o.faults = "timeout_after_commit=1";
  o.hang_ms = 60000;
  CHECK(sc_start(&h.client, &o));
  h.client.timeout_ms = 20000;
  pthread_create(&t, NULL, hang, &h);
  struct timespec pause = {0, 200 * 1000000L};
  nanosleep(&pause, NULL);
  long long started = now_ms();
  sc_stop(&h.client);
  CHECK(now_ms() - started < 30000); /* not the 60 s the response is withheld */
  pthread_join(t, NULL);
  CHECK(h.curl != CURLE_OK);
}

TEST(server_errors_and_resets_are_injected_on_v1_routes_but_never_on_the_token_endpoint)
{
  static const char *const specs[] = {"500=1", "503=1", "reset=1"};
  static const long statuses[] = {500, 503, 0};
  for (int i = 0; i < 3; i++) {
    struct sandbox_options o;
    struct sc_client c;
    struct sc_reply r;
    sandbox_options_init(&o);
    o.faults = specs[i];
    CHECK(sc_start(&c, &o)); /* logs in through the token endpoint */
    c.fresh = true;
    sc_request(&c, "HEAD", "/v1/domains/a.onmicrosoft.com", NULL, NULL, &r);
    CHECK_INT_EQ(statuses[i], r.status);
    if (!statuses[i])
      CHECK_INT_EQ(CURLE_GOT_NOTHING, r.curl);
    sc_reply_free(&r);
    sc_stop(&c);
  }
}

TEST(beyond_the_rate_the_sandbox_answers_429_with_retry_after)
{
  struct sandbox_options o;
  struct sc_client c;
  struct sc_reply r;
  char retry[16];
  int throttled = 0;
  sandbox_options_init(&o);
  o.rate_per_s = 5;
  CHECK(sc_start(&c, &o));
  for (int i = 0; i < 12; i++) {
    sc_request(&c, "GET", "/v1/countryvalidationrules/CA", NULL, NULL, &r);
    if (r.status == 429) {
      throttled++;
      CHECK_STR_EQ("1", sc_header(&r, "Retry-After", retry, sizeof(retry)));
      CHECK_STR_EQ("{\"statusCode\":429,\"message\":\"Rate limit is exceeded. Try again in 1 "
                   "seconds.\"}",
                   sc_body(&r));
    }
    sc_reply_free(&r);
  }
  CHECK(throttled >= 5);
  sc_stop(&c);
}

TEST(latency_adds_a_seeded_delay_around_the_mean)
{
  struct sandbox_options o;
  struct sc_client c;
  struct sc_reply r;
  sandbox_options_init(&o);
  o.latency_ms = 80;
  CHECK(sc_start(&c, &o));
  long long started = now_ms();
  for (int i = 0; i < 5; i++) {
    sc_request(&c, "HEAD", "/v1/domains/slow.onmicrosoft.com", NULL, NULL, &r);
    sc_reply_free(&r);
  }
  long long took = now_ms() - started;
  CHECK(took >= 5 * 40); /* at least half the mean each (load only adds); the draws' upper
                            bound is latency_ms's, checked without a clock above */
  sc_stop(&c);
}

RUN_TESTS()
