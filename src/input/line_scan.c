/* line_scan.h's single pass. The SSE2 version compares 16 bytes at once against the delimiter,
 * the quote, CR, LF and NUL, turns each comparison into a 16-bit mask (movemask also gives the
 * top bit of every byte, i.e. non-ASCII, for free), ORs the masks of the flags together and
 * walks the delimiter and quote masks bit by bit. The last len % 16 bytes go through the byte
 * loop. */
#include "input/line_scan.h"

#include <stdbool.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Records a mark at pos: stored while there is room, always counted. */
static void add_mark(uint32_t *marks, size_t *n, size_t pos)
{
  if (*n < LINE_SCAN_MARKS)
    marks[*n] = (uint32_t)pos;
  (*n)++;
}

/* The byte loop over s[from..len), adding to what the caller found before from. */
static unsigned scan_bytes(const char *s, size_t from, size_t len, char delim, struct line_marks *m)
{
  unsigned flags = 0;
  for (size_t i = from; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == (unsigned char)delim)
      add_mark(m->cuts, &m->ncuts, i);
    if (c == '"') {
      flags |= LINE_SCAN_QUOTE;
      add_mark(m->quotes, &m->nquotes, i);
    } else if (c == '\r' || c == '\n')
      flags |= LINE_SCAN_BREAK;
    else if (c == '\0')
      flags |= LINE_SCAN_NUL;
    else if (c >= 0x80)
      flags |= LINE_SCAN_NON_ASCII;
    else if ((c < 0x20 || c == 0x7F) && c != (unsigned char)delim)
      flags |= LINE_SCAN_CONTROL; /* a tab delimiter is no control byte of a cell */
  }
  return flags;
}

unsigned line_scan_bytewise(const char *s, size_t len, char delim, struct line_marks *m)
{
  m->ncuts = m->nquotes = 0;
  return scan_bytes(s, 0, len, delim, m);
}

#if defined(__SSE2__)

/* The flags whose masks are non-zero. A delimiter that is itself a quote or a break byte sets
 * that flag too, as in the byte loop. */
static unsigned flags_of(unsigned quote, unsigned brk, unsigned high, unsigned nul,
                         unsigned control)
{
  return (quote ? LINE_SCAN_QUOTE : 0u) | (brk ? LINE_SCAN_BREAK : 0u) |
         (high ? LINE_SCAN_NON_ASCII : 0u) | (nul ? LINE_SCAN_NUL : 0u) |
         (control ? LINE_SCAN_CONTROL : 0u);
}

static unsigned mask_of(__m128i bytes, __m128i wanted)
{
  return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, wanted));
}

/* The bytes below 0x20 other than NUL, CR and LF (told apart already), and 0x7F. The signed
 * compare also takes the bytes >= 0x80: they are masked out. */
static unsigned control_mask(__m128i bytes, unsigned high, unsigned others)
{
  unsigned below = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)));
  return ((below & ~high) & ~others) | mask_of(bytes, _mm_set1_epi8(0x7F));
}

/* Records the positions of the bits of mask (one per byte of the 16 at base). */
static void add_marks(uint32_t *marks, size_t *n, size_t base, unsigned mask)
{
  for (; mask; mask &= mask - 1)
    add_mark(marks, n, base + (size_t)__builtin_ctz(mask));
}

unsigned line_scan(const char *s, size_t len, char delim, struct line_marks *m)
{
  const __m128i vdelim = _mm_set1_epi8(delim), vquote = _mm_set1_epi8('"'),
                vcr = _mm_set1_epi8('\r'), vlf = _mm_set1_epi8('\n'), vnul = _mm_setzero_si128();
  unsigned quote = 0, brk = 0, high = 0, nul = 0, control = 0;
  size_t i = 0;
  m->ncuts = m->nquotes = 0;
  for (; i + 16 <= len; i += 16) {
    __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    unsigned q = mask_of(bytes, vquote);
    quote |= q;
    unsigned b = mask_of(bytes, vcr) | mask_of(bytes, vlf), h = (unsigned)_mm_movemask_epi8(bytes);
    unsigned z = mask_of(bytes, vnul);
    brk |= b;
    high |= h;
    nul |= z;
    unsigned d = mask_of(bytes, vdelim);
    control |= control_mask(bytes, h, b | z | d);
    add_marks(m->cuts, &m->ncuts, i, d);
    add_marks(m->quotes, &m->nquotes, i, q);
  }
  return flags_of(quote, brk, high, nul, control) | scan_bytes(s, i, len, delim, m);
}

#else

unsigned line_scan(const char *s, size_t len, char delim, struct line_marks *m)
{
  return line_scan_bytewise(s, len, delim, m);
}

#endif
