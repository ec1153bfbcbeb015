/* Chained-block arena behind every per-row and per-rule-set string. Allocation is a pointer
 * bump; a block that is too small is followed by a new one at least twice as large, up to the
 * arena's cap. arena_reset keeps the newest (largest) block, so a row pool that is reused row
 * after row stops calling malloc once warm. */
#include "base/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16
#define ARENA_FIRST_BLOCK 4096

struct arena_block {
  struct arena_block *next;
  size_t size; /* usable bytes in data */
  size_t fill; /* bytes used in data */
  _Alignas(ARENA_ALIGN) unsigned char data[];
};

void arena_init(struct arena *a, size_t cap)
{
  a->head = NULL;
  a->used = 0;
  a->cap = cap;
}

static void free_blocks(struct arena_block *b)
{
  while (b) {
    struct arena_block *next = b->next;
    free(b);
    b = next;
  }
}

void arena_release(struct arena *a)
{
  free_blocks(a->head);
  a->head = NULL;
  a->used = 0;
}

void arena_reset(struct arena *a)
{
  struct arena_block *b = a->head;
  if (!b)
    return;
  /* Keep the newest block: it is the largest, so a row pool warms up to its widest row. */
  free_blocks(b->next);
  b->next = NULL;
  b->fill = 0;
  a->used = 0;
}

static struct arena_block *new_block(size_t at_least, size_t previous)
{
  size_t size = previous ? previous * 2 : ARENA_FIRST_BLOCK;
  while (size < at_least)
    size *= 2;
  struct arena_block *b = malloc(sizeof(*b) + size);
  if (!b)
    return NULL;
  b->next = NULL;
  b->size = size;
  b->fill = 0;
  return b;
}

void *arena_alloc(struct arena *a, size_t size)
{
  size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  if (rounded < size || (a->cap && a->used + rounded > a->cap))
    return NULL;
  struct arena_block *b = a->head;
  if (!b || b->size - b->fill < rounded) {
    struct arena_block *fresh = new_block(rounded, b ? b->size : 0);
    if (!fresh)
      return NULL;
    fresh->next = b;
    a->head = b = fresh;
  }
  void *p = b->data + b->fill;
  b->fill += rounded;
  a->used += rounded;
  return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
  char *p = arena_alloc(a, len + 1);
  if (!p)
    return NULL;
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
  return arena_strndup(a, s, strlen(s));
}

char *arena_concat(struct arena *a, const char *const *pieces, size_t n)
{
  size_t lengths[16], total = 0;
  if (n > sizeof(lengths) / sizeof(lengths[0]))
    return NULL;
  for (size_t i = 0; i < n; i++)
    total += lengths[i] = strlen(pieces[i]);
  char *out = arena_alloc(a, total + 1);
  if (!out)
    return NULL;
  char *p = out;
  for (size_t i = 0; i < n; i++) {
    memcpy(p, pieces[i], lengths[i]);
    p += lengths[i];
  }
  *p = '\0';
  return out;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return NULL;
  char *p = arena_alloc(a, (size_t)n + 1);
  if (!p)
    return NULL;
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}
