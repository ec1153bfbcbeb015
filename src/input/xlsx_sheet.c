/* The streaming sheet reader (xlsx_sheet.h). Handlers build one row in a staging buffer: each
 * cell's raw text (its <v>, or the <t> runs of an inline string, never its <f> formula) is
 * appended as expat delivers it, then at </c> turned into the text Excel shows and given its
 * column's slot. At a </row> with any value the stream is paused; xlsx_sheet_next hands the row
 * out and resumes the stream on the next call, which starts the next row in the same buffer.
 *
 * Limits, as for CSV: a cell keeps at most CSP_MAX_FIELD_BYTES (field_too_long), a value past
 * column CSP_MAX_COLUMNS is dropped (too_many_columns), a row's cells together keep at most
 * CSP_MAX_ROW_CELL_BYTES. Empty cells beyond those limits (Excel writes styled empty cells as
 * far as column XFD) are not a problem. */
#include "input/xlsx_sheet.h"

#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/grow.h"
#include "input/utf8.h"

/* Raw bytes kept of one cell: enough to know it is too long after rendering. */
#define RAW_CAP (CSP_MAX_FIELD_BYTES + 64)

enum cell_type { CELL_NUMBER, CELL_SHARED, CELL_INLINE, CELL_STR, CELL_BOOL, CELL_ERROR, CELL_ISO };

struct xlsx_sheet {
  struct xlsx_sheet_context cx;
  struct xml_stream *xml;
  struct xlsx_sheet_row row; /* cell pointers filled when handed out */
  size_t off[CSP_MAX_COLUMNS];
  char *bytes; /* the row's cells, NUL-terminated, at off[] */
  size_t nbytes, cap;
  bool in_row, ready;
  size_t next_line; /* for a <row> without r */
  long next_col;    /* for a <c> without r */
  size_t bad_refs;  /* shared string indexes out of range */
  int rc;
  struct {
    bool open, overflow;
    long col;
    enum cell_type type;
    size_t style, start;
    int in_v, in_is, in_t, in_rph;
  } c;
};

static const char empty[] = "";

long xlsx_column_of(const char *ref)
{
  long col = 0;
  size_t n = 0;
  for (; (ref[n] >= 'A' && ref[n] <= 'Z') || (ref[n] >= 'a' && ref[n] <= 'z'); n++)
    col = col * 26 + ((ref[n] | 0x20) - 'a' + 1);
  return n == 0 || n > 3 ? -1 : col - 1;
}

static void flag(struct xlsx_sheet *sh, enum row_reason reason)
{
  if (sh->row.problem == REASON_NONE)
    sh->row.problem = reason;
}

/* Makes room for need bytes in the staging buffer (bounded by the row and cell caps). */
static bool reserve(struct xlsx_sheet *sh, size_t need)
{
  if (grow_array((void **)&sh->bytes, &sh->cap, need, 1) == CSP_E_OK)
    return true;
  sh->rc = CSP_E_NOMEM;
  xml_stream_fail(sh->xml, "out of memory");
  return false;
}

static void start_row(struct xlsx_sheet *sh, const char **attrs)
{
  struct xlsx_sheet_row *r = &sh->row;
  for (size_t c = 0; c < r->ncells; c++)
    r->len[c] = 0;
  memset(r->numeric, 0, sizeof(r->numeric));
  r->ncells = 0;
  r->problem = REASON_NONE;
  sh->nbytes = 0;
  sh->in_row = true;
  sh->next_col = 0;
  const char *n = xml_attr(attrs, "r");
  char *end = NULL;
  unsigned long line = n ? strtoul(n, &end, 10) : 0;
  r->line = line && end && !*end ? (size_t)line : sh->next_line;
  sh->next_line = r->line + 1;
}

static enum cell_type type_of(const char *t)
{
  static const struct {
    const char *name;
    enum cell_type type;
  } types[] = {{"s", CELL_SHARED}, {"inlineStr", CELL_INLINE}, {"str", CELL_STR},
               {"b", CELL_BOOL},   {"e", CELL_ERROR},          {"d", CELL_ISO}};
  for (size_t i = 0; t && i < sizeof(types) / sizeof(types[0]); i++)
    if (!strcmp(t, types[i].name))
      return types[i].type;
  return CELL_NUMBER;
}

static void start_cell(struct xlsx_sheet *sh, const char **attrs)
{
  const char *ref = xml_attr(attrs, "r"), *s = xml_attr(attrs, "s");
  long col = ref ? xlsx_column_of(ref) : -1;
  memset(&sh->c, 0, sizeof(sh->c));
  sh->c.open = true;
  sh->c.col = col >= 0 ? col : sh->next_col;
  sh->next_col = sh->c.col + 1;
  sh->c.type = type_of(xml_attr(attrs, "t"));
  sh->c.style = s ? strtoul(s, NULL, 10) : 0;
  sh->c.start = sh->nbytes;
}

