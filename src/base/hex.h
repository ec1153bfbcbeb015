/* Hexadecimal digits, decoded in one place (XLSX's _xHHHH_ escapes, URL-encoded forms). */
#ifndef CSP_HEX_H
#define CSP_HEX_H

/* The value (0-15) of the hexadecimal digit c, either case, or -1 when c is not one. */
static inline int hex_digit_value(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

#endif
