/* The lookup table of an `enum:` list: an open-addressing hash of its values, built once at
 * load, so that checking a value costs one hash and usually one comparison whatever the
 * length of the list (the US states list has 51 values). With case_insensitive the hash
 * and the comparison ignore ASCII case, as strcasecmp does in the C locale; a list never
 * holds two values that compare equal (the loader refuses it), so a value finds at most
 * one. */
#include "rules/rules_internal.h"

#include "base/hash.h"

static unsigned char fold(unsigned char c)
{
  return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static size_t value_hash(const char *s, size_t len, bool folded)
{
  uint64_t h = HASH_FNV_OFFSET;
  for (size_t i = 0; i < len; i++)
    h = hash_step(h, folded ? fold((unsigned char)s[i]) : (unsigned char)s[i]);
  return (size_t)h;
}

bool enum_table_build(struct load_ctx *lc, struct string_list *l, bool folded)
{
  size_t slots = 4;
  while (slots < 2 * l->n)
    slots *= 2;
  l->slots = load_alloc(lc, slots * sizeof(*l->slots));
  if (!l->slots)
    return false;
  memset(l->slots, 0, slots * sizeof(*l->slots));
  l->mask = slots - 1;
  for (size_t i = 0; i < l->n; i++) {
    size_t at = value_hash(l->values[i], strlen(l->values[i]), folded) & l->mask;
    while (l->slots[at])
      at = (at + 1) & l->mask;
    l->slots[at] = l->values[i];
  }
  return true;
}

/* strcasecmp(a, b) == 0 in the C locale, without the call. */
static bool same_folded(const char *a, const char *b)
{
  for (; fold((unsigned char)*a) == fold((unsigned char)*b); a++, b++)
    if (!*a)
      return true;
  return false;
}

const char *enum_find(const struct string_list *l, const char *value, size_t len, bool folded)
{
  for (size_t at = value_hash(value, len, folded) & l->mask; l->slots[at];
       at = (at + 1) & l->mask) {
    const char *listed = l->slots[at];
    if (folded ? same_folded(listed, value) : !strcmp(listed, value))
      return listed;
  }
  return NULL;
}
