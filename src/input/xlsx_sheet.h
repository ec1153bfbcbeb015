/* One worksheet (xl/worksheets/sheetN.xml) as a stream of rows. The sheet XML is pulled through
 * xlsx_xml a chunk at a time and paused at each </row> that holds a value, so memory is one
 * row whatever the sheet size. Each cell is placed by its reference (r="C7"; gaps are empty
 * cells) and rendered as Excel shows it: shared strings (t="s"), inline strings and rich text
 * (t="inlineStr"), formula results (t="str"), booleans (TRUE/FALSE), errors (#N/A), numbers
 * without float artefacts (zero-padded under a 00000 format), and numbers whose style is a
 * date or time format as ISO 8601 (xlsx_values.h). Rows whose cells are all empty are skipped. */
#ifndef CSP_XLSX_SHEET_H
#define CSP_XLSX_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "base/errors.h"
#include "input/xlsx_strings.h"
#include "input/xlsx_styles.h"
#include "input/xlsx_xml.h"
#include "base/limits.h"

/* What a sheet needs from the rest of the workbook; borrowed until xlsx_sheet_close (lookups
 * update the strings' cache). */
struct xlsx_sheet_context {
  struct xlsx_strings *strings;
  const struct xlsx_styles *styles;
  bool date1904;
};

/* One non-blank row, valid until the next xlsx_sheet_next. */
struct xlsx_sheet_row {
  size_t line;   /* the sheet's row number (<row r="N">), 1-based */
  size_t ncells; /* up to the last non-empty cell; at most CSP_MAX_COLUMNS */
  const char *cell[CSP_MAX_COLUMNS];
  size_t len[CSP_MAX_COLUMNS];
  unsigned char numeric[CSP_MAX_COLUMNS / 8]; /* bit c: cell c was a plain number */
  enum row_reason problem;                    /* field_too_long, too_many_columns, or none */
};

struct xlsx_sheet;

/* Starts reading a sheet from read/rctx (borrowed). Returns 0 or CSP_E_NOMEM. */
int xlsx_sheet_open(const struct xlsx_sheet_context *cx, xml_read_fn read, void *rctx,
                    struct xlsx_sheet **out);

/* The next non-blank row, or *row NULL at the end of the sheet. Returns 0, CSP_E_INPUT when
 * the XML is damaged (xlsx_sheet_error says where), CSP_E_IO when a shared string cannot be
 * read back (logged), or CSP_E_NOMEM. */
int xlsx_sheet_next(struct xlsx_sheet *sh, const struct xlsx_sheet_row **row);

/* "line 12, column 3: mismatched tag" after CSP_E_INPUT. */
const char *xlsx_sheet_error(const struct xlsx_sheet *sh);

/* Uncompressed sheet bytes parsed so far. */
unsigned long long xlsx_sheet_bytes(const struct xlsx_sheet *sh);

/* xlsx_sheet_close(NULL) does nothing. */
void xlsx_sheet_close(struct xlsx_sheet *sh);

/* The 0-based column of a cell reference ("A1" -> 0, "AB7" -> 27), or -1 if it has no
 * letters or more than three. */
long xlsx_column_of(const char *ref);

#endif
