/* Growing a heap array by doubling, for buffers whose cap is enforced by their owner. */
#ifndef CSP_GROW_H
#define CSP_GROW_H

#include <stddef.h>

/* Makes *p (an array of *cap elements of size bytes) hold at least need elements, doubling
 * from 64. Returns 0, or CSP_E_NOMEM with *p and *cap untouched. */
int grow_array(void **p, size_t *cap, size_t need, size_t size);

#endif
