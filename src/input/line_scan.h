/* One pass over a line of delimited text for the CSV reader's fast path: where its delimiters
 * and quotes are, and whether it holds a line break, a byte outside ASCII, a NUL or another
 * control byte, which are what send a line to libcsv (break), to the UTF-8 check (non-ASCII,
 * NUL) or to the control-character check of normalize (rules/control_chars.h). It replaces a
 * memchr per cell and a UTF-8 check per cell with one look at each byte. */
#ifndef CSP_LINE_SCAN_H
#define CSP_LINE_SCAN_H

#include <stddef.h>
#include <stdint.h>

#define LINE_SCAN_QUOTE 1u     /* a '"' */
#define LINE_SCAN_BREAK 2u     /* a '\r' or a '\n' */
#define LINE_SCAN_NON_ASCII 4u /* a byte >= 0x80 */
#define LINE_SCAN_NUL 8u       /* a '\0' */
#define LINE_SCAN_CONTROL 16u  /* another byte below 0x20 (a tab unless delim), or 0x7F */

#define LINE_SCAN_MARKS 256 /* positions kept of each kind; more are counted only */

/* Where a line's delimiters and quotes are: the first LINE_SCAN_MARKS of each, in order; the
 * counts include the ones past that. */
struct line_marks {
  uint32_t cuts[LINE_SCAN_MARKS];
  size_t ncuts;
  uint32_t quotes[LINE_SCAN_MARKS];
  size_t nquotes;
};

/* Scans s[0..len) and returns the LINE_SCAN_ flags of what it holds; fills *marks with the
 * positions of delim and of '"'. On x86-64 it looks at 16 bytes at a time (SSE2). */
unsigned line_scan(const char *s, size_t len, char delim, struct line_marks *marks);

/* The same answer, one byte at a time: what machines without SSE2 run, and the tests'
 * reference. */
unsigned line_scan_bytewise(const char *s, size_t len, char delim, struct line_marks *marks);

#endif
