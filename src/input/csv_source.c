/* The CSV/TSV reader: the one place that uses libcsv. It takes decoded UTF-8 from the decoder,
 * sniffs the delimiter and the line terminator from the header line, and feeds libcsv one
 * physical line at a time. libcsv's callbacks append each cell to a staging buffer; a finished
 * row waits there until source_next copies it into the caller's row arena in one block.
 *
 * Memory is bounded by one row: a line is fed only when no finished row is waiting, a cell is
 * cut at CSP_MAX_FIELD_BYTES (libcsv's own buffer is cut back too, see cap_field), a row keeps
 * at most CSP_MAX_COLUMNS cells and CSP_MAX_ROW_CELL_BYTES bytes, and a cut row is flagged
 * (field_too_long, too_many_columns) instead of failing.
 *
 * Choices worth knowing: strict mode is off, so a stray quote inside an unquoted field is kept
 * as a character (Excel writes such files) and an unterminated quote runs to the end of the
 * file; libcsv's default trimming of spaces and tabs around unquoted cells is kept (a custom
 * space function would cost a call per byte, and values are trimmed later anyway); rows whose
 * cells are all empty are dropped and not numbered. Line numbers count LF, or CR in a file
 * whose header line ends in a bare CR (old Mac exports). */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "csv_writer.h"
#include "diag.h"
#include "errors.h"
#include "input/decode.h"
#include "input/line_scan.h"
#include "input/source_format.h"
#include "input/utf8.h"
#include "limits.h"
#include "text_edges.h"

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

/* libcsv's state between rows (its ROW_NOT_BEGUN, which csv_init sets). */
#define LIBCSV_BETWEEN_ROWS 0

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
  if (need <= *cap)
    return CSP_E_OK;
  size_t n = *cap ? *cap : 64;
  while (n < need)
    n *= 2;
  void *q = realloc(*p, n * size);
  if (!q)
    return CSP_E_NOMEM;
  *p = q;
  *cap = n;
  return CSP_E_OK;
}

static void flag(struct csv_source *cs, enum row_reason reason)
{
  if (cs->row_problem == REASON_NONE)
    cs->row_problem = reason;
}

static void open_row(struct csv_source *cs)
{
  cs->row_open = true;
  cs->row_nonempty = false;
  cs->row_bad_text = false;
  cs->row_first_cell = cs->st.ncells;
  cs->row_byte_start = cs->st.nbytes;
  cs->row_bytes = 0;
  cs->row_problem = REASON_NONE;
}

/* A NUL byte is no text: it becomes 0xFF (never valid UTF-8), which the row's repair turns into
 * U+FFFD and reports as bad_encoding, instead of a C string silently ending at it. */
static void nul_to_invalid(char *s, size_t len)
{
  for (char *p = s; (p = memchr(p, '\0', len - (size_t)(p - s)));)
    *p = (char)0xFF;
}

/* libcsv's field callback: append one cell to the row being staged, within the caps. */
static void on_field(void *s, size_t len, void *data)
{
  struct csv_source *cs = data;
  struct staging *st = &cs->st;
  if (!cs->row_open)
    open_row(cs);
  if (st->ncells - cs->row_first_cell >= CSP_MAX_COLUMNS) {
    flag(cs, REASON_TOO_MANY_COLUMNS);
    return;
  }
  cs->row_nonempty |= len > 0;
  if (len > CSP_MAX_FIELD_BYTES) {
    flag(cs, REASON_FIELD_TOO_LONG);
    len = utf8_cut(s, CSP_MAX_FIELD_BYTES);
  }
  if (cs->row_bytes + len > CSP_MAX_ROW_CELL_BYTES) {
    flag(cs, REASON_FIELD_TOO_LONG);
    len = 0;
  }
  bool has_nul = false; /* utf8_valid refuses NUL too: only then is it looked for */
  if (!utf8_valid(s, len)) {
    cs->row_bad_text = true;
    has_nul = memchr(s, '\0', len) != NULL;
  }
  if ((st->nbytes + len + 1 > st->bytes_cap &&
       grow((void **)&st->bytes, &st->bytes_cap, st->nbytes + len + 1, 1)) ||
      (st->ncells == st->cells_cap &&
       grow((void **)&st->cells, &st->cells_cap, st->ncells + 1, sizeof(*st->cells)))) {
    cs->error = CSP_E_NOMEM;
    return;
  }
  if (len)
    memcpy(st->bytes + st->nbytes, s, len);
  if (has_nul)
    nul_to_invalid(st->bytes + st->nbytes, len);
  st->bytes[st->nbytes + len] = '\0';
  st->cells[st->ncells++] = (struct staged_cell){st->nbytes, len};
  st->nbytes += len + 1;
  cs->row_bytes += len + 1;
}

