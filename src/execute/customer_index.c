/* Open-addressing hash table (FNV-1a, linear probing, grown at 50% load) from lower-cased
 * identity to customer id. A partner has thousands of customers, not millions, so the whole
 * list fits in memory comfortably; strings live in one arena. */
#include "execute/customer_index.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/errors.h"

struct slot {
  const char *key;
  const char *customer_id;
};

struct customer_index {
  struct slot *slots;
  size_t cap; /* power of two */
  size_t count;
  struct arena arena;
};

static uint64_t hash_key(const char *s)
{
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

int customer_index_new(struct customer_index **out)
{
  struct customer_index *ix = calloc(1, sizeof(*ix));
  if (ix)
    ix->slots = calloc(64, sizeof(*ix->slots));
  if (!ix || !ix->slots) {
    free(ix);
    *out = NULL;
    return CSP_E_NOMEM;
  }
  ix->cap = 64;
  arena_init(&ix->arena, 0);
  *out = ix;
  return CSP_E_OK;
}

void customer_index_free(struct customer_index *ix)
{
  if (!ix)
    return;
  arena_release(&ix->arena);
  free(ix->slots);
  free(ix);
}

static struct slot *probe(struct slot *slots, size_t cap, const char *key)
{
  size_t i = (size_t)hash_key(key) & (cap - 1);
  while (slots[i].key && strcmp(slots[i].key, key))
    i = (i + 1) & (cap - 1);
  return &slots[i];
}

static int grow(struct customer_index *ix)
{
  size_t cap = ix->cap * 2;
  struct slot *slots = calloc(cap, sizeof(*slots));
  if (!slots)
    return CSP_E_NOMEM;
  for (size_t i = 0; i < ix->cap; i++)
    if (ix->slots[i].key)
      *probe(slots, cap, ix->slots[i].key) = ix->slots[i];
  free(ix->slots);
  ix->slots = slots;
  ix->cap = cap;
  return CSP_E_OK;
}

static int put(struct customer_index *ix, const char *kind, const char *value, const char *id)
{
  if (!value || !*value)
    return CSP_E_OK;
  char *key = arena_printf(&ix->arena, "%s:%s", kind, value);
  if (!key)
    return CSP_E_NOMEM;
  for (char *p = key; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  if ((ix->count + 1) * 2 > ix->cap && grow(ix))
    return CSP_E_NOMEM;
  struct slot *s = probe(ix->slots, ix->cap, key);
  if (!s->key)
    ix->count++;
  s->key = key;
  s->customer_id = id;
  return CSP_E_OK;
}

int customer_index_add(struct customer_index *ix, const char *customer_id, const char *tenant_id,
                       const char *domain)
{
  const char *id = arena_strdup(&ix->arena, customer_id ? customer_id : "");
  if (!id)
    return CSP_E_NOMEM;
  int rc = put(ix, "tenant", tenant_id, id);
  return rc ? rc : put(ix, "domain", domain, id);
}

const char *customer_index_find(const struct customer_index *ix, const char *identity)
{
  char key[512];
  size_t n = 0;
  for (; identity[n] && n + 1 < sizeof(key); n++)
    key[n] = (char)tolower((unsigned char)identity[n]);
  key[n] = '\0';
  const struct slot *s = probe(ix->slots, ix->cap, key);
  return s->key ? s->customer_id : NULL;
}

size_t customer_index_count(const struct customer_index *ix)
{
  return ix->count;
}
