/* The CSV writer behind csv_writer.h. A cell is scanned once to decide quoting, then copied
 * (doubling quotes when quoted) into the buffer; the buffer is flushed when a cell might not
 * fit, so a cell of any size streams through. */
#include "report/csv_writer.h"

#include <string.h>

#include "input/utf8.h"

void csv_writer_init_sink(struct csv_writer *w, csv_sink sink, void *ctx)
{
  w->sink = sink;
  w->sink_ctx = ctx;
  w->row_started = false;
  w->failed = false;
  w->len = 0;
  w->scratch_len = 0;
}

static bool file_sink(void *ctx, const char *data, size_t n)
{
  return fwrite(data, 1, n, ctx) == n;
}

void csv_writer_init(struct csv_writer *w, FILE *out)
{
  csv_writer_init_sink(w, file_sink, out);
}

int csv_writer_flush(struct csv_writer *w)
{
  if (w->len && !w->sink(w->sink_ctx, w->buf, w->len))
    w->failed = true;
  w->len = 0;
  return w->failed ? -1 : 0;
}

static void put(struct csv_writer *w, const char *s, size_t n)
{
  while (n) {
    if (w->len == CSV_WRITER_BUF)
      csv_writer_flush(w);
    size_t room = CSV_WRITER_BUF - w->len;
    size_t chunk = n < room ? n : room;
    memcpy(w->buf + w->len, s, chunk);
    w->len += chunk;
    s += chunk;
    n -= chunk;
  }
}

static void put_char(struct csv_writer *w, char c)
{
  if (w->len == CSV_WRITER_BUF)
    csv_writer_flush(w);
  w->buf[w->len++] = c;
}

/* Bytes that force quoting: the delimiter, the quote, line breaks — and NUL, which ends the
 * scan. One table lookup per byte. */
static const unsigned char special[256] = {[0] = 1, [','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};

/* Whether s must be quoted; sets *len. */
static bool needs_quotes(const char *s, size_t *len)
{
  bool quote = false;
  const unsigned char *p = (const unsigned char *)s;
  for (;;) {
    while (!special[*p])
      p++;
    if (!*p)
      break;
    quote = true;
    p++;
  }
  *len = (size_t)((const char *)p - s);
  return quote || (*len && (s[0] == ' ' || s[*len - 1] == ' '));
}

static void separator(struct csv_writer *w)
{
  if (w->row_started)
    put_char(w, ',');
  w->row_started = true;
}

static void put_quoted(struct csv_writer *w, const char *s, size_t len, bool guard)
{
  put_char(w, '"');
  if (guard)
    put_char(w, '\'');
  for (const char *q; (q = memchr(s, '"', len));) {
    size_t n = (size_t)(q - s) + 1;
    put(w, s, n);
    put_char(w, '"');
    s += n;
    len -= n;
  }
  put(w, s, len);
  put_char(w, '"');
}

void csv_writer_cell(struct csv_writer *w, const char *s)
{
  separator(w);
  if (!*s)
    return; /* most result cells of a dry run: nothing to scan or copy */
  size_t len;
  bool quote = needs_quotes(s, &len);
  bool guard = csv_span_is_formula(s, len);
  if (quote || guard)
    put_quoted(w, s, len, guard);
  else
    put(w, s, len);
}

void csv_writer_encoded(struct csv_writer *w, const char *s, size_t n)
{
  separator(w);
  put(w, s, n);
}

void csv_writer_number(struct csv_writer *w, long long n, bool blank_zero)
{
  separator(w);
  if (n == 0 && blank_zero)
    return;
  char digits[24];
  size_t i = sizeof(digits);
  unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
  do {
    digits[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (n < 0)
    digits[--i] = '-';
  put(w, digits + i, sizeof(digits) - i);
}

void csv_writer_piece(struct csv_writer *w, const char *s)
{
  size_t n = strlen(s), room = CSV_WRITER_SCRATCH - 1 - w->scratch_len;
  if (n > room)
    n = utf8_cut(s, room); /* never half a character: the report stays valid UTF-8 */
  memcpy(w->scratch + w->scratch_len, s, n);
  w->scratch_len += n;
}

void csv_writer_end_piece(struct csv_writer *w)
{
  w->scratch[w->scratch_len] = '\0';
  csv_writer_cell(w, w->scratch);
  w->scratch_len = 0;
}

void csv_writer_end_row(struct csv_writer *w)
{
  put_char(w, '\n');
  w->row_started = false;
}

/* s in double quotes, its quotes doubled, after the formula guard's ' when guard. */
static void write_quoted(FILE *out, const char *s, bool guard)
{
  fputc('"', out);
  if (guard)
    fputc('\'', out);
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      fputc('"', out);
    fputc(*p, out);
  }
  fputc('"', out);
}

void csv_write_cell(FILE *out, const char *s)
{
  size_t len;
  bool quote = needs_quotes(s, &len);
  bool guard = csv_span_is_formula(s, len);
  if (!quote && !guard)
    fwrite(s, 1, len, out);
  else
    write_quoted(out, s, guard);
}

void csv_write_verbatim(FILE *out, const char *s)
{
  write_quoted(out, s, false);
}
