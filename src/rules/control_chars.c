/* The control-character check behind control_chars.h. A value is scanned once with a byte
 * table: most bytes of most values are letters, digits and punctuation that need no second
 * look. The line breaks recognised are CR, LF, VT, FF and Unicode's NEL (U+0085), LINE
 * SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029); the other controls are C0, DEL and the
 * C1 range (U+0080..U+009F, the trace of Windows-1252 text read as Latin-1). */
#include "rules/control_chars.h"

#include <stdio.h>
#include <string.h>

/* What the byte at s[i] starts: ordinary text, a line break, a tab or another control
 * character (its length in bytes goes to *width). */
enum { PLAIN, BREAK, TAB, CONTROL };

static int classify_at(const unsigned char *s, size_t *width)
{
  unsigned char c = s[0];
  *width = 1;
  if (c == '\r' || c == '\n' || c == '\v' || c == '\f')
    return BREAK;
  if (c == '\t')
    return TAB;
  if (c < 0x20 || c == 0x7F)
    return CONTROL;
  if (c == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) {
    *width = 2;
    return s[1] == 0x85 ? BREAK : CONTROL;
  }
  if (c == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)) {
    *width = 3;
    return BREAK;
  }
  return PLAIN;
}

/* Whether a byte may start something classify_at looks at. */
static inline bool suspect(unsigned char c)
{
  return c < 0x20 || c == 0x7F || c == 0xC2 || c == 0xE2;
}

static bool is_address(enum field_id f)
{
  return f == FIELD_ADDRESS_LINE1 || f == FIELD_ADDRESS_LINE2 || f == FIELD_ADDRESS_LINE3;
}

/* The address line with each run of line breaks (and the blanks around them) as one space. */
static const char *joined_lines(struct row *row, const char *s)
{
  size_t len = strlen(s), n = 0;
  char *out = arena_alloc(&row->arena, len + 1);
  if (!out)
    return s;
  for (size_t i = 0; i < len;) {
    size_t w;
    int kind = classify_at((const unsigned char *)s + i, &w);
    if (kind != BREAK && kind != TAB) {
      out[n++] = s[i++];
      continue;
    }
    while (n && out[n - 1] == ' ')
      n--;
    while (i < len && (s[i] == ' ' || classify_at((const unsigned char *)s + i, &w) == BREAK ||
                       classify_at((const unsigned char *)s + i, &w) == TAB))
      i += s[i] == ' ' ? 1 : w;
    out[n++] = ' ';
  }
  out[n] = '\0';
  return out;
}

/* Scans value s: whether it holds a line break, and whether another control character (a
 * tab: has_tab). */
static void scan(const char *s, bool *has_break, bool *has_tab, bool *has_control)
{
  const unsigned char *u = (const unsigned char *)s;
  *has_break = *has_tab = *has_control = false;
  for (size_t i = 0; u[i]; i++) {
    if (!suspect(u[i]))
      continue;
    size_t w;
    int kind = classify_at(u + i, &w);
    *has_break |= kind == BREAK;
    *has_tab |= kind == TAB;
    *has_control |= kind == CONTROL;
    i += w - 1;
  }
}

void check_control_chars(struct row *row)
{
  if (row->cells_plain)
    return; /* the reader saw every byte: printable ASCII only */
  for (int f = 0; f < FIELD_COUNT; f++) {
    const char *s = row_get(row, (enum field_id)f);
    bool has_break, has_tab, has_control;
    scan(s, &has_break, &has_tab, &has_control);
    if (!has_break && !has_tab && !has_control)
      continue;
    if (is_address((enum field_id)f) && !has_control) {
      row->value[f] = joined_lines(row, s);
      row_add_violation(row, (enum field_id)f, VIOLATION_CONTROL_CHARACTER, true,
                        has_break ? "%s: its line break (Excel's Alt+Enter) becomes a space"
                                  : "%s: its tab becomes a space",
                        field_name((enum field_id)f));
      continue;
    }
    row_add_violation(row, (enum field_id)f, VIOLATION_CONTROL_CHARACTER, false,
                      "%s holds %s, which no %s can have: check the cell (a stray quote may "
                      "have joined it with the next line)",
                      field_name((enum field_id)f),
                      has_break ? "a line break"
                      : has_tab ? "a tab"
                                : "a control character",
                      is_address((enum field_id)f) ? "address line" : "single-line value");
  }
}
