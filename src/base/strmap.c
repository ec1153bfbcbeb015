/* Open-addressing string map (strmap.h): base/hash.h's FNV-1a, linear probing, doubling at 50%
 * load. Entries are never removed: its users (the customer index, the sandbox's state) only
 * accumulate. */
#include "base/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/errors.h"
#include "base/hash.h"

struct strmap_slot {
  char *key;
  void *value;
};

void strmap_init(struct strmap *map, void (*free_value)(void *value))
{
  memset(map, 0, sizeof(*map));
  map->free_value = free_value;
}

void strmap_release(struct strmap *map)
{
  for (size_t i = 0; i < map->cap; i++) {
    if (!map->slots[i].key)
      continue;
    free(map->slots[i].key);
    if (map->free_value)
      map->free_value(map->slots[i].value);
  }
  free(map->slots);
  map->slots = NULL;
  map->cap = map->count = 0;
}

static struct strmap_slot *find_slot(struct strmap_slot *slots, size_t cap, const char *key)
{
  size_t i = (size_t)hash_text(key) & (cap - 1);
  while (slots[i].key && strcmp(slots[i].key, key) != 0)
    i = (i + 1) & (cap - 1);
  return &slots[i];
}

void *strmap_get(const struct strmap *map, const char *key)
{
  if (!map->cap)
    return NULL;
  struct strmap_slot *slot = find_slot(map->slots, map->cap, key);
  return slot->key ? slot->value : NULL;
}

static int grow(struct strmap *map)
{
  size_t cap = map->cap ? map->cap * 2 : 64;
  struct strmap_slot *slots = calloc(cap, sizeof(*slots));
  if (!slots)
    return CSP_E_NOMEM;
  for (size_t i = 0; i < map->cap; i++)
    if (map->slots[i].key)
      *find_slot(slots, cap, map->slots[i].key) = map->slots[i];
  free(map->slots);
  map->slots = slots;
  map->cap = cap;
  return 0;
}

int strmap_put(struct strmap *map, const char *key, void *value)
{
  int rc = 0;
  if ((map->count + 1) * 2 > map->cap && (rc = grow(map)) != 0)
    goto out;
  struct strmap_slot *slot = find_slot(map->slots, map->cap, key);
  if (slot->key) {
    if (map->free_value && slot->value != value)
      map->free_value(slot->value);
    slot->value = value;
    goto out;
  }
  slot->key = strdup(key);
  if (!slot->key) {
    rc = CSP_E_NOMEM;
    goto out;
  }
  slot->value = value;
  map->count++;
out:
  return rc;
}

void strmap_each(const struct strmap *map, void (*fn)(void *value, void *ctx), void *ctx)
{
  for (size_t i = 0; i < map->cap; i++)
    if (map->slots[i].key)
      fn(map->slots[i].value, ctx);
}
