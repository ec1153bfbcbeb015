/* grow.h: the one doubling realloc. */
#include "base/grow.h"

#include <stdint.h>
#include <stdlib.h>

#include "base/errors.h"

int grow_array(void **p, size_t *cap, size_t need, size_t size)
{
  if (need <= *cap)
    return CSP_E_OK;
  size_t n = *cap ? *cap : 64;
  while (n < need)
    n *= 2;
  if (size && n > SIZE_MAX / size)
    return CSP_E_NOMEM;
  void *q = realloc(*p, n * size);
  if (!q)
    return CSP_E_NOMEM;
  *p = q;
  *cap = n;
  return CSP_E_OK;
}
