/* UTF-8 checks for text read from a customer list: is a cell valid UTF-8, where may a long
 * cell be cut without splitting a character, and a repaired copy of an invalid cell. Pure
 * functions over byte ranges; no allocation except into a caller's arena. */
#ifndef CSP_UTF8_H
#define CSP_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF) and
 * holds no NUL byte, which is no text in a customer list (utf8_repair replaces it too). */
bool utf8_valid(const char *s, size_t len);

/* The largest n <= max such that s[0..n) does not end in the middle of a multi-byte character
 * (s must hold at least max bytes). For invalid input it never returns less than max - 3. */
size_t utf8_cut(const char *s, size_t max);

/* A NUL-terminated copy of s[0..len) in arena a with every ill-formed byte sequence replaced
 * by U+FFFD. NULL when the arena is full. */
char *utf8_repair(struct arena *a, const char *s, size_t len);

#endif
