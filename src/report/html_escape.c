/* html_escape.h: a byte loop that copies plain runs at once and replaces the five characters
 * HTML gives meaning to, malformed UTF-8, and control characters. */
#include "report/html_escape.h"

#include <stddef.h>

#include "input/utf8.h"

static const char *replacement(unsigned char c)
{
  switch (c) {
  case '&':
    return "&amp;";
  case '<':
    return "&lt;";
  case '>':
    return "&gt;";
  case '"':
    return "&quot;";
  case '\'':
    return "&#39;";
  default:
    return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f ? " " : NULL;
  }
}

/* The length of the well-formed UTF-8 character at p (a byte >= 0x80), or 0. Continuation
 * bytes are checked one by one first, so the string's NUL is never read past. */
static size_t utf8_char_length(const char *p)
{
  unsigned char c = (unsigned char)*p;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  for (size_t i = 1; i < n; i++)
    if (((unsigned char)p[i] & 0xC0) != 0x80)
      return 0;
  return n && utf8_valid(p, n) ? n : 0;
}

void html_escape(FILE *out, const char *s)
{
  if (!s)
    return;
  const char *run = s;
  for (const char *p = s; *p;) {
    unsigned char c = (unsigned char)*p;
    size_t len = c < 0x80 ? 1 : utf8_char_length(p);
    const char *rep = c < 0x80 ? replacement(c) : len == 0 ? "\xEF\xBF\xBD" : NULL;
    if (!rep) {
      p += len;
      continue;
    }
    fwrite(run, 1, (size_t)(p - run), out);
    fputs(rep, out);
    p += len ? len : 1;
    run = p;
  }
  fputs(run, out);
}
