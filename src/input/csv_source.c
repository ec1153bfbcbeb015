/* The CSV/TSV reader: the one place that uses libcsv. It takes decoded UTF-8 from the decoder,
 * sniffs the delimiter and the line terminator from the header line, and feeds libcsv one
 * physical line at a time — unless the line is one the fast path of csv_lines.c can split
 * itself (most lines). libcsv's callbacks append each cell to a staging buffer; a finished
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
#include <strings.h>

#include "base/diag.h"
#include "base/errors.h"
#include "base/grow.h"
#include "input/csv_internal.h"
#include "input/decode.h"
#include "input/source_format.h"
#include "input/utf8.h"
#include "base/limits.h"

/* libcsv's state between rows (its ROW_NOT_BEGUN, which csv_init sets). */
#define LIBCSV_BETWEEN_ROWS 0

static void flag(struct csv_source *cs, enum row_reason reason)
{
  if (cs->row_problem == REASON_NONE)
    cs->row_problem = reason;
}

void csv_open_row(struct csv_source *cs)
{
  cs->row_open = true;
  cs->row_nonempty = false;
  cs->row_bad_text = false;
  cs->row_first_cell = cs->st.ncells;
  cs->row_byte_start = cs->st.nbytes;
  cs->row_bytes = 0;
  cs->row_problem = REASON_NONE;
  cs->row_swallowed_to = 0;
}

/* A NUL byte is no text: it becomes 0xFF (never valid UTF-8), which the row's repair turns into
 * U+FFFD and reports as bad_encoding, instead of a C string silently ending at it. */
void csv_nul_to_invalid(char *s, size_t len)
{
  for (char *p = s; (p = memchr(p, '\0', len - (size_t)(p - s)));)
    *p = (char)0xFF;
}

void csv_on_field(void *s, size_t len, void *data)
{
  struct csv_source *cs = data;
  struct staging *st = &cs->st;
  if (!cs->row_open)
    csv_open_row(cs);
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
       grow_array((void **)&st->bytes, &st->bytes_cap, st->nbytes + len + 1, 1)) ||
      (st->ncells == st->cells_cap &&
       grow_array((void **)&st->cells, &st->cells_cap, st->ncells + 1, sizeof(*st->cells)))) {
    cs->error = CSP_E_NOMEM;
    return;
  }
  if (len)
    memcpy(st->bytes + st->nbytes, s, len);
  if (has_nul)
    csv_nul_to_invalid(st->bytes + st->nbytes, len);
  st->bytes[st->nbytes + len] = '\0';
  st->cells[st->ncells++] = (struct staged_cell){st->nbytes, len};
  st->nbytes += len + 1;
  cs->row_bytes += len + 1;
}

/* libcsv's row callback: queue the staged row, or forget it when every cell is empty. */
void csv_on_row(int c, void *data)
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
  if (grow_array((void **)&st->rows, &st->rows_cap, st->nrows + 1, sizeof(*st->rows))) {
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
      false, /* trimmed: only the fast path looks */
      false, /* plain: likewise */
      cs->row_swallowed_to,
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
bool csv_is_blank(char c, char delim)
{
  return (c == ' ' || c == '\t') && c != delim;
}

/* Feeds libcsv up to and including the next line terminator (or what is left of the data):
 * from the lines queued to be fed again, if any, else from the decoded data. A line met inside
 * a quoted cell that looks like a record of its own ends that cell's row instead
 * (csv_recover); it is then fed after the row's other lines. */
static void feed_line(struct csv_source *cs)
{
  bool replaying = cs->replay_pos < cs->replay_len;
  const char *buf = replaying ? cs->replay : cs->data;
  size_t *pos = replaying ? &cs->replay_pos : &cs->pos;
  const char *start = buf + *pos;
  size_t avail = (replaying ? cs->replay_len : cs->len) - *pos;
  const char *end = memchr(start, cs->term, avail);
  size_t n = end ? (size_t)(end - start) + 1 : avail;
  bool between_rows = cs->parser.pstate == LIBCSV_BETWEEN_ROWS;
  if (!between_rows && cs->at_line_start && csv_swallows_record(cs, start, n) && csv_recover(cs))
    return;
  if (between_rows)
    cs->row_line = cs->line;
  if (!(end && between_rows && csv_split_line(cs, start, n))) {
    (void)csv_parse(&cs->parser, start, n, csv_on_field, csv_on_row, cs);
    if (cs->parser.entry_pos > CSP_MAX_FIELD_BYTES)
      cap_field(&cs->parser);
  }
  csv_stash(cs, start, n, between_rows);
  *pos += n;
  if (end)
    cs->line++;
  cs->at_line_start = end != NULL;
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
  if (cs->replay_pos < cs->replay_len || cs->pos < cs->len) {
    feed_line(cs);
    return cs->error;
  }
  if (!cs->input_done) {
    rc = decoder_read(cs->dec, &cs->data, &cs->len);
    cs->pos = 0;
    cs->input_done = rc == CSP_E_OK && cs->len == 0;
    return rc;
  }
  (void)csv_fini(&cs->parser, csv_on_field, csv_on_row, cs);
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

/* A row that is not valid text in the input's encoding: bad_encoding, with the encoding named
 * and --encoding offered. Read as UTF-8, its stray bytes are most likely Windows-1252, and
 * are shown so in the report (the row is not sent either way); bytes another encoding could
 * not decode are lost already and become U+FFFD. */
static void repair_row(const struct csv_source *cs, struct row *row)
{
  const char *enc = decoder_encoding(cs->dec);
  bool utf8 = !strcasecmp(enc, "UTF-8") || !strcasecmp(enc, "UTF8");
  source_repair_text(row, utf8);
  if (row->input_problem != REASON_BAD_ENCODING)
    return;
  row->input_detail = arena_printf(
      &row->arena,
      "the row is not valid %s text, the input's encoding (from its byte order mark, "
      "--encoding, or its first 64 KiB); if the file is in another, give it with --encoding "
      "NAME (e.g. WINDOWS-1252)%s",
      enc, utf8 ? "; stray bytes are shown as Windows-1252" : "");
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
  row->cells_plain = row->cells && sr->plain;
  if (row->cells && sr->echo) {
    row->echo = arena_strndup(&row->arena, sr->echo, sr->echo_len);
    row->echo_len = row->echo ? sr->echo_len : 0;
  }
  if (sr->problem == REASON_UNCLOSED_QUOTE)
    row->input_detail = csv_quote_detail(&row->arena, sr);
  if (!row->cells)
    row->input_problem = REASON_FIELD_TOO_LONG; /* cannot happen within the limits */
  else if (sr->bad_text)
    repair_row(cs, row);
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
  decoder_close(cs->dec);
  free(cs->st.bytes);
  free(cs->st.cells);
  free(cs->st.rows);
  free(cs->stash);
  free(cs->replay);
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
  cs->at_line_start = true;
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
