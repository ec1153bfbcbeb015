/* styles.xml (xlsx_styles.h): custom <numFmt> codes are classified as they are read, then each
 * <xf> of <cellXfs> (and only of cellXfs: <cellStyleXfs> holds named styles that cells do not
 * point at) becomes one byte saying number, date, time or date with time. Memory is one byte
 * per style and one small entry per custom format, whatever the sheet size. */
#include "input/xlsx_styles.h"

#include <ctype.h>
#include <strings.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/errors.h"
#include "base/grow.h"

#define FIRST_CUSTOM_FORMAT 164
#define MAX_STYLES 65536 /* Excel allows 64,000 cell formats */

struct custom_format {
  long id;
  struct xlsx_style style;
};

struct styles_parse {
  struct xlsx_styles *st;
  struct custom_format *formats;
  size_t nformats, formats_cap;
  size_t styles_cap;
  bool in_cell_xfs;
  int rc;
};

enum xlsx_num_kind xlsx_builtin_format_kind(long id)
{
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
    return XLSX_DATE;
  if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
    return XLSX_TIME;
  return id == 22 ? XLSX_DATETIME : XLSX_NUMBER;
}

/* Skips what a format shows literally; returns the index of the next character to look at. */
static size_t skip_literal(const char *c, size_t i)
{
  if (c[i] == '"') {
    const char *close = strchr(c + i + 1, '"');
    return close ? (size_t)(close - c) + 1 : strlen(c);
  }
  if ((c[i] == '\\' || c[i] == '_' || c[i] == '*') && c[i + 1])
    return i + 2;
  if (!strncasecmp(c + i, "AM/PM", 5))
    return i + 5;
  if (!strncasecmp(c + i, "A/P", 3))
    return i + 3;
  return i;
}

enum xlsx_num_kind xlsx_format_code_kind(const char *code)
{
  bool date = false, time = false;
  char prev = 0; /* the last date/time letter seen: y m d h s */
  for (size_t i = 0; code[i] && code[i] != ';';) {
    size_t next = skip_literal(code, i);
    if (next != i) {
      i = next;
      continue;
    }
    char ch = (char)tolower((unsigned char)code[i]);
    if (ch == '[') {
      const char *close = strchr(code + i, ']');
      size_t len = close ? (size_t)(close - code) - i - 1 : 0;
      char first = (char)tolower((unsigned char)code[i + 1]);
      if (len && strspn(code + i + 1, "hHmMsS") == len &&
          (first == 'h' || first == 'm' || first == 's'))
        time = true; /* elapsed time: [h]:mm:ss */
      i = close ? (size_t)(close - code) + 1 : strlen(code);
      continue;
    }
    i++;
    if (!strchr("ymdhs", ch) || !ch)
      continue;
    while (tolower((unsigned char)code[i]) == ch)
      i++;
    if (ch == 'm') {
      size_t j = i;
      while (code[j] && !isalpha((unsigned char)code[j]) && code[j] != ';' && code[j] != '"')
        j++;
      bool minutes = prev == 'h' || tolower((unsigned char)code[j]) == 's';
      time |= minutes;
      date |= !minutes;
    } else {
      date |= ch == 'y' || ch == 'd';
      time |= ch == 'h' || ch == 's';
    }
    prev = ch;
  }
  return date && time ? XLSX_DATETIME : date ? XLSX_DATE : time ? XLSX_TIME : XLSX_NUMBER;
}

static long number_attr(const char **attrs, const char *name, long fallback)
{
  const char *v = xml_attr(attrs, name);
  if (!v || !*v)
    return fallback;
  char *end;
  long n = strtol(v, &end, 10);
  return *end ? fallback : n;
}

unsigned xlsx_format_code_zero_pad(const char *code)
{
  size_t n = strlen(code);
  return n >= 2 && n <= XLSX_MAX_ZERO_PAD && strspn(code, "0") == n ? (unsigned)n : 0;
}

static struct xlsx_style style_of_format(const struct styles_parse *sp, long id)
{
  for (size_t i = 0; i < sp->nformats; i++)
    if (sp->formats[i].id == id)
      return sp->formats[i].style;
  struct xlsx_style plain = {XLSX_NUMBER, 0};
  if (id < FIRST_CUSTOM_FORMAT)
    plain.kind = (unsigned char)xlsx_builtin_format_kind(id);
  return plain;
}

static void add_format(struct styles_parse *sp, const char **attrs)
{
  const char *code = xml_attr(attrs, "formatCode");
  sp->rc =
      grow_array((void **)&sp->formats, &sp->formats_cap, sp->nformats + 1, sizeof(*sp->formats));
  if (sp->rc)
    return;
  struct custom_format *f = &sp->formats[sp->nformats++];
  f->id = number_attr(attrs, "numFmtId", -1);
  f->style.kind = (unsigned char)(code ? xlsx_format_code_kind(code) : XLSX_NUMBER);
  f->style.zero_pad = (unsigned char)(code ? xlsx_format_code_zero_pad(code) : 0);
}

static void on_start(void *ctx, const char *name, const char **attrs)
{
  struct styles_parse *sp = ctx;
  struct xlsx_styles *st = sp->st;
  if (sp->rc)
    return;
  if (!strcmp(name, "numFmt")) {
    add_format(sp, attrs);
  } else if (!strcmp(name, "cellXfs")) {
    sp->in_cell_xfs = true;
  } else if (!strcmp(name, "xf") && sp->in_cell_xfs && st->nstyles < MAX_STYLES) {
    sp->rc =
        grow_array((void **)&st->styles, &sp->styles_cap, st->nstyles + 1, sizeof(*st->styles));
    if (!sp->rc)
      st->styles[st->nstyles++] = style_of_format(sp, number_attr(attrs, "numFmtId", 0));
  }
}

static void on_end(void *ctx, const char *name)
{
  struct styles_parse *sp = ctx;
  if (!strcmp(name, "cellXfs"))
    sp->in_cell_xfs = false;
}

int xlsx_styles_load(struct xlsx_styles *st, xml_read_fn read, void *rctx, char *err, size_t errcap)
{
  static const struct xml_handlers handlers = {on_start, on_end, NULL};
  struct styles_parse sp = {.st = st};
  memset(st, 0, sizeof(*st));
  int rc = xml_parse_all(&handlers, &sp, read, rctx, err, errcap);
  free(sp.formats);
  return rc ? rc : sp.rc;
}

struct xlsx_style xlsx_styles_get(const struct xlsx_styles *st, size_t s)
{
  struct xlsx_style plain = {XLSX_NUMBER, 0};
  return s < st->nstyles ? st->styles[s] : plain;
}

void xlsx_styles_release(struct xlsx_styles *st)
{
  free(st->styles);
  st->styles = NULL;
  st->nstyles = 0;
}