/* libcsv's row callback: queue the staged row, or forget it when every cell is empty. */
static void on_row(int c, void *data)
{
  struct csv_source *cs = data;
  struct staging *st = &cs->st;
  (void)c;
  if (!cs->row_open)
    return;
  cs->row_open = false;
  if (!cs->row_nonempty) {
    st->ncells = cs->row_first_cell;
    st->nbytes = cs->row_byte_start;
    return;
  }
  if (grow((void **)&st->rows, &st->rows_cap, st->nrows + 1, sizeof(*st->rows))) {
    cs->error = CSP_E_NOMEM;
    return;
  }
  st->rows[st->nrows++] = (struct staged_row){
      cs->row_first_cell,
      st->ncells - cs->row_first_cell,
      cs->row_byte_start,
      st->nbytes,
      cs->row_line,
      cs->row_problem,
      cs->row_bad_text,
      NULL,
      0,
      false,
  };
}

/* Keeps libcsv's buffer for a runaway field bounded: past the cap only the first
 * CSP_MAX_FIELD_BYTES + 1 bytes (enough to know it is too long) and the tail libcsv may still
 * trim (trailing spaces and a closing quote) are kept. */
static void cap_field(struct csv_parser *p)
{
  size_t keep = CSP_MAX_FIELD_BYTES + 1;
  if (p->spaces >= keep)
    p->spaces = 0;
  size_t tail = p->spaces + 1;
  if (p->entry_pos <= keep + tail)
    return;
  memmove(p->entry_buf + keep, p->entry_buf + p->entry_pos - tail, tail);
  p->entry_pos = keep + tail;
}

/* libcsv's default trimming: spaces and tabs around an unquoted cell, unless the delimiter. */
static bool is_blank(char c, char delim)
{
  return (c == ' ' || c == '\t') && c != delim;
}

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
  if (grow((void **)&st->bytes, &st->bytes_cap, st->nbytes + nbytes, 1) ||
      grow((void **)&st->cells, &st->cells_cap, st->ncells + ncells, sizeof(*st->cells)))
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
  open_row(cs);
  char *copy = st->bytes + st->nbytes;
  memcpy(copy, line, body);
  if ((found & (LINE_SCAN_NON_ASCII | LINE_SCAN_NUL)) && !utf8_valid(line, body)) {
    cs->row_bad_text = true;
    if (found & LINE_SCAN_NUL)
      nul_to_invalid(copy, body);
  }
  copy[body] = '\0';
  bool verbatim = delim == ',';
  for (size_t c = 0; c < nspans; c++) {
    size_t pos = spans[c].start, last = spans[c].end;
    bool trimmed = false;
    if (spans[c].quoted) {
      last = pos + (spans[c].doubled ? undouble_quotes(copy + pos, last - pos) : last - pos);
    } else {
      while (pos < last && is_blank(line[pos], delim))
        pos++;
      while (last > pos && is_blank(line[last - 1], delim))
        last--;
      trimmed = pos != spans[c].start || last != spans[c].end;
    }
    verbatim = verbatim && written_as_read(&spans[c], copy + pos, last - pos, trimmed);
    *trimmed_cells = *trimmed_cells && !text_starts_with_space(copy + pos, last - pos) &&
                     !text_ends_with_space(copy + pos, last - pos);
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
static bool split_simple_line(struct csv_source *cs, const char *line, size_t n)
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
  while (pos < body && is_blank(line[pos], delim))
    pos++;
  if (pos == body)
    return true; /* blanks only: libcsv reports no row */
  bool trimmed_cells = true;
  bool verbatim = stage_spans(cs, line, body, delim, spans, nspans, found, &trimmed_cells);
  size_t rows_before = cs->st.nrows;
  on_row(line[body], cs);
  if (cs->st.nrows > rows_before) {
    offer_echo(cs, line, body, verbatim);
    cs->st.rows[cs->st.nrows - 1].trimmed = trimmed_cells;
  }
  return true;
}

/* Feeds libcsv up to and including the next line terminator (or what is left of the data). */
static void feed_line(struct csv_source *cs)
{
  const char *start = cs->data + cs->pos;
  size_t avail = cs->len - cs->pos;
  const char *end = memchr(start, cs->term, avail);
  size_t n = end ? (size_t)(end - start) + 1 : avail;
  bool between_rows = cs->parser.pstate == LIBCSV_BETWEEN_ROWS;
  if (between_rows)
    cs->row_line = cs->line;
  if (!(end && between_rows && split_simple_line(cs, start, n))) {
    (void)csv_parse(&cs->parser, start, n, on_field, on_row, cs);
    if (cs->parser.entry_pos > CSP_MAX_FIELD_BYTES)
      cap_field(&cs->parser);
  }
  cs->pos += n;
  if (end)
    cs->line++;
}

