/* The only reader of the clock. Everything that depends on time (rate limiter, retries, token
 * expiry) takes now_ms as a parameter; this file is where that value comes from. */
#ifndef CSP_CLOCK_H
#define CSP_CLOCK_H

#include <stddef.h>
#include <time.h>

/* Monotonic milliseconds, for durations and deadlines. */
long long clock_now_ms(void);
/* Wall-clock seconds since the epoch, for timestamps and token expiry. */
time_t clock_wall_s(void);
/* Writes the current UTC time as ISO 8601 ("2026-11-26T21:07:16Z") into out. */
void clock_iso8601(char *out, size_t cap);

#endif
