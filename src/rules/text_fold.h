/* One folding of text for comparing names the way people mean them: "ÖSTERREICH",
 * "Österreich" and "osterreich" are the same name, so are "U.S." and "US", "Zürich" and
 * "Zurich". Used for country names (countries.yaml) and subdivision names (`subdivision:`),
 * never on the per-row path of a plain 2-letter code. */
#ifndef CSP_TEXT_FOLD_H
#define CSP_TEXT_FOLD_H

#include <stddef.h>

/* Longest folded key kept (a longer value matches no name). */
#define TEXT_FOLD_MAX 256

/* Writes the folded form of s[0..len) into out (cap bytes, NUL-terminated) and returns its
 * length, or (size_t)-1 when s is not valid UTF-8 or the result does not fit.
 * Folding: ASCII letters lower-cased; every character that is not a letter or a digit
 * (ASCII punctuation and white space, Latin-1 symbols, U+2000-206F punctuation, CJK
 * punctuation U+3000-303F and U+30FB, combining marks U+0300-036F) dropped; Latin letters
 * with diacritics (U+00C0-024F, U+1E00-1EFF, Vietnamese included) reduced to their base
 * letter (ß, æ, œ, ø, ł, đ, þ spelt out as ss, ae, oe, o, l, d, th); Greek and Cyrillic
 * lower-cased with their accents dropped (ά -> α, ё -> е, й -> и); full-width ASCII
 * (U+FF01-FF5E) as ASCII. Everything else (CJK, Arabic, Hebrew, Armenian, ...) is kept as
 * written: no transliteration between scripts (Москва is not Moskva unless both are listed),
 * no Unicode case folding outside these blocks, no compatibility forms beyond full width. */
size_t text_fold(const char *s, size_t len, char *out, size_t cap);

#endif
