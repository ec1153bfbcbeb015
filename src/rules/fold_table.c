/* The lookup table of names compared without case, accents or punctuation (text_fold.h): an
 * open-addressing hash of folded keys, built once when a market or countries.yaml is read.
 * A lookup folds the value into a stack buffer, so it allocates nothing. Used for country
 * names (countries.c) and subdivision names (`subdivision:`). */
#include "base/hash.h"
#include "rules/rules_internal.h"
#include "rules/text_fold.h"

static size_t key_hash(const char *s, size_t len)
{
  return (size_t)hash_bytes(HASH_FNV_OFFSET, s, len);
}

bool fold_table_init(struct load_ctx *lc, struct fold_table *t, size_t max)
{
  size_t slots = 8;
  while (slots < 2 * max)
    slots *= 2;
  *t = (struct fold_table){NULL, NULL, NULL, slots - 1, 0, max};
  t->keys = load_alloc(lc, slots * sizeof(*t->keys));
  t->values = load_alloc(lc, slots * sizeof(*t->values));
  t->ranks = load_alloc(lc, slots);
  if (!t->keys || !t->values || !t->ranks)
    return false;
  memset(t->keys, 0, slots * sizeof(*t->keys));
  return true;
}

/* The slot of key, or the free slot where it would go. */
static size_t slot_of(const struct fold_table *t, const char *key, size_t len)
{
  size_t at = key_hash(key, len) & t->mask;
  while (t->keys[at] && strcmp(t->keys[at], key))
    at = (at + 1) & t->mask;
  return at;
}

bool fold_table_add(struct load_ctx *lc, struct fold_table *t, const char *name, int value,
                    int rank)
{
  char key[TEXT_FOLD_MAX];
  size_t len = text_fold(name, strlen(name), key, sizeof(key));
  if (len == (size_t)-1 || len == 0)
    return true;
  size_t at = slot_of(t, key, len);
  if (t->keys[at]) {
    if (rank < t->ranks[at]) {
      t->values[at] = value;
      t->ranks[at] = (unsigned char)rank;
    } else if (rank == t->ranks[at] && t->values[at] != value)
      t->values[at] = FOLD_AMBIGUOUS;
    return true;
  }
  if (t->n == t->cap)
    return false;
  if (!(t->keys[at] = load_strdup(lc, key)))
    return false;
  t->values[at] = value;
  t->ranks[at] = (unsigned char)rank;
  t->n++;
  return true;
}

int fold_table_find(const struct fold_table *t, const char *s, size_t len)
{
  char key[TEXT_FOLD_MAX];
  if (!t->keys)
    return FOLD_NONE;
  size_t n = text_fold(s, len, key, sizeof(key));
  if (n == (size_t)-1 || n == 0)
    return FOLD_NONE;
  size_t at = slot_of(t, key, n);
  return t->keys[at] ? t->values[at] : FOLD_NONE;
}
