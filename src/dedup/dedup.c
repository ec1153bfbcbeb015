/* Duplicate detection with memory that does not grow with the file (SPEC §2).
 *
 * Identities are reduced to a 64-bit hash (eight bytes a multiply, then splitmix64's finaliser),
 * kept with the row that had it first, in three tiers:
 *   - the batch: an in-memory open-addressing table of up to CSP_DEDUP_BATCH hashes, half full
 *     at most;
 *   - a blocked Bloom filter (CSP_DEDUP_BLOOM_BYTES) of every hash ever added;
 *   - sorted runs of (hash, row) pairs in private temporary files ($TMPDIR, else /tmp), merged
 *     by level (dedup_runs.c). A full batch is sorted by hash (LSD radix sort) and becomes a
 *     run. A fan-in of CSP_DEDUP_FAN_IN = 4 measured best, between the merging a smaller one
 *     costs at a million rows and the reads a larger one costs at ten million, where the filter
 *     is saturated.
 * A lookup asks the batch, then, only when the Bloom filter says "maybe" (true duplicates, and
 * about 0.02% of new identities at a million rows), the runs. A hash lives in at most one tier
 * and one run: it is only added when no tier knows it.
 *
 * Memory is the batch (2 MiB) and the filter (4 MiB), whatever the row count, plus the runs'
 * fences. The sort's scratch space and the merge's read and write buffers are the batch's own
 * table: half of it is free while sorting, all of it while merging (the batch has just been
 * written out). A failed write loses that batch's or merge's work only: the rows it held may
 * then go unnoticed as duplicates, which dedup_add's CSP_E_IO tells the caller.
 *
 * Two identities sharing a 64-bit hash (odds about 1 in 10^7 for a 1M-row file) would report
 * the second as a duplicate of the first — visibly, in the report, naming that row. */
#include "dedup/dedup.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/errors.h"
#include "base/hash.h"
#include "base/limits.h"
#include "dedup/dedup_runs.h"

#define PROBE_ENTRIES 64 /* a lookup reads first this many pairs of a 4 KiB block (1 KiB) */
#define BLOOM_BLOCK_BITS 512
#define BLOOM_PROBES 5                     /* 9 bits each: hash bits 0..44 */
#define BLOOM_MAX_BYTES ((size_t)64 << 19) /* the block index: hash bits 45..63 */

struct dedup {
  size_t batch_max, batch_count;
  size_t slot_mask;          /* the table has slot_mask + 1 slots, at least 2 * batch_max */
  struct dedup_entry *slots; /* the batch */
  uint8_t *bloom;
  size_t bloom_block_mask;
  struct dedup_runs *runs;
};

