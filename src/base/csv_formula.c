/* The formula guard's test (csv_formula.h): a cell is a formula when it starts with one of the
 * bytes a spreadsheet evaluates (OWASP's CSV-injection list), unless it is a plain number
 * ("-5") or an international phone number of digits, spaces and parentheses ("+49 30 …"),
 * which the guard would only spoil. */
#include "base/csv_formula.h"

#include <string.h>

/* A cell a spreadsheet reads as a value, not a calculation: a plain number ("-42.5", "+7")
 * or an international phone number of digits, spaces and parentheses ("+1 (425) 555 0100").
 * After the first character there is no operator ("-1+1", "+1-425-555-0100" are arithmetic,
 * and guarded, as OWASP's CSV-injection advice asks). */
static bool plain_number_or_phone(const char *s, size_t len)
{
  size_t digits = 0, dots = 0, marks = 0;
  for (size_t i = s[0] == '+' || s[0] == '-' ? 1 : 0; i < len; i++) {
    char c = s[i];
    if (c >= '0' && c <= '9')
      digits++;
    else if (c == '.')
      dots++;
    else if (c == ' ' || c == '(' || c == ')')
      marks++;
    else
      return false;
  }
  if (!digits)
    return false;
  return marks ? s[0] == '+' && !dots : dots <= 1;
}

bool csv_span_is_formula(const char *s, size_t len)
{
  return len && csv_may_start_formula(*s) && !plain_number_or_phone(s, len);
}

bool csv_cell_is_formula(const char *s)
{
  return csv_span_is_formula(s, strlen(s));
}
