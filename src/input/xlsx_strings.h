/* The shared string table of a workbook (xl/sharedStrings.xml): most text cells of a sheet
 * are an index into it (t="s"). Excel stores every text cell this way, so for a customer list
 * the table grows with the rows. It is therefore kept on disk, in two unlinked temporary files:
 * the strings back to back, and one fixed-size record per string saying where it starts. A
 * lookup reads a string back through a fixed-size cache in memory (about 1 MiB, limits.h), so
 * memory does not grow with the table. The temporary files together may take at most max_bytes
 * (CSP_MAX_SHARED_STRINGS_BYTES unless changed after init); a larger table is refused with a
 * message rather than allowed to fill the disk. */
#ifndef CSP_XLSX_STRINGS_H
#define CSP_XLSX_STRINGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "input/xlsx_xml.h"

struct xlsx_strings_cache;

struct xlsx_strings {
  FILE *data;         /* every string, NUL-terminated, back to back (unlinked temporary file) */
  FILE *index;        /* [count + 1] uint64_t: where string i starts in data; the last is nbytes */
  size_t count;       /* strings */
  uint64_t nbytes;    /* bytes in data */
  uint64_t max_bytes; /* cap of data and index together */
  struct xlsx_strings_cache *cache; /* lookups; owned, allocated by load */
};

/* Sets up an empty table (a workbook without sharedStrings.xml has one), capped at
 * CSP_MAX_SHARED_STRINGS_BYTES. Allocates nothing. */
void xlsx_strings_init(struct xlsx_strings *t);

/* Reads sharedStrings.xml through read/rctx into t (initialised). Each <si> becomes one string:
 * its <t> text, or the <t> of every rich-text run <r> joined, never the phonetic guide <rPh>;
 * Excel's _xHHHH_ escapes decoded. A string longer than CSP_MAX_FIELD_BYTES is kept as its
 * first CSP_MAX_FIELD_BYTES + 1 bytes, so that a cell using it is flagged field_too_long.
 * Returns 0; CSP_E_INPUT with a sentence in err (bad XML, table too large); CSP_E_IO with a
 * sentence in err (the temporary files cannot be created or written); CSP_E_NOMEM. */
int xlsx_strings_load(struct xlsx_strings *t, xml_read_fn read, void *rctx, char *err,
                      size_t errcap);

/* Looks up string i: *s and *len, or *s NULL when there is no string i. *s is borrowed until
 * the next xlsx_strings_get or xlsx_strings_release (it may point into the cache). Returns 0,
 * or CSP_E_IO when the string cannot be read back from the temporary files. */
int xlsx_strings_get(struct xlsx_strings *t, size_t i, const char **s, size_t *len);

/* Bytes held in memory (the cache), for the memory log line. */
size_t xlsx_strings_memory(const struct xlsx_strings *t);

/* Closes (and so deletes) the temporary files and frees the cache. */
void xlsx_strings_release(struct xlsx_strings *t);

#endif
