/* The guess of encoding_sniff.h. UTF-16 without a byte order mark: in its first 4 KiB, at
 * least three in ten 16-bit units have a zero high byte while almost no low byte is zero (an
 * ASCII header line is all such units). UTF-8: the sample (up to a character it cuts in two)
 * has no more bytes that are not UTF-8 than well-formed multi-byte characters — a UTF-8 file
 * with a few pasted stray bytes stays UTF-8, and only their rows are bad_encoding; Windows-1252
 * text has almost no byte pairs that happen to be UTF-8. Else it is taken for Windows-1252,
 * whose every byte decodes. */
#include "input/encoding_sniff.h"

#include <string.h>

#include "input/utf8.h"

#define UTF16_SAMPLE 4096

static const char *utf16_by_zeros(const unsigned char *p, size_t n)
{
  size_t pairs = (n < UTF16_SAMPLE ? n : UTF16_SAMPLE) / 2, zero_even = 0, zero_odd = 0;
  if (pairs < 2)
    return NULL;
  for (size_t i = 0; i < pairs; i++) {
    zero_even += p[2 * i] == 0;
    zero_odd += p[2 * i + 1] == 0;
  }
  if (zero_odd * 10 >= pairs * 3 && zero_even * 20 <= pairs)
    return "UTF-16LE";
  if (zero_even * 10 >= pairs * 3 && zero_odd * 20 <= pairs)
    return "UTF-16BE";
  return NULL;
}

void encoding_sniff(const unsigned char *p, size_t n, bool whole, struct encoding_guess *g)
{
  memset(g, 0, sizeof(*g));
  g->encoding = utf16_by_zeros(p, n);
  if (g->encoding)
    return;
  size_t usable = whole || n == 0 ? n : utf8_cut((const char *)p, n);
  size_t characters = 0, bad = 0, first_bad = 0; /* multi-byte UTF-8 characters, bad bytes */
  for (size_t i = 0; i < usable;) {
    size_t span = utf8_valid_span((const char *)p + i, usable - i);
    for (size_t k = i; k < i + span; k++)
      characters += (p[k] & 0xC0) == 0xC0;
    i += span;
    if (i < usable) {
      first_bad = bad++ ? first_bad : i;
      i++;
    }
  }
  if (bad <= characters)
    return; /* UTF-8 with a few stray bytes: their rows are bad_encoding */
  g->encoding = "WINDOWS-1252";
  g->bad_byte = p[first_bad];
  g->bad_line = 1;
  for (const unsigned char *q = p; (q = memchr(q, '\n', (size_t)(p + first_bad - q))); q++)
    g->bad_line++;
}