/* Moves a row that is still being parsed to the front of the emptied staging area. */
static void compact(struct csv_source *cs)
{
  struct staging *st = &cs->st;
  st->nrows = st->head = 0;
  if (!cs->row_open) {
    st->ncells = st->nbytes = 0;
    return;
  }
  size_t byte0 = cs->row_byte_start, cell0 = cs->row_first_cell;
  memmove(st->bytes, st->bytes + byte0, st->nbytes - byte0);
  memmove(st->cells, st->cells + cell0, (st->ncells - cell0) * sizeof(*st->cells));
  st->nbytes -= byte0;
  st->ncells -= cell0;
  for (size_t i = 0; i < st->ncells; i++)
    st->cells[i].off -= byte0;
  cs->row_byte_start = cs->row_first_cell = 0;
}

/* One step towards the next row: feed a line, read more input, or finish at the end. */
static int pump(struct csv_source *cs)
{
  int rc = CSP_E_OK;
  if (cs->st.head == cs->st.nrows && cs->st.nrows)
    compact(cs);
  if (cs->pos < cs->len) {
    feed_line(cs);
    return cs->error;
  }
  if (!cs->input_done) {
    rc = decoder_read(cs->dec, &cs->data, &cs->len);
    cs->pos = 0;
    cs->input_done = rc == CSP_E_OK && cs->len == 0;
    return rc;
  }
  (void)csv_fini(&cs->parser, on_field, on_row, cs);
  cs->parser_done = true;
  return cs->error;
}

/* The next staged row, pumping input until there is one; NULL at the end. */
static int next_staged(struct csv_source *cs, const struct staged_row **out)
{
  int rc = CSP_E_OK;
  while (cs->st.head == cs->st.nrows && !cs->parser_done) {
    rc = pump(cs);
    if (rc)
      return rc;
  }
  *out = cs->st.head < cs->st.nrows ? &cs->st.rows[cs->st.head++] : NULL;
  return rc;
}

/* Copies a staged row's cells into arena a as one block; NULL when the arena is full. */
static const char **copy_cells(const struct csv_source *cs, const struct staged_row *sr,
                               struct arena *a)
{
  const struct staging *st = &cs->st;
  char *block = arena_alloc(a, sr->byte_end - sr->byte_start);
  const char **cells = arena_alloc(a, (sr->ncells ? sr->ncells : 1) * sizeof(*cells));
  if (!block || !cells)
    return NULL;
  memcpy(block, st->bytes + sr->byte_start, sr->byte_end - sr->byte_start);
  for (size_t i = 0; i < sr->ncells; i++)
    cells[i] = block + (st->cells[sr->first_cell + i].off - sr->byte_start);
  return cells;
}

static int csv_next(void *state, struct row *row, bool *eof)
{
  struct csv_source *cs = state;
  const struct staged_row *sr = NULL;
  int rc = next_staged(cs, &sr);
  *eof = rc == CSP_E_OK && !sr;
  if (rc || !sr)
    return rc;
  row->number = ++cs->numbered;
  row->line = sr->line;
  row->input_problem = sr->problem;
  row->cells = copy_cells(cs, sr, &row->arena);
  row->ncells = row->cells ? sr->ncells : 0;
  row->cells_trimmed = row->cells && sr->trimmed && !sr->bad_text;
  if (row->cells && sr->echo) {
    row->echo = arena_strndup(&row->arena, sr->echo, sr->echo_len);
    row->echo_len = row->echo ? sr->echo_len : 0;
  }
  if (!row->cells)
    row->input_problem = REASON_FIELD_TOO_LONG; /* cannot happen within the limits */
  else if (sr->bad_text)
    source_repair_text(row);
  return CSP_E_OK;
}

static const char sniff_candidates[] = {',', ';', '\t', '|'};

/* Counts the candidate delimiters on the line starting at data[i] (outside quotes when
 * honour_quotes) and returns where it ends: at its line break, or at len. As in libcsv, a
 * quote opens a quoted cell only at the start of a cell (after blanks); elsewhere it is text.
 * *open tells a quote left open at len. */