uint64_t dedup_hash(const char *identity)
{
  size_t len = strlen(identity);
  const unsigned char *p = (const unsigned char *)identity;
  uint64_t h = HASH_GOLDEN_GAMMA ^ len, word;
  for (; len >= 8; p += 8, len -= 8) { /* eight bytes a multiply, not one */
    memcpy(&word, p, 8);
    h = (h ^ word) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  word = 0;
  memcpy(&word, p, len);
  h = (h ^ word) * 0xc4ceb9fe1a85ec53ULL;
  h = hash_finalize(h); /* splitmix64's finaliser: every bit mixed */
  return h ? h : 1;
}

/* --- the Bloom filter --- */

/* A blocked Bloom filter: the hash's top bits pick one 64-byte block (one cache line), its low
 * bits set BLOOM_PROBES bits inside it, so a check costs one memory access, not five. */
static uint8_t *bloom_block(const struct dedup *s, uint64_t hash)
{
  size_t block = (size_t)(hash >> 45) & s->bloom_block_mask;
  return s->bloom + block * (BLOOM_BLOCK_BITS / 8);
}

static unsigned probe_bit(uint64_t hash, unsigned i)
{
  return (unsigned)(hash >> (i * 9)) & (BLOOM_BLOCK_BITS - 1);
}

static void bloom_add(struct dedup *s, uint64_t hash)
{
  uint8_t *block = bloom_block(s, hash);
  for (unsigned i = 0; i < BLOOM_PROBES; i++) {
    unsigned bit = probe_bit(hash, i);
    block[bit >> 3] |= (uint8_t)(1u << (bit & 7));
  }
}

static bool bloom_may_have(const struct dedup *s, uint64_t hash)
{
  const uint8_t *block = bloom_block(s, hash);
  for (unsigned i = 0; i < BLOOM_PROBES; i++) {
    unsigned bit = probe_bit(hash, i);
    if (!(block[bit >> 3] & (1u << (bit & 7))))
      return false;
  }
  return true;
}

/* --- the in-memory batch --- */

static struct dedup_entry *batch_slot(struct dedup *s, uint64_t hash)
{
  size_t i = (size_t)hash & s->slot_mask;
  while (s->slots[i].hash && s->slots[i].hash != hash)
    i = (i + 1) & s->slot_mask;
  return &s->slots[i];
}

/* Moves the batch's entries to the front of the table. Returns their count. */
static size_t compact_batch(struct dedup *s)
{
  size_t n = 0;
  for (size_t i = 0; i <= s->slot_mask; i++)
    if (s->slots[i].hash)
      s->slots[n++] = s->slots[i];
  return n;
}

static unsigned hash_byte(uint64_t hash, unsigned byte)
{
  return (unsigned)(hash >> (8 * byte)) & 0xff;
}

/* One stable counting pass of the radix sort: from -> to, by byte number byte. */
static void radix_pass(const struct dedup_entry *from, struct dedup_entry *to, size_t n,
                       const size_t counts[256], unsigned byte)
{
  size_t next[256], sum = 0;
  for (unsigned v = 0; v < 256; v++) {
    next[v] = sum;
    sum += counts[v];
  }
  for (size_t i = 0; i < n; i++)
    to[next[hash_byte(from[i].hash, byte)]++] = from[i];
}

/* Sorts entries[0..n) by hash, least significant byte first, through scratch (room for n).
 * A byte all hashes share needs no pass. */
static void radix_sort(struct dedup_entry *entries, struct dedup_entry *scratch, size_t n)
{
  size_t counts[8][256] = {{0}};
  for (size_t i = 0; i < n; i++)
    for (unsigned b = 0; b < 8; b++)
      counts[b][hash_byte(entries[i].hash, b)]++;
  struct dedup_entry *from = entries, *to = scratch;
  for (unsigned b = 0; n > 0 && b < 8; b++) {
    if (counts[b][hash_byte(from[0].hash, b)] == n)
      continue;
    radix_pass(from, to, n, counts[b], b);
    struct dedup_entry *sorted = to;
    to = from;
    from = sorted;
  }
  if (from != entries)
    memcpy(entries, from, n * sizeof(*entries));
}

/* Writes the batch out as a run (merging what is due, with the table as scratch space) and
 * empties the batch. */
static int flush_batch(struct dedup *s)
{
  size_t n = compact_batch(s);
  radix_sort(s->slots, s->slots + s->batch_max, n);
  int rc = dedup_runs_add(s->runs, s->slots, n, s->slots, s->slot_mask + 1);
  memset(s->slots, 0, (s->slot_mask + 1) * sizeof(*s->slots));
  s->batch_count = 0;
  return rc;
}

/* --- the interface --- */

static size_t power_of_two_at_least(size_t n)
{
  size_t p = 1;
  while (p < n)
    p *= 2;
  return p;
}

static size_t power_of_two_at_most(size_t n)
{
  size_t p = 1;
  while (2 * p <= n)
    p *= 2;
  return p;
}

/* Sizes s from t (0: the default), allocates the batch and the filter and opens the runs. */
static int size_index(struct dedup *s, const struct dedup_tuning *t)
{
  s->batch_max = t->batch_entries ? t->batch_entries : CSP_DEDUP_BATCH;
  size_t fan_in = t->fan_in ? t->fan_in : CSP_DEDUP_FAN_IN;
  fan_in = fan_in < 2 ? 2 : fan_in;
  /* half full at most, and room for a merge's fan_in + 1 windows of a few pairs each */
  size_t slots = power_of_two_at_least(2 * s->batch_max);
  slots = slots < 4 * (fan_in + 1) ? power_of_two_at_least(4 * (fan_in + 1)) : slots;
  s->slot_mask = slots - 1;
  size_t bloom = t->bloom_bytes ? t->bloom_bytes : CSP_DEDUP_BLOOM_BYTES;
  bloom = bloom < 64 ? 64 : bloom > BLOOM_MAX_BYTES ? BLOOM_MAX_BYTES : bloom;
  bloom = power_of_two_at_most(bloom);
  s->bloom_block_mask = bloom / (BLOOM_BLOCK_BITS / 8) - 1;
  s->slots = calloc(slots, sizeof(*s->slots));
  s->bloom = calloc(bloom, 1);
  if (!s->slots || !s->bloom)
    return CSP_E_NOMEM;
  const char *dir = getenv("TMPDIR");
  return dedup_runs_open(dir && *dir ? dir : "/tmp", fan_in,
                         t->probe_entries ? t->probe_entries : PROBE_ENTRIES, &s->runs);
}

int dedup_open_tuned(struct dedup **out, const struct dedup_tuning *tuning)
{
  struct dedup *s = calloc(1, sizeof(*s));
  int rc = s ? size_index(s, tuning) : CSP_E_NOMEM;
  if (rc) {
    dedup_close(s);
    s = NULL;
  }
  *out = s;
  return rc;
}

int dedup_open(struct dedup **out)
{
  static const struct dedup_tuning defaults = {0};
  return dedup_open_tuned(out, &defaults);
}

int dedup_add(struct dedup *s, const char *identity, size_t row_number, size_t *first_row)
{
  return dedup_add_hashed(s, dedup_hash(identity), row_number, first_row);
}

void dedup_prefetch(const struct dedup *s, uint64_t hash)
{
  __builtin_prefetch(&s->slots[(size_t)hash & s->slot_mask], 1);
  __builtin_prefetch(bloom_block(s, hash), 1);
}

int dedup_add_hashed(struct dedup *s, uint64_t hash, size_t row_number, size_t *first_row)
{
  struct dedup_entry *slot = batch_slot(s, hash);
  *first_row = slot->hash ? (size_t)slot->row : 0;
  int rc = CSP_E_OK;
  if (!*first_row && dedup_runs_any(s->runs) && bloom_may_have(s, hash))
    rc = dedup_runs_lookup(s->runs, hash, first_row);
  if (rc || *first_row)
    return rc;
  slot->hash = hash;
  slot->row = row_number;
  bloom_add(s, hash);
  return ++s->batch_count >= s->batch_max ? flush_batch(s) : CSP_E_OK;
}

void dedup_close(struct dedup *s)
{
  if (!s)
    return;
  dedup_runs_close(s->runs);
  free(s->slots);
  free(s->bloom);
  free(s);
}
