/* Tests for src/http/retry.c and retry_after.c: every status class, the 401 and 403 rules,
 * backoff bounds and growth, and both forms of Retry-After. */
#include "http/retry.h"

#include "check.h"
#include "base/errors.h"

static struct http_response reply(int status)
{
  struct http_response res;
  http_response_init(&res);
  res.transport = HTTP_TRANSPORT_OK;
  res.status = status;
  return res;
}

static struct http_response no_reply(enum http_transport transport)
{
  struct http_response res;
  http_response_init(&res);
  res.transport = transport;
  return res;
}

#define CHECK_VERDICT(expected, actual) \
  CHECK_STR_EQ(retry_verdict_name(expected), retry_verdict_name(actual))

TEST(every_2xx_is_ok_for_reads_and_writes)
{
  const int statuses[] = {200, 201, 202, 204, 299};
  for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
    struct http_response res = reply(statuses[i]);
    CHECK_VERDICT(VERDICT_OK, retry_classify(&res, NULL, false, false));
    CHECK_VERDICT(VERDICT_OK, retry_classify(&res, NULL, false, true));
  }
}

TEST(a_429_waits_for_retry_after_even_for_a_write)
{
  struct http_response res = reply(429);
  CHECK_VERDICT(VERDICT_RETRY_AFTER, retry_classify(&res, NULL, false, false));
  CHECK_VERDICT(VERDICT_RETRY_AFTER, retry_classify(&res, NULL, false, true));
}

TEST(a_5xx_backs_off_a_read_and_makes_a_write_unknown)
{
  const int statuses[] = {500, 502, 503, 504, 599};
  for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
    struct http_response res = reply(statuses[i]);
    CHECK_VERDICT(VERDICT_BACKOFF, retry_classify(&res, NULL, false, false));
    CHECK_VERDICT(VERDICT_UNKNOWN_OUTCOME, retry_classify(&res, NULL, false, true));
  }
}

TEST(a_connect_failure_is_safe_to_retry_even_for_a_write)
{
  struct http_response res = no_reply(HTTP_TRANSPORT_CONNECT);
  CHECK_VERDICT(VERDICT_BACKOFF, retry_classify(&res, NULL, false, false));
  CHECK_VERDICT(VERDICT_BACKOFF, retry_classify(&res, NULL, false, true));
}

TEST(a_write_sent_without_reply_or_timed_out_has_an_unknown_outcome)
{
  const enum http_transport ts[] = {HTTP_TRANSPORT_SENT_NO_REPLY, HTTP_TRANSPORT_TIMEOUT,
                                    HTTP_TRANSPORT_OTHER};
  for (size_t i = 0; i < sizeof(ts) / sizeof(ts[0]); i++) {
    struct http_response res = no_reply(ts[i]);
    CHECK_VERDICT(VERDICT_BACKOFF, retry_classify(&res, NULL, false, false));
    CHECK_VERDICT(VERDICT_UNKNOWN_OUTCOME, retry_classify(&res, NULL, false, true));
  }
}

TEST(a_401_refreshes_the_token_once_and_the_second_is_fatal)
{
  struct http_response res = reply(401);
  CHECK_VERDICT(VERDICT_REFRESH_TOKEN, retry_classify(&res, NULL, false, true));
  CHECK_VERDICT(VERDICT_FATAL_AUTH, retry_classify(&res, NULL, true, true));
  CHECK_VERDICT(VERDICT_FATAL_AUTH, retry_classify(&res, "900420", true, false));
}

TEST(a_403_without_a_per_row_code_is_fatal)
{
  struct http_response res = reply(403);
  CHECK_VERDICT(VERDICT_FATAL_FORBIDDEN, retry_classify(&res, NULL, false, true));
  CHECK_VERDICT(VERDICT_FATAL_FORBIDDEN, retry_classify(&res, "12345", false, false));
}

TEST(a_403_with_a_market_or_reseller_code_is_final_for_the_row_only)
{
  const char *codes[] = {"2030", "600006", "800039", "900123", "900124"};
  for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
    struct http_response res = reply(403);
    CHECK_VERDICT(VERDICT_FINAL, retry_classify(&res, codes[i], false, true));
  }
}

TEST(a_per_row_403_code_on_another_status_follows_the_status)
{
  struct http_response res = reply(503);
  CHECK_VERDICT(VERDICT_BACKOFF, retry_classify(&res, "2030", false, false));
}

TEST(client_errors_are_final)
{
  const int statuses[] = {400, 402, 404, 405, 409, 410, 422, 499, 301, 100};
  for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
    struct http_response res = reply(statuses[i]);
    CHECK_VERDICT(VERDICT_FINAL, retry_classify(&res, NULL, false, false));
    CHECK_VERDICT(VERDICT_FINAL, retry_classify(&res, "600050", false, true));
  }
}

TEST(a_408_backs_off_because_the_server_never_took_the_request)
{
  struct http_response res = reply(408);
  CHECK_VERDICT(VERDICT_BACKOFF, retry_classify(&res, NULL, false, true));
}

TEST(an_attestation_that_already_exists_counts_as_success)
{
  struct http_response res = reply(400);
  CHECK_VERDICT(VERDICT_OK, retry_classify(&res, "600061", false, true));
}

