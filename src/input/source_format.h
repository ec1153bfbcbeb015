/* The contract between source.c and the reader of one file format (csv_source.c,
 * xlsx_source.c). source.c opens the file, reads its first bytes, asks each format in
 * turn whether it recognises them, and then forwards every source_* call to the chosen
 * format's functions. A format never sees another format's state; source.c never sees a
 * format's library (libcsv, libzip/expat). */
#ifndef CSP_SOURCE_FORMAT_H
#define CSP_SOURCE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "input/source.h"
#include "pipeline/row.h"

/* What a format's open receives; every pointer is borrowed for the duration of open, except
 * fp, which stays open (and the caller's) until the format's free has run. */
struct source_input {
  const char *path; /* as given, for messages ("-" is stdin) */
  FILE *fp;         /* positioned just after prefix */
  const unsigned char *prefix;
  size_t nprefix; /* the first bytes of the file, already read from fp */
  const struct source_options *opts;
};

struct source_format {
  const char *name;
  /* True when the first bytes of a file look like this format. */
  bool (*detect)(const unsigned char *prefix, size_t nprefix);
  /* Reads as far as the end of the header; logs a message naming the file on failure.
   * Returns 0, CSP_E_INPUT, CSP_E_ENCODING, CSP_E_IO or CSP_E_NOMEM. */
  int (*open)(const struct source_input *in, void **state);
  /* The header cells, owned by the state. */
  const char *const *(*header)(const void *state, size_t *ncells);
  /* As source_next, with row already reset. Cells must be valid UTF-8: a format that cannot
   * promise it calls source_repair_text on rows that are not. */
  int (*next)(void *state, struct row *row, bool *eof);
  /* Raw bytes of the file consumed so far. */
  long long (*consumed)(const void *state);
  void (*free)(void *state);
};

/* For a format's next(): flags a row whose cells are not all valid UTF-8 as bad_encoding
 * (unless it already has a problem) and replaces each ill-formed sequence with U+FFFD, so
 * later stages only ever see valid text. A format hands out valid UTF-8 or calls this. */
void source_repair_text(struct row *row);

/* CSV/TSV through libcsv (csv_source.c); it accepts anything that is not another format. */
extern const struct source_format csv_source_format;

/* XLSX workbooks through libzip and expat (xlsx_source.c); it also takes the OLE files of old
 * .xls and password-protected workbooks, to refuse them with a useful message. */
extern const struct source_format xlsx_source_format;

#endif
