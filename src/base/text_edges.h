/* The white space a customer value may carry at its edges: ASCII white space and the UTF-8
 * no-break space (U+00A0, common in Excel exports). normalize.c trims it off every value; the
 * CSV reader tells rows whose cells have none at their edges, so that normalize need not look
 * (row.h: cells_trimmed). One definition for both. */
#ifndef CSP_TEXT_EDGES_H
#define CSP_TEXT_EDGES_H

#include <stdbool.h>
#include <stddef.h>

static inline bool text_is_space(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* The bytes of the white space s[0..len) begins with: 0 (none), 1 (ASCII) or 2 (U+00A0). */
static inline size_t text_leading_space(const char *s, size_t len)
{
  const unsigned char *u = (const unsigned char *)s;
  if (len && text_is_space(u[0]))
    return 1;
  return len >= 2 && u[0] == 0xC2 && u[1] == 0xA0 ? 2 : 0;
}

/* The bytes of the white space s[0..len) ends with: 0, 1 or 2, as text_leading_space. */
static inline size_t text_trailing_space(const char *s, size_t len)
{
  const unsigned char *u = (const unsigned char *)s;
  if (len && text_is_space(u[len - 1]))
    return 1;
  return len >= 2 && u[len - 2] == 0xC2 && u[len - 1] == 0xA0 ? 2 : 0;
}

#endif
