/* Which cells of a workbook hold dates: xl/styles.xml maps each cell style (the s="N" of a
 * cell, an index into <cellXfs>) to a number format, built-in (numFmtId below 164) or custom
 * (<numFmt formatCode="...">), and the format says whether the number is a date, a time, both
 * or just a number. */
#ifndef CSP_XLSX_STYLES_H
#define CSP_XLSX_STYLES_H

#include <stddef.h>

#include "input/xlsx_values.h"
#include "input/xlsx_xml.h"

#define XLSX_MAX_ZERO_PAD 30 /* longest 000... format honoured */

/* What a cell style does to a number. */
struct xlsx_style {
  unsigned char kind;     /* enum xlsx_num_kind */
  unsigned char zero_pad; /* a format of only zeros (00000, Excel's "Zip Code"): its width */
};

struct xlsx_styles {
  struct xlsx_style *styles; /* [nstyles]: one per <cellXfs> entry, by index */
  size_t nstyles;
};

/* Reads styles.xml through read/rctx. Returns 0; CSP_E_INPUT (bad XML: err says where);
 * CSP_E_NOMEM. Call xlsx_styles_release in every case. */
int xlsx_styles_load(struct xlsx_styles *st, xml_read_fn read, void *rctx, char *err,
                     size_t errcap);

/* Cell style s; a plain number style for an unknown style (or none loaded). */
struct xlsx_style xlsx_styles_get(const struct xlsx_styles *st, size_t s);

/* The kind of a built-in number format: 14-17 and the East Asian 27-36, 50-58 are dates,
 * 18-21 and 45-47 times, 22 a date with time; all others numbers. */
enum xlsx_num_kind xlsx_builtin_format_kind(long id);

/* The kind of a custom format code: a date when it has y, d or m (month), a time when it has
 * h or s (m next to them is minutes), counting only letters outside "quoted text", [brackets]
 * (colours, conditions; [h] elapsed hours counts as h), \-escaped characters and _x / *x
 * padding. Only the first section (before ';') is read. */
enum xlsx_num_kind xlsx_format_code_kind(const char *code);

/* The width of a format made only of zeros ("00000" -> 5: Excel shows 2108 as 02108), or 0.
 * Other formats (currency, percent, separators) are not applied: the number is shown plain. */
unsigned xlsx_format_code_zero_pad(const char *code);

void xlsx_styles_release(struct xlsx_styles *st);

#endif
