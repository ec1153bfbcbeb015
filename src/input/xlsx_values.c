/* Cell values (xlsx_values.h). Numbers are parsed with strtod and printed again rather than
 * copied, because producers write binary doubles at full precision (0.30000000000000004) where
 * Excel shows 15 digits. Dates follow Excel: the 1900 system counts 1900-01-01 as day 1 and
 * keeps Lotus 1-2-3's leap day 1900-02-29 as day 60, so from day 61 on the count is simply days
 * since 1899-12-30; the 1904 system counts days since 1904-01-01. */
#include "input/xlsx_values.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hex.h"

#define MAX_EXACT_INTEGER 9007199254740992.0 /* 2^53 */
#define MAX_SERIAL 2958465.0                 /* 9999-12-31 */
#define SECONDS_PER_DAY 86400

/* "1e+20" -> "1E+20", "1.5e-07" -> "1.5E-07": Excel's spelling of the exponent. */
static void excel_exponent(char *s)
{
  char *e = strchr(s, 'e');
  if (e)
    *e = 'E';
}

bool xlsx_render_number(const char *v, char *out, size_t cap)
{
  while (*v == ' ')
    v++;
  char *end = NULL;
  errno = 0;
  double d = strtod(v, &end);
  if (end == v || !isfinite(d))
    return false;
  while (*end == ' ')
    end++;
  if (*end)
    return false;
  if (d == 0)
    d = 0; /* no "-0" */
  if (d == floor(d) && fabs(d) <= MAX_EXACT_INTEGER)
    (void)snprintf(out, cap, "%.0f", d); /* identifiers and phone numbers stay whole */
  else
    (void)snprintf(out, cap, "%.15G", d);
  excel_exponent(out);
  return true;
}

/* Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil inverse). */
static void civil_from_days(long long z, int *y, int *m, int *d)
{
  z += 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The calendar date of a whole serial day number. */
static void serial_to_civil(long long day, bool date1904, int *y, int *m, int *d)
{
  if (!date1904 && day == 60) {
    *y = 1900, *m = 2, *d = 29; /* Excel's fictitious leap day */
    return;
  }
  /* Days from the epoch's day 0 to 1970-01-01: 1899-12-30 (1900 system, day >= 61),
   * 1899-12-31 (1900 system, day < 60), 1904-01-01 (1904 system). */
  long long offset = date1904 ? 24107 : day < 60 ? 25568 : 25569;
  civil_from_days(day - offset, y, m, d);
}

bool xlsx_render_date(double serial, enum xlsx_num_kind kind, bool date1904, char *out, size_t cap)
{
  if (!(serial >= 0 && serial <= MAX_SERIAL))
    return false;
  long long total = llround(serial * SECONDS_PER_DAY);
  long long day = total / SECONDS_PER_DAY;
  long long sec = total % SECONDS_PER_DAY;
  if (kind == XLSX_TIME && day > 0)
    kind = XLSX_DATETIME; /* a time of a day other than day 0 shows its date too */
  int hh = (int)(sec / 3600), mm = (int)(sec / 60 % 60), ss = (int)(sec % 60);
  if (kind == XLSX_TIME) {
    (void)snprintf(out, cap, "%02d:%02d:%02d", hh, mm, ss);
    return true;
  }
  if (day == 0 && !date1904)
    return false; /* Excel's 1900-01-00 is no date */
  int y, m, d;
  serial_to_civil(day, date1904, &y, &m, &d);
  if (kind == XLSX_DATE)
    (void)snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
  else
    (void)snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, hh, mm, ss);
  return true;
}

/* The code point of an escape "_xHHHH_" at s (7 bytes available), or -1. */
static long escape_at(const char *s)
{
  if (s[0] != '_' || s[1] != 'x' || s[6] != '_')
    return -1;
  long cp = 0;
  for (int i = 2; i < 6; i++) {
    int h = hex_digit_value(s[i]);
    if (h < 0)
      return -1;
    cp = cp * 16 + h;
  }
  return cp;
}

/* Writes code point cp (< 0x10000, not a surrogate) as UTF-8; returns the byte count. */
static size_t put_utf8(char *o, long cp)
{
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  o[0] = (char)(0xE0 | (cp >> 12));
  o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[2] = (char)(0x80 | (cp & 0x3F));
  return 3;
}

size_t xlsx_unescape(char *s, size_t len)
{
  if (!memchr(s, '_', len))
    return len;
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    long cp = i + 7 <= len ? escape_at(s + i) : -1;
    if (cp <= 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
      s[o++] = s[i++];
      continue;
    }
    o += put_utf8(s + o, cp);
    i += 7;
  }
  s[o] = '\0';
  return o;
}
