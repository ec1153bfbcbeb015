/* The formula guard's test (csv_formula.h): a cell is a formula when it starts with one of the
 * bytes a spreadsheet evaluates, unless it is plainly a number or a phone number ("+49 30 …",
 * "-5"), which the guard would only spoil. */
#include "base/csv_formula.h"

#include <string.h>

/* The characters a number or a phone number is written with, besides digits. */
static bool number_punctuation(char c)
{
  return c == '+' || c == '-' || c == '(' || c == ')' || c == ' ' || c == '.' || c == '/';
}

static bool plain_number_or_phone(const char *s, size_t len)
{
  size_t digits = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] >= '0' && s[i] <= '9')
      digits++;
    else if (!number_punctuation(s[i]))
      return false;
  }
  return digits > 0;
}

bool csv_span_is_formula(const char *s, size_t len)
{
  return len && csv_may_start_formula(*s) && !plain_number_or_phone(s, len);
}

bool csv_cell_is_formula(const char *s)
{
  return csv_span_is_formula(s, strlen(s));
}
