/* A customer list as a stream of rows, whatever its format (CSV/TSV or XLSX) and text
 * encoding. Yields the header cells once, then one data row at a time into a struct row:
 * cells in the row's arena, data row number and physical line set, and any byte-level problem
 * (bad encoding, field too long, too many columns) recorded in row->input_problem instead of
 * failing. Memory is bounded by one row, whatever the file size. */
#ifndef CSP_SOURCE_H
#define CSP_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "pipeline/row.h"

struct source;

struct source_options {
  char delimiter;       /* 0: sniff among , ; TAB | from the header line */
  const char *encoding; /* NULL: by BOM, else sniffed (encoding_sniff.h); else iconv name */
  const char *sheet;    /* XLSX sheet name; NULL: the first */
};

/* Opens path ("-" is stdin) and reads its header line. Returns 0, CSP_E_IO (cannot open),
 * CSP_E_INPUT (empty file, no header) or CSP_E_ENCODING (unknown --encoding); a message
 * naming the file and the problem is logged. *out is the caller's to source_close. */
int source_open(const char *path, const struct source_options *opts, struct source **out);

/* The header cells, borrowed until source_close. */
const char *const *source_header(const struct source *src, size_t *ncells);

/* Reads the next non-blank data row into row (which it row_reset()s first). Sets *eof and
 * returns 0 at the end. Returns CSP_E_IO only on a read error of the file itself (CSP_E_NOMEM
 * when memory runs out). Cells are always valid UTF-8: bytes that were not (or that the
 * --encoding could not decode) are replaced by U+FFFD and the row gets input_problem
 * bad_encoding. Leading and trailing spaces of unquoted cells are not kept (libcsv's rule);
 * quoted cells are kept exactly. */
int source_next(struct source *src, struct row *row, bool *eof);

/* Bytes consumed and total size (0 when unknown, e.g. a pipe), for progress and ETA. */
void source_progress(const struct source *src, long long *done, long long *total);

/* Closes the file. source_close(NULL) does nothing. */
void source_close(struct source *src);

#endif
