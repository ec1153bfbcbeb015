/* UTF-8 validation, safe cutting and repair (utf8.h). The validator follows the well-formed
 * byte sequence table of Unicode §3.9 (Table 3-7), with an eight-bytes-at-a-time fast path for
 * ASCII, which is nearly all of a customer list. */
#include "input/utf8.h"

#include <stdint.h>
#include <string.h>

/* Length of the well-formed sequence starting at s (at most n bytes available), or 0. */
static size_t sequence_length(const unsigned char *s, size_t n)
{
  unsigned char c = s[0];
  if (c == 0)
    return 0; /* a NUL byte is no text: repaired like an invalid byte */
  if (c < 0x80)
    return 1;
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  if (c < 0xC2 || c > 0xF4 || n < len)
    return 0;
  unsigned char lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
  if (c == 0xE0)
    lo = 0xA0;
  else if (c == 0xED)
    hi = 0x9F;
  else if (c == 0xF0)
    lo = 0x90;
  else if (c == 0xF4)
    hi = 0x8F;
  if (s[1] < lo || s[1] > hi)
    return 0;
  for (size_t i = 2; i < len; i++)
    if ((s[i] & 0xC0) != 0x80)
      return 0;
  return len;
}

/* Eight ASCII bytes, none of them NUL. */
static bool all_ascii8(const unsigned char *s)
{
  uint64_t word;
  memcpy(&word, s, sizeof(word));
  uint64_t has_zero = (word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL;
  return (word & 0x8080808080808080ULL) == 0 && !has_zero;
}

/* True when every byte of s[0..len) is ASCII and none is NUL: one pass the compiler
 * vectorises, for the short cells that are nearly all of a customer list. */
static bool all_ascii(const unsigned char *s, size_t len)
{
  unsigned char any = 0, zero = 0;
  for (size_t i = 0; i < len; i++) {
    any |= s[i];
    zero |= s[i] == 0;
  }
  return any < 0x80 && !zero;
}

size_t utf8_valid_span(const char *s, size_t len)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    if (len - i >= 8 && all_ascii8(p + i)) {
      i += 8;
      continue;
    }
    size_t n = p[i] == 0 ? 1 : sequence_length(p + i, len - i);
    if (!n)
      break;
    i += n;
  }
  return i;
}

bool utf8_valid(const char *s, size_t len)
{
  const unsigned char *p = (const unsigned char *)s;
  if (all_ascii(p, len))
    return true;
  size_t i = 0;
  while (i < len) {
    if (len - i >= 8 && all_ascii8(p + i)) {
      i += 8;
      continue;
    }
    size_t n = sequence_length(p + i, len - i);
    if (!n)
      return false;
    i += n;
  }
  return true;
}

size_t utf8_cut(const char *s, size_t max)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t n = max;
  /* Step back over at most three continuation bytes to the start of the last character. */
  while (n > 0 && max - n < 3 && (p[n - 1] & 0xC0) == 0x80)
    n--;
  if (n == 0 || p[n - 1] < 0xC0)
    return max; /* ends on ASCII or a complete sequence of continuation bytes */
  size_t start = n - 1;
  size_t want = p[start] >= 0xF0 ? 4 : p[start] >= 0xE0 ? 3 : 2;
  return start + want <= max ? max : start;
}

/* Windows-1252's 0x80..0x9F as Unicode code points; 0 where the code page defines none. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* Writes byte c read as Windows-1252 to out as UTF-8 (U+FFFD for the five bytes the code page
 * leaves undefined and for 0xFF, which stands for undecodable input: decode.h). Returns the
 * bytes written. */
static size_t put_cp1252(unsigned char c, char *out)
{
  unsigned cp = c >= 0xA0 ? c : cp1252_high[c - 0x80];
  if (!cp || c == 0xFF)
    cp = 0xFFFD;
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  out[0] = (char)(0xE0 | (cp >> 12));
  out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[2] = (char)(0x80 | (cp & 0x3F));
  return 3;
}

char *utf8_repair_as(struct arena *a, const char *s, size_t len, bool cp1252)
{
  static const char replacement[] = "\xEF\xBF\xBD";
  char *out = arena_alloc(a, len * 3 + 1); /* worst case: every byte replaced */
  if (!out)
    return NULL;
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, o = 0;
  while (i < len) {
    size_t n = sequence_length(p + i, len - i);
    if (n) {
      memcpy(out + o, p + i, n);
      o += n;
      i += n;
    } else if (cp1252 && p[i] >= 0x80) {
      o += put_cp1252(p[i++], out + o);
    } else {
      memcpy(out + o, replacement, 3);
      o += 3;
      i++;
    }
  }
  out[o] = '\0';
  return out;
}

char *utf8_repair(struct arena *a, const char *s, size_t len)
{
  return utf8_repair_as(a, s, len, false);
}
