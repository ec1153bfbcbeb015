/* Clock readings behind clock.h. */
#include "base/clock.h"

long long clock_now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

time_t clock_wall_s(void)
{
  return time(NULL);
}

void clock_iso8601(char *out, size_t cap)
{
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
