/* The one hash function and the one mixer of the project: 64-bit FNV-1a for text and bytes
 * (string maps, enum tables, the sandbox's seeded ids), and splitmix64 (Steele, Lea and Flood,
 * 2014) for a well-mixed 64-bit value from any 64-bit input and for a fast seeded sequence
 * (UUIDs, retry jitter). None of it is for secrets: those come from the kernel. */
#ifndef CSP_HASH_H
#define CSP_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_FNV_OFFSET 0xcbf29ce484222325ULL
#define HASH_FNV_PRIME 0x100000001b3ULL
#define HASH_GOLDEN_GAMMA 0x9e3779b97f4a7c15ULL /* splitmix64's increment */

/* One FNV-1a step: h with one more byte hashed in. Start from HASH_FNV_OFFSET. */
static inline uint64_t hash_step(uint64_t h, unsigned char byte)
{
  return (h ^ byte) * HASH_FNV_PRIME;
}

/* h with len bytes of data hashed in (FNV-1a); hash_bytes(HASH_FNV_OFFSET, ...) hashes them
 * from scratch, another h continues or seeds the hash. */
static inline uint64_t hash_bytes(uint64_t h, const void *data, size_t len)
{
  const unsigned char *p = data;
  for (size_t i = 0; i < len; i++)
    h = hash_step(h, p[i]);
  return h;
}

/* The FNV-1a hash of a NUL-terminated text. */
static inline uint64_t hash_text(const char *s)
{
  uint64_t h = HASH_FNV_OFFSET;
  for (; *s; s++)
    h = hash_step(h, (unsigned char)*s);
  return h;
}

/* splitmix64's finaliser: every input bit reaches every output bit. */
static inline uint64_t hash_finalize(uint64_t z)
{
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* A well-mixed 64-bit value from any 64-bit input: splitmix64's output for state x. */
static inline uint64_t hash_mix64(uint64_t x)
{
  return hash_finalize(x + HASH_GOLDEN_GAMMA);
}

/* The next value of the splitmix64 sequence whose state is *state (any seed, 0 included). */
static inline uint64_t splitmix64_next(uint64_t *state)
{
  uint64_t z = hash_mix64(*state);
  *state += HASH_GOLDEN_GAMMA;
  return z;
}

#endif
