/* Which cells of a workbook hold dates: xl/styles.xml maps each cell style (the s="N" of a
 * cell, an index into <cellXfs>) to a number format, built-in (numFmtId below 164) or custom
 * (<numFmt formatCode="...">), and the format says whether the number is a date, a time, both
 * or just a number. */
#ifndef CSP_XLSX_STYLES_H
#define CSP_XLSX_STYLES_H

#include <stddef.h>

#include "input/xlsx_values.h"
#include "input/xlsx_xml.h"

struct xlsx_styles {
  unsigned char *kind_of_style; /* [nstyles]: enum xlsx_num_kind of each <cellXfs> entry */
  size_t nstyles;
};

/* Reads styles.xml through read/rctx. Returns 0; CSP_E_INPUT (bad XML: err says where);
 * CSP_E_NOMEM. Call xlsx_styles_release in every case. */
int xlsx_styles_load(struct xlsx_styles *st, xml_read_fn read, void *rctx, char *err,
                     size_t errcap);

/* The kind of cell style s; XLSX_NUMBER for an unknown style (or none loaded). */
enum xlsx_num_kind xlsx_styles_kind(const struct xlsx_styles *st, size_t s);

/* The kind of a built-in number format: 14-17 and the East Asian 27-36, 50-58 are dates,
 * 18-21 and 45-47 times, 22 a date with time; all others numbers. */
enum xlsx_num_kind xlsx_builtin_format_kind(long id);

/* The kind of a custom format code: a date when it has y, d or m (month), a time when it has
 * h or s (m next to them is minutes), counting only letters outside "quoted text", [brackets]
 * (colours, conditions; [h] elapsed hours counts as h), \-escaped characters and _x / *x
 * padding. Only the first section (before ';') is read. */
enum xlsx_num_kind xlsx_format_code_kind(const char *code);

void xlsx_styles_release(struct xlsx_styles *st);

#endif
