/* Helpers shared by the mutation tests (test_fuzz_*.c): a seeded PRNG, so that every run makes
 * the same inputs and a failure names the case that reproduces it, and a growable byte buffer
 * with the edits the tests apply to valid inputs (insert, delete, overwrite, truncate).
 * Header-only, like check.h. */
#ifndef CSP_FUZZ_MUTATE_H
#define CSP_FUZZ_MUTATE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* splitmix64: tiny, fast, and every seed gives a good stream. */
struct fuzz_rng {
  uint64_t state;
};

static inline uint64_t fuzz_next(struct fuzz_rng *r)
{
  uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/* A number in [0, n); 0 when n is 0. */
static inline size_t fuzz_below(struct fuzz_rng *r, size_t n)
{
  return n ? (size_t)(fuzz_next(r) % n) : 0;
}

/* An element of a literal array. */
#define FUZZ_PICK(rng, array) ((array)[fuzz_below((rng), sizeof(array) / sizeof((array)[0]))])

struct fuzz_buf {
  char *data;
  size_t len, cap;
};

static inline void fuzz_reserve(struct fuzz_buf *b, size_t extra)
{
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1)
    cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p)
    abort();
  b->data = p;
  b->cap = cap;
}

static inline void fuzz_set(struct fuzz_buf *b, const void *bytes, size_t n)
{
  b->len = 0;
  fuzz_reserve(b, n);
  memcpy(b->data, bytes, n);
  b->len = n;
  b->data[n] = '\0';
}

/* Inserts n bytes at pos (clamped to the end). */
static inline void fuzz_insert(struct fuzz_buf *b, size_t pos, const void *bytes, size_t n)
{
  if (pos > b->len)
    pos = b->len;
  fuzz_reserve(b, n);
  memmove(b->data + pos + n, b->data + pos, b->len - pos);
  memcpy(b->data + pos, bytes, n);
  b->len += n;
  b->data[b->len] = '\0';
}

/* Inserts n copies of the string unit at pos. */
static inline void fuzz_insert_repeat(struct fuzz_buf *b, size_t pos, const char *unit, size_t n)
{
  size_t u = strlen(unit);
  if (pos > b->len)
    pos = b->len;
  fuzz_reserve(b, u * n);
  memmove(b->data + pos + u * n, b->data + pos, b->len - pos);
  for (size_t i = 0; i < n; i++)
    memcpy(b->data + pos + i * u, unit, u);
  b->len += u * n;
  b->data[b->len] = '\0';
}

/* Deletes up to n bytes at pos. */
static inline void fuzz_delete(struct fuzz_buf *b, size_t pos, size_t n)
{
  if (pos >= b->len)
    return;
  if (n > b->len - pos)
    n = b->len - pos;
  memmove(b->data + pos, b->data + pos + n, b->len - pos - n);
  b->len -= n;
  b->data[b->len] = '\0';
}

static inline void fuzz_truncate(struct fuzz_buf *b, size_t len)
{
  if (len < b->len) {
    b->len = len;
    b->data[len] = '\0';
  }
}

/* The edits every mutator starts with: one bit flipped, one random byte inserted at pos. */
static inline void fuzz_flip_bit(struct fuzz_rng *r, struct fuzz_buf *b)
{
  if (b->len)
    b->data[fuzz_below(r, b->len)] ^= (char)(1u << fuzz_below(r, 8));
}

static inline void fuzz_insert_byte(struct fuzz_rng *r, struct fuzz_buf *b, size_t pos)
{
  char c = (char)fuzz_next(r);
  fuzz_insert(b, pos, &c, 1);
}

static inline void fuzz_buf_free(struct fuzz_buf *b)
{
  free(b->data);
  memset(b, 0, sizeof(*b));
}

/* Byte sequences that are not UTF-8: a lone continuation, overlongs, a surrogate, past
 * U+10FFFF, truncated sequences, bytes that never occur. */
static const char *const fuzz_bad_utf8[] = {
    "\x80",
    "\xC0\x80",
    "\xC1\xBF",
    "\xE0\x80\xAF",
    "\xED\xA0\x80",
    "\xF4\x90\x80\x80",
    "\xF8\x88\x80\x80\x80",
    "\xE2\x82",
    "\xF0\x9F\x98",
    "\xFE",
    "\xFF",
    "\xC3",
};

/* Byte order marks: UTF-8, UTF-16 LE, UTF-16 BE. */
static const struct {
  const char *bytes;
  size_t len;
} fuzz_boms[] = {{"\xEF\xBB\xBF", 3}, {"\xFF\xFE", 2}, {"\xFE\xFF", 2}};

/* Writes len bytes to a new temporary file named after tag into path (cap bytes). */
static inline void fuzz_write_temp(const char *tag, const void *bytes, size_t len, char *path,
                                   size_t cap)
{
  (void)snprintf(path, cap, "/tmp/csp_fuzz_%s_XXXXXX", tag);
  int fd = mkstemp(path);
  if (fd < 0 || write(fd, bytes, len) != (ssize_t)len)
    abort();
  close(fd);
}

#endif
