/* The spreadsheet formula guard's test (SPEC §9): which cells a spreadsheet would evaluate as a
 * formula. Shared by the report's CSV writer (it guards them) and the CSV reader (a cell to be
 * guarded cannot be echoed as the input had it). */
#ifndef CSP_CSV_FORMULA_H
#define CSP_CSV_FORMULA_H

#include <stdbool.h>
#include <stddef.h>

/* Whether a cell starting with c might be a formula (the only bytes that start one); inline
 * so that a reader can rule out most cells without a call. */
static inline bool csv_may_start_formula(char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* True when a spreadsheet would evaluate s as a formula (it starts with = + - @ TAB or CR)
 * and s is not a plain number ("-42.5") or an international phone number made of digits,
 * spaces and parentheses ("+1 (425) 555 0100"): "-1+1" is a formula. */
bool csv_cell_is_formula(const char *s);
/* The same for the len bytes at s (not NUL-terminated; a NUL among them is no number). */
bool csv_span_is_formula(const char *s, size_t len);

#endif
