/* The encoding of a text input without a byte order mark, guessed from its start: UTF-16 by
 * the zero bytes of its ASCII characters (a header line is ASCII), otherwise UTF-8 when the
 * bytes are mostly valid UTF-8, else Windows-1252 (Excel's plain "CSV" on Western-European Windows,
 * the usual non-UTF-8 customer list). A pure function of the bytes. */
#ifndef CSP_ENCODING_SNIFF_H
#define CSP_ENCODING_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

struct encoding_guess {
  const char *encoding;   /* an iconv name, or NULL: UTF-8 (nothing to convert) */
  size_t bad_line;        /* WINDOWS-1252: the line (1-based) of the first byte not UTF-8 */
  unsigned char bad_byte; /* ... and that byte */
};

/* Guesses from p[0..n); whole: p is the entire file (else a character cut at its end is not
 * held against UTF-8). */
void encoding_sniff(const unsigned char *p, size_t n, bool whole, struct encoding_guess *g);

#endif
