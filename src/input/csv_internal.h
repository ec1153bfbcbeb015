/* What the CSV reader's two files share (csv_source.c: libcsv, the staging area and the
 * source vtable; csv_lines.c: the fast path for well-formed lines): the reader's state and
 * the staging helpers both fill rows through. Not for use outside src/input/csv_*.c. */
#ifndef CSP_CSV_INTERNAL_H
#define CSP_CSV_INTERNAL_H

#include <csv.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/errors.h"

struct staged_cell {
  size_t off, len; /* in the staging bytes; each cell is NUL-terminated there */
};

struct staged_row {
  size_t first_cell, ncells;
  size_t byte_start, byte_end;
  size_t line;
  enum row_reason problem;
  bool bad_text; /* some cell is not valid UTF-8 */
  /* The line's own text when the report may copy it as is (row.h's echo), else NULL. It
   * points into the decoded data, which stays in place until the row is handed out: a line
   * is fed only when no finished row is waiting. */
  const char *echo;
  size_t echo_len;
  bool trimmed; /* no cell has white space at an edge (row.h: cells_trimmed) */
};

/* Growable arrays with their fill and capacity. */
struct staging {
  char *bytes;
  size_t nbytes, bytes_cap;
  struct staged_cell *cells;
  size_t ncells, cells_cap;
  struct staged_row *rows;
  size_t nrows, rows_cap, head; /* rows[head..nrows) are waiting */
};

struct csv_source {
  struct csv_parser parser;
  struct decoder *dec;
  const char *path;
  const char *data; /* decoded bytes from the decoder, data[pos..len) not yet fed */
  size_t len, pos;
  bool input_done, parser_done;
  char term;       /* the byte that ends a physical line */
  size_t line;     /* physical line of the next byte fed */
  size_t row_line; /* line where the row being parsed started */
  size_t numbered; /* data rows handed out */
  int error;       /* CSP_E_NOMEM from a callback */

  bool row_open; /* the current row has at least one cell */
  bool row_nonempty;
  bool row_bad_text;
  size_t row_first_cell, row_byte_start, row_bytes;
  enum row_reason row_problem;

  struct staging st;
  struct arena header_arena;
  const char **header;
  size_t nheader;
};

/* Starts staging a row: its first cell and byte are the next ones. */
void csv_open_row(struct csv_source *cs);
/* libcsv's row callback: queues the staged row, or forgets it when every cell is empty. */
void csv_on_row(int c, void *data);
/* Turns each NUL byte of s[0..len) into 0xFF (invalid UTF-8, repaired and reported later). */
void csv_nul_to_invalid(char *s, size_t len);
/* libcsv's default trimming: spaces and tabs around an unquoted cell, unless the delimiter. */
bool csv_is_blank(char c, char delim);

/* Splits and stages the line[0..n) (its terminator included) when the fast path can take it;
 * false, having done nothing, for a line libcsv must parse. */
bool csv_split_line(struct csv_source *cs, const char *line, size_t n);

#endif