static void on_start(void *ctx, const char *name, const char **attrs)
{
  struct xlsx_sheet *sh = ctx;
  if (!strcmp(name, "row"))
    start_row(sh, attrs);
  else if (!strcmp(name, "c") && sh->in_row)
    start_cell(sh, attrs);
  else if (sh->c.open && !strcmp(name, "v"))
    sh->c.in_v++;
  else if (sh->c.open && !strcmp(name, "is"))
    sh->c.in_is++;
  else if (sh->c.open && !strcmp(name, "t"))
    sh->c.in_t++;
  else if (sh->c.open && !strcmp(name, "rPh"))
    sh->c.in_rph++;
}

static void on_text(void *ctx, const char *s, size_t len)
{
  struct xlsx_sheet *sh = ctx;
  if (!sh->c.open)
    return;
  bool inline_text = sh->c.in_is && sh->c.in_t && !sh->c.in_rph;
  if (sh->c.type == CELL_INLINE ? !inline_text : !sh->c.in_v)
    return;
  size_t have = sh->nbytes - sh->c.start;
  if (have + len > RAW_CAP) {
    sh->c.overflow = true;
    len = have < RAW_CAP ? RAW_CAP - have : 0;
  }
  if (!len || !reserve(sh, sh->nbytes + len + 1))
    return;
  memcpy(sh->bytes + sh->nbytes, s, len);
  sh->nbytes += len;
}

/* Replaces the current cell's raw text by s. */
static void set_text(struct xlsx_sheet *sh, const char *s, size_t len)
{
  if (!reserve(sh, sh->c.start + len + 1))
    return;
  memmove(sh->bytes + sh->c.start, s, len);
  sh->nbytes = sh->c.start + len;
}

static void render_shared(struct xlsx_sheet *sh, const char *raw)
{
  char *end = NULL;
  unsigned long i = strtoul(raw, &end, 10);
  size_t len = 0;
  const char *s = NULL;
  if (end != raw && !*end && (sh->rc = xlsx_strings_get(sh->cx.strings, i, &s, &len))) {
    diag_error("sheet row %zu: shared string %lu cannot be read back from its temporary file",
               sh->row.line, i);
    xml_stream_fail(sh->xml, "a shared string cannot be read back");
    return;
  }
  if (!s && sh->bad_refs++ == 0)
    diag_warn("sheet row %zu: a cell refers to shared string '%.20s', which the workbook does "
              "not have; it is read as empty",
              sh->row.line, raw);
  set_text(sh, s ? s : "", s ? len : 0);
}

/* Excel's display of an integer under a 00000 format: 2108 -> "02108". False if it does not
 * apply (not a non-negative integer, or already as wide). */
static bool zero_padded(const char *raw, unsigned width, char *out, size_t cap)
{
  char *end = NULL;
  double d = strtod(raw, &end);
  if (!width || end == raw || *end || !(d >= 0 && d < 1e15) || d != (double)(long long)d)
    return false;
  int n = snprintf(out, cap, "%0*lld", (int)width, (long long)d);
  return n > 0 && (size_t)n < cap;
}

/* A number cell: a date or time when its style says so, else the number (zero-padded as its
 * format shows it). True when it is shown as a plain number, which may have lost a leading
 * zero. */
static bool render_number(struct xlsx_sheet *sh, const char *raw)
{
  char out[XLSX_VALUE_CAP];
  struct xlsx_style style = xlsx_styles_get(sh->cx.styles, sh->c.style);
  if (style.kind != XLSX_NUMBER) {
    char *end = NULL;
    double serial = strtod(raw, &end);
    if (end != raw && !*end &&
        xlsx_render_date(serial, (enum xlsx_num_kind)style.kind, sh->cx.date1904, out,
                         sizeof(out))) {
      set_text(sh, out, strlen(out));
      return false;
    }
  }
  if (zero_padded(raw, style.zero_pad, out, sizeof(out))) {
    set_text(sh, out, strlen(out));
    return false; /* shown as Excel shows it: no zero lost */
  }
  if (!xlsx_render_number(raw, out, sizeof(out)))
    return false; /* not a number after all: keep the text */
  set_text(sh, out, strlen(out));
  return true;
}

/* Turns the raw text into what Excel shows; true when the cell is a plain number. */
static bool render_cell(struct xlsx_sheet *sh)
{
  char *raw = sh->bytes + sh->c.start;
  size_t len = sh->nbytes - sh->c.start;
  raw[len] = '\0';
  switch (sh->c.type) {
  case CELL_SHARED:
    render_shared(sh, raw);
    return false;
  case CELL_INLINE:
  case CELL_STR:
    sh->nbytes = sh->c.start + xlsx_unescape(raw, len);
    return false;
  case CELL_BOOL:
    if (!strcmp(raw, "1") || !strcmp(raw, "0"))
      set_text(sh, raw[0] == '1' ? "TRUE" : "FALSE", raw[0] == '1' ? 4 : 5);
    return false;
  case CELL_ERROR:
  case CELL_ISO:
    return false;
  case CELL_NUMBER:
    break;
  }
  return len && render_number(sh, raw);
}

