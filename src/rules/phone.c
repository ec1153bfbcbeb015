/* `normalize: phone`: what people write (+49 30 1234567, 0049 (30) 123-4567, 030/1234567)
 * into the national number in digits (301234567), which the field's pattern then checks and
 * which is what Partner Center receives. Steps: drop blanks and ( ) - . /; drop an
 * international prefix (+ or 00) followed by one of the market's calling codes, or else
 * the market's trunk prefix; after a calling code also drop the trunk prefix ("+49 (0)30").
 * A number with another country's calling code is left as dialled, in +CC form, so that a
 * digits-only pattern rejects it. */
#include "rules/rules_internal.h"

static bool separator(char c)
{
  return c == ' ' || c == '\t' || c == '(' || c == ')' || c == '-' || c == '.' || c == '/';
}

static size_t drop_separators(char *s, size_t len)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    if (separator(s[i]))
      continue;
    if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
      i++; /* U+00A0, a non-breaking space */
      continue;
    }
    s[n++] = s[i];
  }
  return n;
}

static bool starts_with(const char *s, size_t len, const char *prefix)
{
  size_t n = strlen(prefix);
  return n > 0 && len >= n && !memcmp(s, prefix, n);
}

static size_t drop_front(char *s, size_t len, size_t n)
{
  memmove(s, s + n, len - n);
  return len - n;
}

/* The market's calling code after the international prefix at s[skip], or NULL. Calling
 * codes are sorted longest first, so "1684" wins over "1". */
static const char *own_calling_code(const char *s, size_t len, size_t skip,
                                    const struct market_rules *m)
{
  for (size_t i = 0; i < m->ncalling_codes; i++)
    if (starts_with(s + skip, len - skip, m->calling_codes[i]))
      return m->calling_codes[i];
  return NULL;
}

size_t phone_normalize(char *s, size_t len, const struct market_rules *m)
{
  len = drop_separators(s, len);
  const char *trunk = m->trunk_prefix ? m->trunk_prefix : "";
  size_t skip = len >= 1 && s[0] == '+' ? 1 : len >= 2 && s[0] == '0' && s[1] == '0' ? 2 : 0;
  if (skip == 0)
    return starts_with(s, len, trunk) ? drop_front(s, len, strlen(trunk)) : len;
  const char *code = own_calling_code(s, len, skip, m);
  if (!code) {
    if (skip == 2) {
      len = drop_front(s, len, 1);
      s[0] = '+';
    }
    return len;
  }
  len = drop_front(s, len, skip + strlen(code));
  return starts_with(s, len, trunk) ? drop_front(s, len, strlen(trunk)) : len;
}

bool phone_needed(const char *s, size_t len, const struct market_rules *m)
{
  for (size_t i = 0; i < len; i++)
    if (separator(s[i]) || (unsigned char)s[i] == 0xC2)
      return true;
  return (len >= 1 && s[0] == '+') || (len >= 2 && s[0] == '0' && s[1] == '0') ||
         starts_with(s, len, m->trunk_prefix ? m->trunk_prefix : "");
}
