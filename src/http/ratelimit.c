/* The global token bucket of ratelimit.h. Tokens refill continuously at the current rate up
 * to the burst; a request takes one. A 429 sets a pause that every sender honours, leaves
 * exactly one token for the moment the pause ends (a probe, not a burst), and lowers the rate
 * (AIMD). The current rate is a function of time: the rate set by the last decrease, rising
 * linearly from RATELIMIT_RECOVERY_QUIET_MS after the last pause ended, capped at the
 * configured rate. Nothing here reads the clock or allocates. */
#include "http/ratelimit.h"

#include <math.h>
#include <string.h>

#include "base/errors.h"

/* Tolerance for floating-point refill: 150 ms at 6.666.../s must count as one whole token. */
#define TOKEN_EPSILON 1e-9

void ratelimit_init(struct ratelimit *rl, double rate_per_s, double burst, long long now_ms)
{
  memset(rl, 0, sizeof(*rl));
  rl->configured_per_s = rate_per_s > 0 ? rate_per_s : 1.0;
  rl->burst = burst >= 1.0 ? burst : 1.0;
  rl->tokens = rl->burst;
  rl->refilled_at_ms = now_ms;
  rl->decreased_per_s = rl->configured_per_s;
  rl->last_throttle_ms = -1;
  rl->last_decrease_ms = -1;
  rl->paused_until_ms = now_ms;
  rl->waiting_since_ms = -1;
}

double ratelimit_rate(const struct ratelimit *rl, long long now_ms)
{
  if (rl->last_throttle_ms < 0)
    return rl->configured_per_s;
  long long recovery_from = rl->paused_until_ms + RATELIMIT_RECOVERY_QUIET_MS;
  if (now_ms <= recovery_from)
    return rl->decreased_per_s;
  double climbed = rl->configured_per_s * RATELIMIT_RECOVERY_PER_MIN_FRACTION *
                   (double)(now_ms - recovery_from) / 60000.0;
  double rate = rl->decreased_per_s + climbed;
  return rate < rl->configured_per_s ? rate : rl->configured_per_s;
}

/* Brings the tokens up to now_ms. The rate may have changed since the last refill; using the
 * rate at now_ms for the whole interval is exact enough, since the executor asks every loop
 * turn and the rate moves slowly. */
static void refill(struct ratelimit *rl, long long now_ms)
{
  if (now_ms <= rl->refilled_at_ms)
    return;
  double elapsed_s = (double)(now_ms - rl->refilled_at_ms) / 1000.0;
  rl->tokens += elapsed_s * ratelimit_rate(rl, now_ms);
  if (rl->tokens > rl->burst)
    rl->tokens = rl->burst;
  rl->refilled_at_ms = now_ms;
}

/* Total wait is wall time, not a sum of answers: many senders asking during one wait, or one
 * sender asking many times, count it once. A wait runs from the first refusal to the next
 * grant. */
static void account_wait(struct ratelimit *rl, long long now_ms, long long wait_ms)
{
  if (wait_ms > 0) {
    if (rl->waiting_since_ms < 0)
      rl->waiting_since_ms = now_ms;
  } else if (rl->waiting_since_ms >= 0) {
    rl->total_wait_ms += now_ms - rl->waiting_since_ms;
    rl->waiting_since_ms = -1;
  }
}

long long ratelimit_acquire(struct ratelimit *rl, long long now_ms)
{
  long long wait_ms;
  if (now_ms < rl->paused_until_ms) {
    wait_ms = rl->paused_until_ms - now_ms;
  } else {
    refill(rl, now_ms);
    if (rl->tokens >= 1.0 - TOKEN_EPSILON) {
      rl->tokens -= 1.0;
      wait_ms = 0;
    } else {
      double missing = 1.0 - rl->tokens;
      wait_ms = (long long)ceil(missing * 1000.0 / ratelimit_rate(rl, now_ms));
      if (wait_ms < 1)
        wait_ms = 1;
    }
  }
  account_wait(rl, now_ms, wait_ms);
  return wait_ms;
}

