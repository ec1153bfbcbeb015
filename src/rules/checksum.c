/* The check-digit algorithms of `checksum:`. Today one: the Russian taxpayer number (INN),
 * 10 digits for an organisation (one check digit) or 12 for an individual entrepreneur
 * (two check digits). Each check digit is a weighted sum of the digits before it, mod 11,
 * mod 10 (Federal Tax Service order of 2012). */
#include "rules/rules_internal.h"

static const int inn10_weights[] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
static const int inn11_weights[] = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
static const int inn12_weights[] = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};

/* The check digit of the n digits before it. */
static int check_digit(const char *digits, const int *weights, size_t n)
{
  int sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += (digits[i] - '0') * weights[i];
  return sum % 11 % 10;
}

bool checksum_inn(const char *s, size_t len)
{
  if (len != 10 && len != 12)
    return false;
  for (size_t i = 0; i < len; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  if (len == 10)
    return check_digit(s, inn10_weights, 9) == s[9] - '0';
  return check_digit(s, inn11_weights, 10) == s[10] - '0' &&
         check_digit(s, inn12_weights, 11) == s[11] - '0';
}

const struct named_check rule_checksums[] = {
    {"inn", checksum_inn, "a Russian INN (10 or 12 digits with valid check digits)"},
    {NULL, NULL, NULL},
};
