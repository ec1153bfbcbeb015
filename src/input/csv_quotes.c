/* Stray quotes in CSV input. A quote that opens a cell and is never closed on its line makes
 * libcsv read the following lines into that cell — whole customers swallowed into one company
 * name, sent as one. A legitimate multi-line cell (an address typed with Alt+Enter) holds a
 * few words on the quote's line; a stray quote's line is a whole record by itself (the quote
 * taken as text), and so is the line it swallows: as many delimiters as the header. When such
 * a line turns up inside an open quoted cell, the row is undone:
 * the line the quote opened on becomes a row of its own (the quote kept as text), invalid as
 * unclosed_quote with the lines it reached named, and the lines after it are fed again, each
 * becoming the row it was meant to be — every input line still reaches the report.
 *
 * While a row spans lines its raw lines are kept (the stash, at most CSP_MAX_STASH_BYTES:
 * beyond that the row is only flagged, and stays one row). A row on one line costs two
 * stores. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/errors.h"
#include "base/grow.h"
#include "input/csv_internal.h"
#include "base/limits.h"

/* libcsv's state between rows (its ROW_NOT_BEGUN, which csv_init sets). */
#define LIBCSV_BETWEEN_ROWS 0

/* The delimiters of line[0..n): outside quotes (a quote opens a cell only at its start, as in
 * libcsv), or every one when quotes_are_text; counting stops at max. */
static size_t count_delimiters(const char *line, size_t n, char delim, bool quotes_are_text,
                               size_t max)
{
  size_t delims = 0;
  bool quoted = false, cell_start = true;
  for (size_t i = 0; i < n && delims < max; i++) {
    if (line[i] == '"' && !quotes_are_text && (quoted || cell_start))
      quoted = !quoted;
    else if (line[i] == delim && !quoted)
      delims++;
    cell_start = (line[i] == delim && !quoted) || (cell_start && line[i] == ' ');
  }
  return delims;
}

/* A stray quote, not a cell that spans lines on purpose: the line the quote opened on is a
 * whole record by itself (the quote taken as text), and so is this line. A multi-line address
 * has a few words on the quote's line, not the rest of the record. */
bool csv_swallows_record(const struct csv_source *cs, const char *line, size_t n)
{
  if (cs->nheader < 2)
    return false;
  char delim = (char)csv_get_delim((struct csv_parser *)&cs->parser); /* libcsv: no const */
  size_t want = cs->nheader - 1;
  if (count_delimiters(line, n, delim, false, want) < want)
    return false;
  if (cs->stash_over || !cs->stash_len)
    return true; /* the quote ran over CSP_MAX_STASH_BYTES: nothing legitimate does */
  const char *first_end = memchr(cs->stash, cs->term, cs->stash_len);
  size_t first_len = first_end ? (size_t)(first_end - cs->stash) : cs->stash_len;
  return count_delimiters(cs->stash, first_len, delim, true, want) >= want;
}

static int append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
  if (grow_array((void **)buf, cap, *len + n + 1, 1))
    return CSP_E_NOMEM;
  memcpy(*buf + *len, s, n);
  *len += n;
  return CSP_E_OK;
}

void csv_stash(struct csv_source *cs, const char *piece, size_t n, bool started_row)
{
  if (cs->parser.pstate == LIBCSV_BETWEEN_ROWS || started_row) {
    cs->stash_len = 0;
    cs->stash_over = false;
    if (cs->parser.pstate == LIBCSV_BETWEEN_ROWS)
      return;
  }
  if (cs->stash_over)
    return;
  if (cs->stash_len + n > CSP_MAX_STASH_BYTES ||
      append(&cs->stash, &cs->stash_len, &cs->stash_cap, piece, n))
    cs->stash_over = true;
}

/* Stages line[0..n) as a row with every quote taken as text: split at the delimiter, blanks
 * around each cell dropped (as libcsv drops them), the line terminator left out. */
static void stage_literal(struct csv_source *cs, const char *line, size_t n)
{
  char delim = (char)csv_get_delim(&cs->parser);
  while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
    n--;
  csv_open_row(cs);
  for (size_t start = 0;;) {
    const char *cut = memchr(line + start, delim, n - start);
    size_t end = cut ? (size_t)(cut - line) : n, a = start, b = end;
    while (a < b && csv_is_blank(line[a], delim))
      a++;
    while (b > a && csv_is_blank(line[b - 1], delim))
      b--;
    csv_on_field((char *)line + a, b - a, cs);
    if (!cut)
      break;
    start = end + 1;
  }
  cs->row_problem = REASON_UNCLOSED_QUOTE;
  cs->row_swallowed_to = cs->line;
  size_t rows_before = cs->st.nrows;
  csv_on_row('\n', cs);
  if (cs->st.nrows > rows_before)
    cs->st.rows[cs->st.nrows - 1].swallowed_split = true;
}

/* The lines to feed again: the stash after its first line, then what is left of a replay
 * that was being fed (the current line is its next). */
static int queue_replay(struct csv_source *cs, size_t first_len)
{
  char *buf = NULL;
  size_t len = 0, cap = 0;
  int rc = append(&buf, &len, &cap, cs->stash + first_len, cs->stash_len - first_len);
  if (!rc && cs->replay_pos < cs->replay_len)
    rc = append(&buf, &len, &cap, cs->replay + cs->replay_pos, cs->replay_len - cs->replay_pos);
  if (rc) {
    free(buf);
    return rc;
  }
  free(cs->replay);
  cs->replay = buf;
  cs->replay_len = len;
  cs->replay_cap = cap;
  cs->replay_pos = 0;
  return CSP_E_OK;
}

bool csv_recover(struct csv_source *cs)
{
  if (cs->stash_over || !cs->stash_len) {
    if (cs->row_problem == REASON_NONE)
      cs->row_problem = REASON_UNCLOSED_QUOTE;
    cs->row_swallowed_to = cs->line;
    return false;
  }
  const char *first_end = memchr(cs->stash, cs->term, cs->stash_len);
  size_t first_len = first_end ? (size_t)(first_end - cs->stash) + 1 : cs->stash_len;
  if (queue_replay(cs, first_len)) {
    cs->error = CSP_E_NOMEM;
    return false;
  }
  (void)csv_fini(&cs->parser, NULL, NULL, NULL); /* forget the open row: no callbacks */
  cs->st.ncells = cs->row_first_cell;
  cs->st.nbytes = cs->row_byte_start;
  cs->row_open = false;
  stage_literal(cs, cs->stash, first_len);
  cs->stash_len = 0;
  cs->line = cs->row_line + 1;
  cs->at_line_start = true;
  return true;
}

const char *csv_quote_detail(struct arena *a, const struct staged_row *sr)
{
  size_t from = sr->line + 1, to = sr->swallowed_to;
  char lines[96];
  if (to > from)
    snprintf(lines, sizeof(lines), "lines %zu-%zu, which look like rows", from, to);
  else
    snprintf(lines, sizeof(lines), "line %zu, which looks like a row", from);
  if (!sr->swallowed_split)
    return arena_printf(a,
                        "a quote opened on line %zu is not closed there: %s of its own, was "
                        "read into this row; it is not sent; close or remove the quote",
                        sr->line, lines);
  return arena_printf(a,
                      "a quote opened on line %zu is not closed there: it would have read %s of "
                      "its own, into this row; this row is not sent, and what follows it is "
                      "read as rows of their own; close or remove the quote",
                      sr->line, lines);
}
