/* The one global token bucket over every request of a run (SPEC §8 "Rate limiting"), with
 * AIMD reaction to throttling: a 429 pauses every sender until its Retry-After has passed and
 * lowers the rate multiplicatively; after a quiet period the rate climbs back additively.
 *
 * The limiter is pure: it never reads the clock and never sleeps. Every call takes now_ms, a
 * monotonic time in milliseconds that the caller reads once per loop turn (src/base/clock.c), so
 * the unit tests drive it with a fake clock. It allocates nothing and is not thread-safe (the
 * executor's loop is its only user). */
#ifndef CSP_RATELIMIT_H
#define CSP_RATELIMIT_H

#include <stdbool.h>

/* Pause after a 429 that carries no Retry-After (or Retry-After: 0): nobody sends for 1 s. */
#define RATELIMIT_PAUSE_FLOOR_MS 1000
/* Multiplicative decrease: a 429 multiplies the current rate by this factor... */
#define RATELIMIT_DECREASE_FACTOR 0.8
/* ...but never below this fraction of the configured rate. */
#define RATELIMIT_MIN_RATE_FRACTION 0.1
/* Requests already in flight when a 429 arrives often come back 429 too: a 429 lowers the rate
 * at most once per this many milliseconds (or per pause, if the pause is longer). */
#define RATELIMIT_DECREASE_HOLDOFF_MS 2000
/* Additive increase: once no 429 has been seen for this long after the last one... */
#define RATELIMIT_RECOVERY_QUIET_MS 30000
/* ...the rate climbs linearly by this fraction of the configured rate per minute, up to the
 * configured rate (from one decrease, x0.8, back to full in 2 minutes). */
#define RATELIMIT_RECOVERY_PER_MIN_FRACTION 0.1
/* The largest rate ratelimit_parse_rate accepts, per second. */
#define RATELIMIT_MAX_RATE_PER_S 100000.0

struct ratelimit_stats {
  unsigned long throttled;      /* 429s reported through ratelimit_throttled */
  double rate_per_s;            /* the current rate, after decreases and recovery */
  long long total_wait_ms;      /* wall time during which a sender was held back */
  long long paused_until_ms;    /* end of the current 429 pause, or 0 */
  unsigned long rate_decreases; /* how many of the 429s lowered the rate */
};

/* The bucket. Fields are private to ratelimit.c; callers read them through ratelimit_stats. */
struct ratelimit {
  double configured_per_s; /* the rate asked for (--rate) */
  double burst;            /* bucket capacity, >= 1 */
  double tokens;
  long long refilled_at_ms; /* tokens are up to date at this time */

  double decreased_per_s;     /* rate set by the last decrease */
  long long last_throttle_ms; /* time of the last 429, -1 before any */
  long long last_decrease_ms; /* time of the last rate decrease, -1 before any */
  long long paused_until_ms;  /* nobody starts a request before this time */
  long long waiting_since_ms; /* first refused acquire of the current wait, -1 if none */

  unsigned long throttled;
  unsigned long decreases;
  long long total_wait_ms;
};

/* Sets up a full bucket: burst requests may start at once, then rate_per_s per second.
 * rate_per_s must be > 0; burst below 1 is raised to 1. */
void ratelimit_init(struct ratelimit *rl, double rate_per_s, double burst, long long now_ms);

/* Asks to start one request now. Returns 0 and consumes a token when the request may start;
 * otherwise consumes nothing and returns how many milliseconds to wait before asking again
 * (> 0). During a 429 pause the wait runs to the end of the pause. */
long long ratelimit_acquire(struct ratelimit *rl, long long now_ms);

/* Reports a 429. retry_after_ms is the response's Retry-After in milliseconds, or < 0 when it
 * had none. Every sender is paused until now_ms + max(retry_after_ms, RATELIMIT_PAUSE_FLOOR_MS)
 * (a pause never shortens an earlier, longer one), the bucket is emptied so that the pause
 * ends with a single request rather than a burst, and the rate is lowered (AIMD, see above). */
void ratelimit_throttled(struct ratelimit *rl, long long now_ms, long retry_after_ms);

/* The current rate in requests per second, including any recovery up to now_ms. */
double ratelimit_rate(const struct ratelimit *rl, long long now_ms);

/* Fills stats as of now_ms (for the summary: "throttling seen"). */
void ratelimit_stats(const struct ratelimit *rl, long long now_ms, struct ratelimit_stats *stats);

/* Parses a rate option: "N/s", "N/min" or a bare "N" (per second), N a decimal number such as
 * "400", "6.5" or ".5", optionally surrounded by blanks. Stores the rate per second in *per_s.
 * Returns 0, or CSP_E_USAGE (and leaves *per_s alone) for anything else: junk, a missing
 * number, zero, a negative rate, a rate above RATELIMIT_MAX_RATE_PER_S. The config loader
 * reports CSP_E_CONFIG with the file and line instead. */
int ratelimit_parse_rate(const char *s, double *per_s);

#endif
