/* The steps of `normalize:`, applied to a value before any check: trim, upper, lower,
 * digits, alnum (ASCII letters and digits: a registration number written 11.222.333/0001-81)
 * phone (phone.c) and country_prefix (country_prefix.c: CH-8001 is 8001). Each rewrites the value
 * in place and never lengthens it, so the validator needs one copy of a value, whatever the number
 * of steps. Case mapping is ASCII only: the values it serves (codes, states, cultures) are ASCII.
 */
#include "rules/rules_internal.h"

static const char *const step_names[NORMALIZE_COUNT] = {"trim",  "upper", "lower",         "digits",
                                                        "alnum", "phone", "country_prefix"};

const char *normalize_step_name(enum normalize_step step)
{
  return (unsigned)step < NORMALIZE_COUNT ? step_names[step] : "?";
}

int normalize_step_by_name(const char *name)
{
  for (int i = 0; i < NORMALIZE_COUNT; i++)
    if (!strcmp(step_names[i], name))
      return i;
  return -1;
}

/* Length of the blank (ASCII white space or U+00A0, Excel's non-breaking space) at s. */
static size_t blank_at(const char *s, size_t left)
{
  if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
    return 1;
  if (left >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
    return 2;
  return 0;
}

static size_t trim(char *s, size_t len)
{
  size_t start = 0, n;
  while (start < len && (n = blank_at(s + start, len - start)))
    start += n;
  size_t end = len;
  for (;;) {
    if (end > start && blank_at(s + end - 1, 1) == 1)
      end--;
    else if (end >= start + 2 && blank_at(s + end - 2, 2) == 2)
      end -= 2;
    else
      break;
  }
  memmove(s, s + start, end - start);
  return end - start;
}

static size_t change_case(char *s, size_t len, bool upper)
{
  for (size_t i = 0; i < len; i++) {
    if (upper && s[i] >= 'a' && s[i] <= 'z')
      s[i] = (char)(s[i] - 'a' + 'A');
    else if (!upper && s[i] >= 'A' && s[i] <= 'Z')
      s[i] = (char)(s[i] - 'A' + 'a');
  }
  return len;
}

static bool ascii_alnum(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Keeps the digits (and, with letters, the ASCII letters) of s. */
static size_t keep_only(char *s, size_t len, bool letters)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    if ((s[i] >= '0' && s[i] <= '9') || (letters && ascii_alnum(s[i])))
      s[n++] = s[i];
  return n;
}

size_t normalize_apply(enum normalize_step step, char *s, size_t len,
                       const struct market_rules *market)
{
  switch (step) {
  case NORMALIZE_TRIM:
    return trim(s, len);
  case NORMALIZE_UPPER:
    return change_case(s, len, true);
  case NORMALIZE_LOWER:
    return change_case(s, len, false);
  case NORMALIZE_DIGITS:
    return keep_only(s, len, false);
  case NORMALIZE_ALNUM:
    return keep_only(s, len, true);
  case NORMALIZE_PHONE:
    return phone_normalize(s, len, market);
  case NORMALIZE_COUNTRY_PREFIX: {
    size_t n = country_prefix_length(s, len, market);
    memmove(s, s + n, len - n);
    return len - n;
  }
  case NORMALIZE_COUNT:
    break;
  }
  return len;
}

static bool any_byte(const char *s, size_t len, char lo, char hi, bool inside)
{
  for (size_t i = 0; i < len; i++)
    if ((s[i] >= lo && s[i] <= hi) == inside)
      return true;
  return false;
}

bool normalize_needed(enum normalize_step step, const char *s, size_t len,
                      const struct market_rules *market)
{
  switch (step) {
  case NORMALIZE_TRIM:
    return len > 0 && (blank_at(s, len) || blank_at(s + len - 1, 1) ||
                       (len >= 2 && blank_at(s + len - 2, 2) == 2));
  case NORMALIZE_UPPER:
    return any_byte(s, len, 'a', 'z', true);
  case NORMALIZE_LOWER:
    return any_byte(s, len, 'A', 'Z', true);
  case NORMALIZE_DIGITS:
    return any_byte(s, len, '0', '9', false);
  case NORMALIZE_ALNUM:
    for (size_t i = 0; i < len; i++)
      if (!ascii_alnum(s[i]))
        return true;
    return false;
  case NORMALIZE_PHONE:
    return phone_needed(s, len, market);
  case NORMALIZE_COUNTRY_PREFIX:
    return country_prefix_length(s, len, market) > 0;
  case NORMALIZE_COUNT:
    break;
  }
  return false;
}
