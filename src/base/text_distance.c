/* The edit distance behind text_distance.h: Levenshtein's, one row at a time, on a fixed
 * row (the words compared are option and key names). */
#include "base/text_distance.h"

#include <string.h>

size_t text_distance(const char *a, size_t alen, const char *b)
{
  size_t blen = strlen(b), row[64];
  if (alen >= 63 || blen >= 63)
    return 99;
  for (size_t j = 0; j <= blen; j++)
    row[j] = j;
  for (size_t i = 1; i <= alen; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= blen; j++) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[blen];
}
