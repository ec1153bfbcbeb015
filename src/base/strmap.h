/* The project's one string-keyed hash map (open addressing, linear probing, no deletion): the
 * customer index's identities, the sandbox's domain index, request-id map and token table.
 * Keys are copied; values are borrowed pointers, freed by the optional callback at release.
 * Not thread-safe: its owner locks where it must. */
#ifndef CSP_STRMAP_H
#define CSP_STRMAP_H

#include <stddef.h>

struct strmap_slot;

struct strmap {
  struct strmap_slot *slots;
  size_t cap; /* a power of two, or 0 before the first put */
  size_t count;
  void (*free_value)(void *value); /* NULL: values are not freed */
};

void strmap_init(struct strmap *map, void (*free_value)(void *value));
/* Frees keys, values (through free_value) and the table. */
void strmap_release(struct strmap *map);
/* The value stored under key, or NULL. */
void *strmap_get(const struct strmap *map, const char *key);
/* Stores value under a copy of key, replacing (and freeing) an existing value.
 * Returns 0 or CSP_E_NOMEM. */
int strmap_put(struct strmap *map, const char *key, void *value);

/* Calls fn(value, ctx) for every stored value, in no particular order. */
void strmap_each(const struct strmap *map, void (*fn)(void *value, void *ctx), void *ctx);

#endif
