/* How an XLSX cell's stored value becomes the text a partner saw in Excel: numbers without
 * binary floating-point artefacts, serial dates as ISO 8601, booleans as TRUE/FALSE, and
 * Excel's _xHHHH_ escapes in strings decoded. Pure functions, no I/O. */
#ifndef CSP_XLSX_VALUES_H
#define CSP_XLSX_VALUES_H

#include <stdbool.h>
#include <stddef.h>

/* What a cell's number format makes of a number (see xlsx_styles.h). */
enum xlsx_num_kind {
  XLSX_NUMBER,   /* General, 0.00, percentages...: the number itself */
  XLSX_DATE,     /* a date: 2024-01-31 */
  XLSX_TIME,     /* a time of day: 09:30:00 */
  XLSX_DATETIME, /* both: 2024-01-31T09:30:00 */
};

#define XLSX_VALUE_CAP 40 /* room for any rendered number or date, NUL included */

/* Renders the decimal text of a number cell (<v>, as Excel wrote it) into out. Integers up to
 * 2^53 come out whole ("98052", "4255550100"); other numbers with at most 15 significant digits,
 * Excel's own precision, so 0.1+0.2 stored as 0.30000000000000004 reads "0.3"; very large or
 * small ones in Excel's scientific style ("1E+20", "1.5E-07"). Returns false (out untouched)
 * when v is not a number. */
bool xlsx_render_number(const char *v, char *out, size_t cap);

/* Renders serial (days since the workbook's epoch, the fraction being the time of day) as
 * kind asks: "2024-01-31", "09:30:00" or "2024-01-31T09:30:00", rounded to the second. In the
 * 1900 date system serial 60 is Excel's fictitious 1900-02-29; date1904 selects the 1904
 * system. A time of 24 hours or more, or a serial outside 0..2958465 (year 9999), is not a
 * date: returns false and the caller renders the number. */
bool xlsx_render_date(double serial, enum xlsx_num_kind kind, bool date1904, char *out, size_t cap);

/* Decodes Excel's escapes of characters XML cannot carry, "_x000D_" -> CR ("_x005F_" is a
 * literal '_'), in place in s[0..len), which must be NUL-terminated; returns the new length.
 * Other text, and escapes of NUL or of surrogates, are left alone. */
size_t xlsx_unescape(char *s, size_t len);

#endif