static size_t sniff_line(const char *data, size_t len, size_t i, bool honour_quotes,
                         size_t count[sizeof(sniff_candidates)], bool *open)
{
  bool quoted = false, cell_start = true;
  memset(count, 0, sizeof(sniff_candidates) * sizeof(count[0]));
  for (; i < len && (quoted || (data[i] != '\r' && data[i] != '\n')); i++) {
    bool is_delim = !quoted && memchr(sniff_candidates, data[i], sizeof(sniff_candidates));
    if (data[i] == '"' && honour_quotes && (quoted || cell_start))
      quoted = !quoted;
    else if (is_delim)
      count[(const char *)memchr(sniff_candidates, data[i], sizeof(sniff_candidates)) -
            sniff_candidates]++;
    cell_start = is_delim || (cell_start && data[i] == ' ');
  }
  *open = quoted;
  return i;
}

/* Counts the candidate delimiters outside quotes on the first non-blank line of data and
 * picks the most frequent (ties: the earlier in the list). Also tells CR-only line ends. A
 * quoted cell that is never closed in the data at hand is read as text instead, up to the
 * first line break, so that one stray quote cannot hide the delimiter and the line end. */
static void sniff(const char *data, size_t len, char *delim, char *term)
{
  size_t count[sizeof(sniff_candidates)];
  size_t start = 0;
  bool open = false;
  while (start < len && (data[start] == '\r' || data[start] == '\n'))
    start++;
  size_t i = sniff_line(data, len, start, true, count, &open);
  if (open)
    i = sniff_line(data, len, start, false, count, &open);
  *term = i + 1 < len && data[i] == '\r' && data[i + 1] != '\n' ? '\r' : '\n';
  size_t best = 0;
  for (size_t c = 1; c < sizeof(sniff_candidates); c++)
    if (count[c] > count[best])
      best = c;
  if (!*delim)
    *delim = sniff_candidates[best];
}

/* Reads the header row into the header arena. */
static int read_header(struct csv_source *cs)
{
  const struct staged_row *sr = NULL;
  int rc = next_staged(cs, &sr);
  if (rc)
    return rc;
  if (!sr) {
    diag_error("%s: the input is empty (no header line)", cs->path);
    return CSP_E_INPUT;
  }
  if (sr->problem != REASON_NONE) {
    diag_error("%s: the header line is unreadable: %s", cs->path, row_reason_message(sr->problem));
    return CSP_E_INPUT;
  }
  cs->header = copy_cells(cs, sr, &cs->header_arena);
  cs->nheader = sr->ncells;
  return cs->header ? CSP_E_OK : CSP_E_NOMEM;
}

static void csv_free_state(void *state)
{
  struct csv_source *cs = state;
  if (!cs)
    return;
  csv_free(&cs->parser);
  decoder_free(cs->dec);
  free(cs->st.bytes);
  free(cs->st.cells);
  free(cs->st.rows);
  arena_release(&cs->header_arena);
  free(cs);
}

static int csv_open(const struct source_input *in, void **state)
{
  int rc = CSP_E_OK;
  struct csv_source *cs = calloc(1, sizeof(*cs));
  if (!cs || csv_init(&cs->parser, 0) != 0) {
    free(cs);
    return CSP_E_NOMEM;
  }
  cs->path = in->path;
  cs->line = cs->row_line = 1;
  arena_init(&cs->header_arena, CSP_MAX_ROW_BYTES);
  csv_set_blk_size(&cs->parser, 4096);
  rc = decoder_open(in->fp, in->prefix, in->nprefix, in->opts->encoding, &cs->dec);
  if (rc == CSP_E_OK)
    rc = decoder_read(cs->dec, &cs->data, &cs->len);
  if (rc)
    goto out;
  char delim = in->opts->delimiter;
  sniff(cs->data, cs->len, &delim, &cs->term);
  csv_set_delim(&cs->parser, (unsigned char)delim);
  diag_debug("%s: %s, delimiter '%s'", cs->path, decoder_encoding(cs->dec),
             delim == '\t' ? "\\t" : (char[]){delim, '\0'});
  rc = read_header(cs);
out:
  if (rc) {
    csv_free_state(cs);
    cs = NULL;
  }
  *state = cs;
  return rc;
}

static const char *const *csv_header(const void *state, size_t *ncells)
{
  const struct csv_source *cs = state;
  *ncells = cs->nheader;
  return cs->header;
}

static long long csv_consumed(const void *state)
{
  const struct csv_source *cs = state;
  return decoder_consumed(cs->dec);
}

static bool csv_detect(const unsigned char *prefix, size_t nprefix)
{
  (void)prefix;
  (void)nprefix;
  return true;
}

const struct source_format csv_source_format = {
    .name = "CSV",
    .detect = csv_detect,
    .open = csv_open,
    .header = csv_header,
    .next = csv_next,
    .consumed = csv_consumed,
    .free = csv_free_state,
};