/* The in-flight requests that were sent before a 429 tend to come back 429 as well; they are
 * one signal, not many, so they lower the rate once. */
static bool may_decrease(const struct ratelimit *rl, long long now_ms)
{
  if (rl->last_decrease_ms < 0)
    return true;
  long long holdoff_end = rl->last_decrease_ms + RATELIMIT_DECREASE_HOLDOFF_MS;
  if (holdoff_end < rl->paused_until_ms)
    holdoff_end = rl->paused_until_ms;
  return now_ms >= holdoff_end;
}

void ratelimit_throttled(struct ratelimit *rl, long long now_ms, long retry_after_ms)
{
  /* Freeze any recovery so far into decreased_per_s before the pause moves. */
  double rate = ratelimit_rate(rl, now_ms);
  if (may_decrease(rl, now_ms)) {
    double floor_rate = rl->configured_per_s * RATELIMIT_MIN_RATE_FRACTION;
    rate *= RATELIMIT_DECREASE_FACTOR;
    if (rate < floor_rate)
      rate = floor_rate;
    rl->last_decrease_ms = now_ms;
    rl->decreases++;
  }
  rl->decreased_per_s = rate;
  rl->last_throttle_ms = now_ms;
  rl->throttled++;

  long long pause_ms =
      retry_after_ms > RATELIMIT_PAUSE_FLOOR_MS ? retry_after_ms : RATELIMIT_PAUSE_FLOOR_MS;
  if (now_ms + pause_ms > rl->paused_until_ms)
    rl->paused_until_ms = now_ms + pause_ms;
  rl->tokens = 1.0;
  rl->refilled_at_ms = rl->paused_until_ms;
}

void ratelimit_stats(const struct ratelimit *rl, long long now_ms, struct ratelimit_stats *stats)
{
  stats->throttled = rl->throttled;
  stats->rate_decreases = rl->decreases;
  stats->rate_per_s = ratelimit_rate(rl, now_ms);
  stats->total_wait_ms = rl->total_wait_ms;
  if (rl->waiting_since_ms >= 0 && now_ms > rl->waiting_since_ms)
    stats->total_wait_ms += now_ms - rl->waiting_since_ms;
  stats->paused_until_ms = now_ms < rl->paused_until_ms ? rl->paused_until_ms : 0;
}

static const char *skip_blanks(const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* Reads an unsigned decimal ("12", "1.5", ".5", "3.") without strtod, which would also take
 * signs, exponents, "inf", hex and the locale's decimal separator. */
static const char *parse_decimal(const char *p, double *value)
{
  double v = 0, scale = 1;
  int digits = 0;
  for (; *p >= '0' && *p <= '9'; p++, digits++)
    v = v * 10 + (*p - '0');
  if (*p == '.') {
    for (p++; *p >= '0' && *p <= '9'; p++, digits++) {
      scale /= 10;
      v += (*p - '0') * scale;
    }
  }
  *value = v;
  return digits > 0 ? p : NULL;
}

int ratelimit_parse_rate(const char *s, double *per_s)
{
  static const struct {
    const char *suffix;
    double seconds;
  } units[] = {{"", 1}, {"/s", 1}, {"/min", 60}};
  double n;
  const char *p = s ? parse_decimal(skip_blanks(s), &n) : NULL;
  if (!p)
    return CSP_E_USAGE;
  p = skip_blanks(p);
  for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
    size_t len = strlen(units[i].suffix);
    if (strncmp(p, units[i].suffix, len) != 0 || *skip_blanks(p + len) != '\0')
      continue;
    double rate = n / units[i].seconds;
    if (!(rate > 0) || rate > RATELIMIT_MAX_RATE_PER_S)
      return CSP_E_USAGE;
    *per_s = rate;
    return 0;
  }
  return CSP_E_USAGE;
}
