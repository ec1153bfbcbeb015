/* A capped string arena: many small allocations that live and die together (one row's cells
 * and values, one rule set's strings). Blocks are chained, so a pointer handed out stays valid
 * until arena_reset or arena_release. */
#ifndef CSP_ARENA_H
#define CSP_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
  struct arena_block *head; /* block being filled; older blocks follow */
  size_t used;              /* bytes handed out since the last reset */
  size_t cap;               /* most bytes it may hand out; 0 = unlimited */
};

/* Sets up an empty arena that refuses to hand out more than cap bytes (0: no cap). */
void arena_init(struct arena *a, size_t cap);
/* Frees every block. The arena can be used again after arena_init. */
void arena_release(struct arena *a);
/* Forgets every allocation but keeps the first block for reuse (the row pool's hot path). */
void arena_reset(struct arena *a);

/* Returns size bytes aligned for any type, or NULL when the cap is reached or memory is out.
 * The memory belongs to the arena. */
void *arena_alloc(struct arena *a, size_t size);
/* Copies len bytes of s and a terminating NUL into the arena. NULL on cap or out of memory. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
/* arena_strndup(a, s, strlen(s)). */
char *arena_strdup(struct arena *a, const char *s);
/* Concatenates n strings into the arena. NULL on cap or out of memory. */
char *arena_concat(struct arena *a, const char *const *pieces, size_t n);
/* printf into the arena. NULL on cap, out of memory or format error. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
