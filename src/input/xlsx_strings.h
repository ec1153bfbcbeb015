/* The shared string table of a workbook (xl/sharedStrings.xml): most text cells of a sheet
 * are an index into it (t="s"). Cells can point anywhere in the table, so it is held in memory
 * for the whole read: one growing byte block of NUL-terminated strings plus one 32-bit offset
 * per string. Its size follows the number of distinct strings, not the number of rows (a
 * million rows of the same ten countries hold ten strings); a table over
 * CSP_MAX_SHARED_STRINGS_BYTES is refused with a message rather than allowed to exhaust
 * memory. */
#ifndef CSP_XLSX_STRINGS_H
#define CSP_XLSX_STRINGS_H

#include <stddef.h>
#include <stdint.h>

#include "input/xlsx_xml.h"

struct xlsx_strings {
  char *bytes; /* every string, NUL-terminated, back to back */
  size_t nbytes, bytes_cap;
  uint32_t *offsets; /* [count + 1]: where string i starts; the last is nbytes */
  size_t count, offsets_cap;
};

/* Sets up an empty table (a workbook without sharedStrings.xml has one). */
void xlsx_strings_init(struct xlsx_strings *t);

/* Reads sharedStrings.xml through read/rctx into t (initialised). Each <si> becomes one string:
 * its <t> text, or the <t> of every rich-text run <r> joined, never the phonetic guide <rPh>;
 * Excel's _xHHHH_ escapes decoded. A string longer than CSP_MAX_FIELD_BYTES is kept as its
 * first CSP_MAX_FIELD_BYTES + 1 bytes, so that a cell using it is flagged field_too_long.
 * Returns 0; CSP_E_INPUT with a sentence in err (bad XML, table too large); CSP_E_NOMEM. */
int xlsx_strings_load(struct xlsx_strings *t, xml_read_fn read, void *rctx, char *err,
                      size_t errcap);

/* String i and its length (borrowed until release); NULL when there is no string i. */
const char *xlsx_strings_get(const struct xlsx_strings *t, size_t i, size_t *len);

/* Bytes held, for the memory log line. */
size_t xlsx_strings_memory(const struct xlsx_strings *t);

void xlsx_strings_release(struct xlsx_strings *t);

#endif
