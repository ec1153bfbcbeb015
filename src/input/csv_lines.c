/* The CSV reader's fast path (csv_internal.h: csv_split_line): a line on one physical line,
 * with quotes only in well-formed quoted cells, split without libcsv. line_scan finds its
 * delimiters and quotes in one pass, cell_spans turns them into cells, stage_spans stages the
 * row with one copy, exactly as libcsv's callbacks would have, and the line becomes the row's
 * echo when the report would write its cells exactly so. Tests compare both paths on random
 * lines (tests/unit/test_source.c). */
#include <csv.h>
#include <string.h>

#include "base/csv_formula.h"
#include "base/errors.h"
#include "base/grow.h"
#include "input/csv_internal.h"
#include "input/line_scan.h"
#include "input/utf8.h"
#include "base/limits.h"
#include "base/text_edges.h"

/* Offers a fast-path line to the report as the row's echo when it is verbatim (stage_spans:
 * comma-separated, every cell written exactly as read) and every cell was kept whole and
 * valid (the staged row has no problem). The report checks the cell count against its
 * header. */
static void offer_echo(struct csv_source *cs, const char *line, size_t body, bool verbatim)
{
  struct staged_row *sr = &cs->st.rows[cs->st.nrows - 1];
  if (verbatim && sr->problem == REASON_NONE && !sr->bad_text) {
    sr->echo = line;
    sr->echo_len = body;
  }
}

/* One cell of a fast-path line: its bytes [start, end) of the line (a quoted cell's without
 * its quotes), and whether it was quoted, with doubled quotes inside. */
struct cell_span {
  uint32_t start, end;
  bool quoted, doubled;
};

/* The cells of a line, from where line_scan found its delimiters and quotes.
 * An unquoted cell runs to the next delimiter and holds no quote. A quoted cell opens right at
 * the start of a cell and closes (quotes inside doubled) right before a delimiter or the end.
 * For such cells libcsv gives the text between the quotes with each doubled quote made single;
 * any other use of a quote, more than CSP_MAX_COLUMNS cells or more marks than line_scan keeps
 * is left to libcsv (false). */
static bool cell_spans(const char *line, size_t body, char delim, const struct line_marks *m,
                       struct cell_span *spans, size_t *nspans)
{
  if (m->ncuts >= LINE_SCAN_MARKS || m->nquotes >= LINE_SCAN_MARKS)
    return false;
  size_t ci = 0, qi = 0, pos = 0, n = 0;
  for (;; n++) {
    if (n == CSP_MAX_COLUMNS)
      return false;
    struct cell_span *sp = &spans[n];
    size_t end;
    if (pos < body && line[pos] == '"') {
      if (qi >= m->nquotes || m->quotes[qi] != pos)
        return false; /* cannot be: every quote before pos was taken; refuse rather than guess */
      sp->quoted = true;
      sp->doubled = false;
      for (qi++;; qi += 2) { /* past the opening quote, then past each doubled pair */
        if (qi >= m->nquotes)
          return false; /* still open at the end of the line */
        if (qi + 1 >= m->nquotes || m->quotes[qi + 1] != m->quotes[qi] + 1)
          break;
        sp->doubled = true;
      }
      sp->start = (uint32_t)pos + 1;
      sp->end = m->quotes[qi++];
      end = sp->end + 1;
      if (end < body && line[end] != delim)
        return false;
      while (ci < m->ncuts && m->cuts[ci] < end)
        ci++; /* delimiters inside the quotes */
    } else {
      end = ci < m->ncuts ? m->cuts[ci] : body;
      if (qi < m->nquotes && m->quotes[qi] < end)
        return false; /* a quote inside an unquoted cell */
      *sp = (struct cell_span){(uint32_t)pos, (uint32_t)end, false, false};
    }
    if (end >= body)
      break;
    ci++; /* the delimiter at end */
    pos = end + 1;
  }
  *nspans = n + 1;
  return true;
}

/* Makes each doubled quote of s[0..len) single, in place; returns the new length. */
static size_t undouble_quotes(char *s, size_t len)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    s[n++] = s[i];
    if (s[i] == '"')
      i++; /* the second quote of the pair */
  }
  return n;
}

/* Whether the report would guard the cell as a formula (the first byte rules out most). */
static bool may_be_formula(const char *s, size_t len)
{
  return len && csv_may_start_formula(*s) && csv_span_is_formula(s, len);
}

/* Whether the report writes a cell exactly as the line has it: an unquoted cell that lost no
 * blank, a quoted one that needs its quotes (a comma, a quote, a blank at an edge), and
 * neither a formula to guard. text is the cell's final text. */
static bool written_as_read(const struct cell_span *sp, const char *text, size_t len, bool trimmed)
{
  if (!sp->quoted)
    return !trimmed && !may_be_formula(text, len);
  bool needs_quotes =
      sp->doubled || memchr(text, ',', len) || (len && (text[0] == ' ' || text[len - 1] == ' '));
  return needs_quotes && !may_be_formula(text, len);
}