/* Gives the finished cell its slot, within the limits. */
static void place_cell(struct xlsx_sheet *sh, bool numeric)
{
  struct xlsx_sheet_row *r = &sh->row;
  size_t start = sh->c.start, len = sh->nbytes - start;
  long col = sh->c.col;
  sh->nbytes = start;
  if (!len)
    return;
  if (col >= CSP_MAX_COLUMNS) {
    flag(sh, REASON_TOO_MANY_COLUMNS);
    return;
  }
  if (sh->c.overflow || len > CSP_MAX_FIELD_BYTES) {
    flag(sh, REASON_FIELD_TOO_LONG);
    len = len > CSP_MAX_FIELD_BYTES ? utf8_cut(sh->bytes + start, CSP_MAX_FIELD_BYTES) : len;
  }
  if (start + len + 1 > CSP_MAX_ROW_CELL_BYTES) {
    flag(sh, REASON_FIELD_TOO_LONG);
    return;
  }
  sh->bytes[start + len] = '\0';
  sh->nbytes = start + len + 1;
  sh->off[col] = start;
  r->len[col] = len;
  if (numeric)
    r->numeric[col / 8] |= (unsigned char)(1u << (col % 8));
  else
    r->numeric[col / 8] &= (unsigned char)~(1u << (col % 8));
  if ((size_t)col + 1 > r->ncells)
    r->ncells = (size_t)col + 1;
}

static void on_end(void *ctx, const char *name)
{
  struct xlsx_sheet *sh = ctx;
  if (sh->c.open && !strcmp(name, "c")) {
    if (!reserve(sh, sh->nbytes + 1))
      return;
    bool numeric = render_cell(sh);
    place_cell(sh, numeric);
    sh->c.open = false;
  } else if (sh->c.open && !strcmp(name, "v")) {
    sh->c.in_v--;
  } else if (sh->c.open && !strcmp(name, "is")) {
    sh->c.in_is--;
  } else if (sh->c.open && !strcmp(name, "t")) {
    sh->c.in_t--;
  } else if (sh->c.open && !strcmp(name, "rPh")) {
    sh->c.in_rph--;
  } else if (sh->in_row && !strcmp(name, "row")) {
    sh->in_row = false;
    sh->c.open = false;
    if (sh->row.ncells || sh->row.problem) {
      sh->ready = true;
      xml_stream_pause(sh->xml);
    }
  }
}

int xlsx_sheet_open(const struct xlsx_sheet_context *cx, xml_read_fn read, void *rctx,
                    struct xlsx_sheet **out)
{
  static const struct xml_handlers handlers = {on_start, on_end, on_text};
  *out = NULL;
  struct xlsx_sheet *sh = calloc(1, sizeof(*sh));
  if (!sh)
    return CSP_E_NOMEM;
  sh->cx = *cx;
  sh->next_line = 1;
  int rc = xml_stream_open(&handlers, sh, read, rctx, &sh->xml);
  if (rc) {
    free(sh);
    return rc;
  }
  *out = sh;
  return CSP_E_OK;
}

/* Points the row's cells into the staging buffer (which may have moved while growing). */
static void hand_out(struct xlsx_sheet *sh)
{
  struct xlsx_sheet_row *r = &sh->row;
  for (size_t c = 0; c < r->ncells; c++)
    r->cell[c] = r->len[c] ? sh->bytes + sh->off[c] : empty;
}

int xlsx_sheet_next(struct xlsx_sheet *sh, const struct xlsx_sheet_row **row)
{
  *row = NULL;
  sh->ready = false;
  bool done = false;
  while (!sh->ready && !done) {
    int rc = xml_stream_run(sh->xml, &done);
    if (sh->rc)
      return sh->rc;
    if (rc)
      return rc;
  }
  if (!sh->ready)
    return CSP_E_OK;
  hand_out(sh);
  *row = &sh->row;
  return CSP_E_OK;
}

const char *xlsx_sheet_error(const struct xlsx_sheet *sh)
{
  return xml_stream_error(sh->xml);
}

unsigned long long xlsx_sheet_bytes(const struct xlsx_sheet *sh)
{
  return xml_stream_bytes(sh->xml);
}

void xlsx_sheet_close(struct xlsx_sheet *sh)
{
  if (!sh)
    return;
  xml_stream_close(sh->xml);
  free(sh->bytes);
  free(sh);
}