TEST(only_retry_after_backoff_and_refresh_retry_at_once)
{
  CHECK(retry_verdict_retries(VERDICT_RETRY_AFTER));
  CHECK(retry_verdict_retries(VERDICT_BACKOFF));
  CHECK(retry_verdict_retries(VERDICT_REFRESH_TOKEN));
  CHECK(!retry_verdict_retries(VERDICT_OK));
  CHECK(!retry_verdict_retries(VERDICT_UNKNOWN_OUTCOME));
  CHECK(!retry_verdict_retries(VERDICT_FINAL));
  CHECK(!retry_verdict_retries(VERDICT_FATAL_AUTH));
  CHECK(!retry_verdict_retries(VERDICT_FATAL_FORBIDDEN));
  CHECK_STR_EQ("unknown", retry_verdict_name(VERDICT_COUNT));
}

TEST(backoff_is_bounded_by_base_times_two_to_the_attempt)
{
  /* The largest random value gives the ceiling itself; 0 gives 0. */
  CHECK_INT_EQ(0, retry_backoff_ms(0, 1000, 60000, 0));
  CHECK_INT_EQ(1000, retry_backoff_ms(0, 1000, 60000, 1000));
  CHECK_INT_EQ(2000, retry_backoff_ms(1, 1000, 60000, 2000));
  CHECK_INT_EQ(4000, retry_backoff_ms(2, 1000, 60000, 4000));
  CHECK_INT_EQ(32000, retry_backoff_ms(5, 1000, 60000, 32000));
  CHECK_INT_EQ(0, retry_backoff_ms(5, 1000, 60000, 32001)); /* modulo 32001 */
}

TEST(backoff_never_exceeds_the_cap_and_never_overflows)
{
  CHECK_INT_EQ(60000, retry_backoff_ms(6, 1000, 60000, 60000));
  CHECK_INT_EQ(60000, retry_backoff_ms(1000000, 1000, 60000, 60000));
  CHECK_INT_EQ(60000, retry_backoff_ms(62, 1000, 60000, 60000));
  for (uint64_t r = UINT64_MAX - 1000; r != 0; r++) {
    long long ms = retry_backoff_ms(100, 1000, 60000, r);
    if (ms < 0 || ms > 60000)
      CHECK_FAIL_AT("random %llu gave %lld", (unsigned long long)r, ms);
  }
  CHECK_INT_EQ(0, retry_backoff_ms(3, 0, 60000, 12345));
  CHECK_INT_EQ(50, retry_backoff_ms(3, 100, 50, 50)); /* base above cap: the cap rules */
}

TEST(backoff_grows_on_average_with_each_attempt)
{
  long long previous_mean = 0;
  for (int attempt = 0; attempt < 6; attempt++) {
    long long sum = 0;
    uint64_t x = 88172645463325252ULL; /* xorshift64: a fixed, spread sequence */
    for (int i = 0; i < 1000; i++) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      sum += retry_backoff_ms(attempt, 100, 1000000, x);
    }
    long long mean = sum / 1000;
    long long ceiling = 100LL << attempt;
    CHECK(mean > ceiling * 4 / 10 && mean < ceiling * 6 / 10); /* full jitter: mean ~ half */
    CHECK(mean > previous_mean);
    previous_mean = mean;
  }
}

static long retry_after(const char *value, time_t now)
{
  long s = -7;
  return retry_parse_retry_after(value, now, &s) == 0 ? s : -1;
}

TEST(retry_after_in_delta_seconds)
{
  CHECK_INT_EQ(57, retry_after("57", 0));
  CHECK_INT_EQ(0, retry_after("0", 0));
  CHECK_INT_EQ(120, retry_after("  120 ", 0));
  CHECK_INT_EQ(RETRY_AFTER_MAX_S, retry_after("99999999999999999999999", 0));
}

TEST(retry_after_as_an_http_date_in_each_form)
{
  /* 1994-11-06 08:49:37 UTC = 784111777 */
  CHECK_INT_EQ(30, retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111747));
  CHECK_INT_EQ(30, retry_after("Sunday, 06-Nov-94 08:49:37 GMT", 784111747));
  CHECK_INT_EQ(30, retry_after("Sun Nov  6 08:49:37 1994", 784111747));
  /* Across a leap day: 2024-03-01 00:00:00 UTC = 1709251200 */
  CHECK_INT_EQ(86400, retry_after("Fri, 01 Mar 2024 00:00:00 GMT", 1709251200 - 86400));
  CHECK_INT_EQ(5, retry_after("Thursday, 29-Feb-24 23:59:59 GMT", 1709251200 - 6));
}

TEST(retry_after_in_the_past_is_zero_and_far_future_is_capped)
{
  CHECK_INT_EQ(0, retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 1709251200));
  CHECK_INT_EQ(RETRY_AFTER_MAX_S, retry_after("Fri, 01 Mar 2124 00:00:00 GMT", 1709251200));
}

TEST(retry_after_junk_is_a_protocol_error)
{
  const char *bad[] = {"",
                       " ",
                       "-5",
                       "+5",
                       "1.5",
                       "soon",
                       "Sun, 06 Nov 1994 08:49:37",
                       "Sun, 06 Nov 1994 08:49:37 GMT extra",
                       "Sun, 06 Foo 1994 08:49:37 GMT",
                       "Sun, 32 Nov 1994 08:49:37 GMT",
                       "Sun, 06 Nov 1994 25:49:37 GMT"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    long s = -7;
    int rc = retry_parse_retry_after(bad[i], 0, &s);
    if (rc != CSP_E_PROTOCOL || s != -7)
      CHECK_FAIL_AT("\"%s\" was accepted (rc %d, %ld)", bad[i], rc, s);
  }
  long s = -7;
  CHECK_INT_EQ(CSP_E_PROTOCOL, retry_parse_retry_after(NULL, 0, &s));
}

RUN_TESTS()
