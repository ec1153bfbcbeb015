/* Tests for src/http/ratelimit.c, driven by a fake clock: no test sleeps. */
#include "http/ratelimit.h"

#include <math.h>

#include "check.h"
#include "base/errors.h"

/* Counts how many requests start in [start_ms, end_ms) when senders ask every millisecond
 * for as long as they are granted. */
static int starts_between(struct ratelimit *rl, long long start_ms, long long end_ms)
{
  int started = 0;
  for (long long t = start_ms; t < end_ms; t++)
    while (ratelimit_acquire(rl, t) == 0)
      started++;
  return started;
}

TEST(a_full_bucket_lets_the_burst_start_at_once_then_refuses)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 10, 5, 1000);
  for (int i = 0; i < 5; i++)
    CHECK_INT_EQ(0, ratelimit_acquire(&rl, 1000));
  CHECK_INT_EQ(100, ratelimit_acquire(&rl, 1000));
}

TEST(a_refused_acquire_consumes_nothing_and_names_the_wait)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 10, 1, 0);
  CHECK_INT_EQ(0, ratelimit_acquire(&rl, 0));
  CHECK_INT_EQ(100, ratelimit_acquire(&rl, 0));
  CHECK_INT_EQ(60, ratelimit_acquire(&rl, 40));
  CHECK_INT_EQ(0, ratelimit_acquire(&rl, 100));
}

TEST(the_steady_rate_is_the_configured_rate_after_the_burst)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 400.0 / 60.0, 10, 0);
  CHECK_INT_EQ(10, starts_between(&rl, 0, 1));
  /* 60 s more at 400/min: 400 more starts (one boundary either way). */
  int started = starts_between(&rl, 1, 60001);
  CHECK(started >= 399 && started <= 401);
}

TEST(an_idle_bucket_refills_only_up_to_the_burst)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 100, 3, 0);
  CHECK_INT_EQ(3, starts_between(&rl, 0, 1));
  CHECK_INT_EQ(3, starts_between(&rl, 100000, 100001));
}

TEST(a_429_pauses_every_sender_until_retry_after)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 100, 10, 0);
  ratelimit_throttled(&rl, 0, 5000);
  CHECK_INT_EQ(5000, ratelimit_acquire(&rl, 0));
  CHECK_INT_EQ(1, ratelimit_acquire(&rl, 4999));
  /* The pause ends with one probe, not a burst of ten. */
  CHECK_INT_EQ(0, ratelimit_acquire(&rl, 5000));
  CHECK(ratelimit_acquire(&rl, 5000) > 0);
}

TEST(a_429_without_retry_after_pauses_for_the_floor)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 100, 10, 0);
  ratelimit_throttled(&rl, 0, -1);
  CHECK_INT_EQ(RATELIMIT_PAUSE_FLOOR_MS, ratelimit_acquire(&rl, 0));
  ratelimit_throttled(&rl, 5000, 0);
  CHECK_INT_EQ(RATELIMIT_PAUSE_FLOOR_MS, ratelimit_acquire(&rl, 5000));
}

TEST(a_shorter_retry_after_never_shortens_a_longer_pause)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 100, 10, 0);
  ratelimit_throttled(&rl, 0, 60000);
  ratelimit_throttled(&rl, 10, 2000);
  CHECK_INT_EQ(59990, ratelimit_acquire(&rl, 10));
}

TEST(a_429_lowers_the_rate_multiplicatively_once_per_burst_of_429s)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 100, 10, 0);
  ratelimit_throttled(&rl, 0, 1000);
  CHECK(fabs(ratelimit_rate(&rl, 0) - 80) < 1e-9);
  /* The other in-flight requests come back 429 as well: still one decrease. */
  ratelimit_throttled(&rl, 100, 1000);
  ratelimit_throttled(&rl, 200, 1000);
  CHECK(fabs(ratelimit_rate(&rl, 200) - 80) < 1e-9);
  /* A 429 after the pause and the hold-off is a new signal. */
  ratelimit_throttled(&rl, 5000, 1000);
  CHECK(fabs(ratelimit_rate(&rl, 5000) - 64) < 1e-9);
  struct ratelimit_stats st;
  ratelimit_stats(&rl, 5000, &st);
  CHECK_INT_EQ(4, st.throttled);
  CHECK_INT_EQ(2, st.rate_decreases);
}

TEST(the_rate_never_falls_below_the_floor)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 100, 10, 0);
  for (long long t = 0; t < 100 * 5000; t += 5000)
    ratelimit_throttled(&rl, t, 1000);
  CHECK(fabs(ratelimit_rate(&rl, 500000) - 100 * RATELIMIT_MIN_RATE_FRACTION) < 1e-9);
}

