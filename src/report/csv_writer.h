/* A buffered CSV writer: cells are quoted only when they must be (delimiter, quote, line
 * break, edge spaces) and guarded against spreadsheet formulas (SPEC §9), then copied into a
 * 64 KiB buffer that goes to a FILE (one fwrite) or another sink in one call. The report's
 * hot path: no stdio call per cell, no printf per number. */
#ifndef CSP_CSV_WRITER_H
#define CSP_CSV_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/csv_formula.h"

#define CSV_WRITER_BUF (64 * 1024)
#define CSV_WRITER_SCRATCH (64 * 1024)

/* Where a writer's full buffer goes: false when the bytes could not be written. */
typedef bool (*csv_sink)(void *ctx, const char *data, size_t n);

struct csv_writer {
  csv_sink sink;
  void *sink_ctx;   /* borrowed */
  bool row_started; /* a cell was written on this row (the next one needs a comma) */
  bool failed;      /* a write failed */
  size_t len;
  char buf[CSV_WRITER_BUF];
  size_t scratch_len; /* a cell being composed from pieces (csv_writer_piece) */
  char scratch[CSV_WRITER_SCRATCH];
};

/* A writer whose buffer goes to out with fwrite. */
void csv_writer_init(struct csv_writer *w, FILE *out);
/* A writer whose buffer goes to sink(ctx, ...). */
void csv_writer_init_sink(struct csv_writer *w, csv_sink sink, void *ctx);
/* Writes one cell (quoted and guarded as needed). */
void csv_writer_cell(struct csv_writer *w, const char *s);
/* Appends n bytes that are already CSV: one cell or several, comma-separated, each needing no
 * quote and no formula guard (the caller vouches for it, see row.h's echo). */
void csv_writer_encoded(struct csv_writer *w, const char *s, size_t n);
/* Writes a number cell; 0 is written as an empty cell when blank_zero. */
void csv_writer_number(struct csv_writer *w, long long n, bool blank_zero);
/* Composes a cell from pieces: csv_writer_piece(w, "a"), csv_writer_piece(w, "b"), then
 * csv_writer_end_piece(w) writes "ab" as one cell. Pieces past CSV_WRITER_SCRATCH are cut, on a
 * UTF-8 character boundary. */
void csv_writer_piece(struct csv_writer *w, const char *s);
void csv_writer_end_piece(struct csv_writer *w);
/* Ends the row with a line feed. */
void csv_writer_end_row(struct csv_writer *w);
/* Writes the buffer out. Returns 0, or -1 when any write failed. */
int csv_writer_flush(struct csv_writer *w);

/* The formula guard's test (csv_cell_is_formula, csv_span_is_formula) is base/csv_formula.h's. */
/* Writes one cell straight to a FILE, with the same quoting and guard (for small outputs such
 * as the template and the credentials file). */
void csv_write_cell(FILE *out, const char *s);
/* Writes s exactly as it is, always in double quotes (quotes doubled) and never guarded: for
 * values that must not change by a byte, such as the passwords of the credentials file. */
void csv_write_verbatim(FILE *out, const char *s);

#endif
