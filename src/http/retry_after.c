/* retry_parse_retry_after (declared in retry.h): the Retry-After header as seconds from now.
 * RFC 9110 §10.2.3 allows delta-seconds or an HTTP date; recipients must accept the three
 * date forms of §5.6.7 (IMF-fixdate, the obsolete RFC 850 and asctime forms). Dates are
 * converted to Unix time with our own civil-calendar arithmetic, so that neither the locale
 * nor the TZ variable can change the result. */
#include "http/retry.h"

#include <stdio.h>
#include <string.h>

#include "base/errors.h"

struct http_date {
  int year, month, day; /* month 1-12 */
  int hour, minute, second;
};

static const char *skip_blanks(const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's
 * days_from_civil). */
static long long days_from_civil(int y, int m, int d)
{
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  long long yoe = y - era * 400;
  long long doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int month_number(const char *name)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  for (int i = 0; i < 12; i++)
    if (strncmp(name, months + 3 * i, 3) == 0 && name[3] == '\0')
      return i + 1;
  return 0;
}

static bool date_in_range(const struct http_date *d)
{
  return d->year >= 1970 && d->year <= 9999 && d->month >= 1 && d->day >= 1 && d->day <= 31 &&
         d->hour >= 0 && d->hour <= 23 && d->minute >= 0 && d->minute <= 59 && d->second >= 0 &&
         d->second <= 60;
}

/* The three date forms. Each pattern must consume the whole (trimmed) value, which %n
 * checks; the weekday is read but not checked, as RFC 9110 suggests. */
static bool parse_imf_fixdate(const char *s, struct http_date *d, char mon[4])
{
  char wkday[4];
  int n = -1;
  return sscanf(s, "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", wkday, &d->day, mon,
                &d->year, &d->hour, &d->minute, &d->second, &n) == 7 &&
         n > 0 && s[n] == '\0';
}

static bool parse_rfc850(const char *s, struct http_date *d, char mon[4])
{
  char wkday[16];
  int n = -1;
  if (sscanf(s, "%15[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d GMT%n", wkday, &d->day, mon, &d->year,
             &d->hour, &d->minute, &d->second, &n) != 7 ||
      n <= 0 || s[n] != '\0')
    return false;
  /* A two-digit year: RFC 9110 reads one more than 50 years ahead as the past century. */
  d->year += d->year < 70 ? 2000 : 1900;
  return true;
}

static bool parse_asctime(const char *s, struct http_date *d, char mon[4])
{
  char wkday[4];
  int n = -1;
  return sscanf(s, "%3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", wkday, mon, &d->day, &d->hour,
                &d->minute, &d->second, &d->year, &n) == 7 &&
         n > 0 && s[n] == '\0';
}

static bool parse_http_date(const char *s, struct http_date *d)
{
  char mon[4] = "";
  if (!parse_imf_fixdate(s, d, mon) && !parse_rfc850(s, d, mon) && !parse_asctime(s, d, mon))
    return false;
  d->month = month_number(mon);
  return date_in_range(d);
}

/* delta-seconds: one or more digits, capped rather than overflowing. */
static bool parse_delta(const char *s, long *seconds)
{
  long v = 0;
  if (*s == '\0')
    return false;
  for (; *s; s++) {
    if (*s < '0' || *s > '9')
      return false;
    if (v < RETRY_AFTER_MAX_S)
      v = v * 10 + (*s - '0');
  }
  *seconds = v < RETRY_AFTER_MAX_S ? v : RETRY_AFTER_MAX_S;
  return true;
}

int retry_parse_retry_after(const char *header_value, time_t now, long *seconds)
{
  char buf[64];
  if (!header_value)
    return CSP_E_PROTOCOL;
  const char *start = skip_blanks(header_value);
  size_t len = strlen(start);
  while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '\t'))
    len--;
  if (len >= sizeof(buf))
    return CSP_E_PROTOCOL;
  memcpy(buf, start, len);
  buf[len] = '\0';

  if (parse_delta(buf, seconds))
    return 0;
  struct http_date d;
  if (!parse_http_date(buf, &d))
    return CSP_E_PROTOCOL;
  long long at = days_from_civil(d.year, d.month, d.day) * 86400LL + d.hour * 3600LL +
                 d.minute * 60LL + d.second;
  long long delta = at - (long long)now;
  *seconds = delta <= 0 ? 0 : delta < RETRY_AFTER_MAX_S ? (long)delta : RETRY_AFTER_MAX_S;
  return 0;
}