TEST(the_rate_recovers_additively_after_a_quiet_period)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 100, 10, 0);
  ratelimit_throttled(&rl, 0, 1000); /* 80/s, pause until 1 s */
  long long quiet_end = 1000 + RATELIMIT_RECOVERY_QUIET_MS;
  CHECK(fabs(ratelimit_rate(&rl, quiet_end) - 80) < 1e-9);
  /* +10% of 100/s per minute: 30 s later 85/s, 2 minutes later capped at 100/s. */
  CHECK(fabs(ratelimit_rate(&rl, quiet_end + 30000) - 85) < 1e-9);
  CHECK(fabs(ratelimit_rate(&rl, quiet_end + 120000) - 100) < 1e-9);
  CHECK(fabs(ratelimit_rate(&rl, quiet_end + 999999) - 100) < 1e-9);
}

TEST(a_429_during_recovery_decreases_from_the_recovered_rate)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 100, 10, 0);
  ratelimit_throttled(&rl, 0, 1000);
  long long t = 1000 + RATELIMIT_RECOVERY_QUIET_MS + 60000; /* 90/s */
  ratelimit_throttled(&rl, t, 1000);
  CHECK(fabs(ratelimit_rate(&rl, t) - 72) < 1e-9);
}

TEST(the_lowered_rate_is_what_the_bucket_hands_out)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 10, 1, 0);
  ratelimit_throttled(&rl, 0, 1000); /* 8/s from 1 s on */
  int started = starts_between(&rl, 1000, 11000);
  CHECK(started >= 80 && started <= 81);
}

TEST(total_wait_counts_wall_time_once_however_often_senders_ask)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 10, 1, 0);
  CHECK_INT_EQ(0, ratelimit_acquire(&rl, 0));
  for (long long t = 0; t < 100; t += 10) {
    CHECK(ratelimit_acquire(&rl, t) > 0);
    CHECK(ratelimit_acquire(&rl, t) > 0);
  }
  CHECK_INT_EQ(0, ratelimit_acquire(&rl, 100));
  struct ratelimit_stats st;
  ratelimit_stats(&rl, 100, &st);
  CHECK_INT_EQ(100, st.total_wait_ms);
  CHECK_INT_EQ(0, st.throttled);
  CHECK(fabs(st.rate_per_s - 10) < 1e-9);
}

TEST(stats_report_a_pause_in_progress)
{
  struct ratelimit rl;
  ratelimit_init(&rl, 10, 1, 0);
  ratelimit_throttled(&rl, 0, 3000);
  struct ratelimit_stats st;
  ratelimit_stats(&rl, 10, &st);
  CHECK_INT_EQ(3000, st.paused_until_ms);
  ratelimit_stats(&rl, 3000, &st);
  CHECK_INT_EQ(0, st.paused_until_ms);
}

static double parsed(const char *s)
{
  double v = -1;
  return ratelimit_parse_rate(s, &v) == 0 ? v : -1;
}

TEST(rates_parse_per_second_per_minute_and_bare)
{
  CHECK(fabs(parsed("10/s") - 10) < 1e-9);
  CHECK(fabs(parsed("400/min") - 400.0 / 60.0) < 1e-9);
  CHECK(fabs(parsed("7") - 7) < 1e-9);
  CHECK(fabs(parsed("2.5/s") - 2.5) < 1e-9);
  CHECK(fabs(parsed(".5") - 0.5) < 1e-9);
  CHECK(fabs(parsed("90.0/min") - 1.5) < 1e-9);
  CHECK(fabs(parsed(" 30/min ") - 0.5) < 1e-9);
}

TEST(junk_zero_and_negative_rates_are_usage_errors)
{
  const char *bad[] = {"",      " ",          "abc",   "10/h", "10/",   "/s",       "0",
                       "0/min", "0.0",        "-5",    "+5",   "1e3",   "inf",      "nan",
                       "0x10",  "10/s extra", "1.2.3", ".",    "10 20", "1000000/s"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    double v = 42;
    int rc = ratelimit_parse_rate(bad[i], &v);
    if (rc != CSP_E_USAGE || v != 42)
      CHECK_FAIL_AT("\"%s\" was accepted (rc %d, %g)", bad[i], rc, v);
  }
  double v = 42;
  CHECK_INT_EQ(CSP_E_USAGE, ratelimit_parse_rate(NULL, &v));
}

RUN_TESTS()