/* Room in the staging area for one more row of nbytes bytes and ncells cells. */
static int make_room(struct staging *st, size_t nbytes, size_t ncells)
{
  if (grow_array((void **)&st->bytes, &st->bytes_cap, st->nbytes + nbytes, 1) ||
      grow_array((void **)&st->cells, &st->cells_cap, st->ncells + ncells, sizeof(*st->cells)))
    return CSP_E_NOMEM;
  return CSP_E_OK;
}

/* Stages the cells of a fast-path line: what on_field would do cell by cell, done for the
 * whole line with one copy. In the copy, a delimiter, the first blank trimmed off a cell's end
 * or a closing quote becomes the cell's NUL terminator, and doubled quotes are undone in place.
 * No cap applies: the line is shorter than one field may be, with fewer than CSP_MAX_COLUMNS
 * cells. Valid UTF-8 is checked on the whole line, which is the same as cell by cell because
 * the cuts, quotes and blanks are ASCII; a NUL becomes 0xFF as in on_field. Returns whether
 * the report may copy the line as it is (see offer_echo); *trimmed_cells stays true only if no
 * cell has white space at an edge (row.h: cells_trimmed). */
static bool stage_spans(struct csv_source *cs, const char *line, size_t body, char delim,
                        const struct cell_span *spans, size_t nspans, unsigned found,
                        bool *trimmed_cells)
{
  struct staging *st = &cs->st;
  if (make_room(st, body + 1, nspans)) {
    cs->error = CSP_E_NOMEM;
    return false;
  }
  csv_open_row(cs);
  char *copy = st->bytes + st->nbytes;
  memcpy(copy, line, body);
  if ((found & (LINE_SCAN_NON_ASCII | LINE_SCAN_NUL)) && !utf8_valid(line, body)) {
    cs->row_bad_text = true;
    if (found & LINE_SCAN_NUL)
      csv_nul_to_invalid(copy, body);
  }
  copy[body] = '\0';
  bool verbatim = delim == ',';
  for (size_t c = 0; c < nspans; c++) {
    size_t pos = spans[c].start, last = spans[c].end;
    bool trimmed = false;
    if (spans[c].quoted) {
      last = pos + (spans[c].doubled ? undouble_quotes(copy + pos, last - pos) : last - pos);
    } else {
      while (pos < last && csv_is_blank(line[pos], delim))
        pos++;
      while (last > pos && csv_is_blank(line[last - 1], delim))
        last--;
      trimmed = pos != spans[c].start || last != spans[c].end;
    }
    verbatim = verbatim && written_as_read(&spans[c], copy + pos, last - pos, trimmed);
    *trimmed_cells = *trimmed_cells && !text_leading_space(copy + pos, last - pos) &&
                     !text_trailing_space(copy + pos, last - pos);
    cs->row_nonempty |= last > pos;
    copy[last] = '\0';
    st->cells[st->ncells++] = (struct staged_cell){st->nbytes + pos, last - pos};
  }
  st->nbytes += body + 1;
  cs->row_bytes = body + 1;
  return verbatim;
}

/* The fast path for the common line: a whole row on one line (the parser between rows, the
 * line complete) with no line break before its terminator ("\n", "\r\n", or "\r" in a CR
 * file), at most CSP_MAX_FIELD_BYTES long, whose quotes (if any) make well-formed quoted cells
 * (cell_spans). For such a line libcsv's state machine reduces to: split at the delimiter,
 * drop blanks around each unquoted cell (is_blank), take a quoted cell's text with its
 * doubled quotes undone, end the row — and a line of blanks alone is no row at all. The
 * staged row is the one libcsv's callbacks would have made, without its byte-by-byte copy,
 * and a line line_scan found all ASCII skips the UTF-8 check. Returns false, having done
 * nothing, for any other line, which libcsv then parses. */
bool csv_split_line(struct csv_source *cs, const char *line, size_t n)
{
  size_t body = n - 1;
  if (cs->term == '\n' && body > 0 && line[body - 1] == '\r')
    body--;
  if (n > CSP_MAX_FIELD_BYTES)
    return false;
  char delim = (char)csv_get_delim(&cs->parser);
  struct line_marks marks;
  struct cell_span spans[CSP_MAX_COLUMNS];
  size_t nspans;
  /* The terminator found is the first of its kind; only the other line break can hide. */
  unsigned found = line_scan(line, body, delim, &marks);
  if ((found & LINE_SCAN_BREAK) || !cell_spans(line, body, delim, &marks, spans, &nspans))
    return false;
  size_t pos = 0;
  while (pos < body && csv_is_blank(line[pos], delim))
    pos++;
  if (pos == body)
    return true; /* blanks only: libcsv reports no row */
  bool trimmed_cells = true;
  bool verbatim = stage_spans(cs, line, body, delim, spans, nspans, found, &trimmed_cells);
  size_t rows_before = cs->st.nrows;
  csv_on_row(line[body], cs);
  if (cs->st.nrows > rows_before) {
    offer_echo(cs, line, body, verbatim);
    cs->st.rows[cs->st.nrows - 1].trimmed = trimmed_cells;
  }
  return true;
}
