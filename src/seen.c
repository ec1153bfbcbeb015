/* Duplicate detection with memory that does not grow with the file (SPEC §2).
 *
 * Identities are reduced to a 64-bit hash (FNV-1a, then a splitmix finaliser). Three tiers:
 *   - the current batch: an in-memory open-addressing table of up to SEEN_BATCH hashes with
 *     their row numbers;
 *   - a Bloom filter (fixed SEEN_BLOOM_BITS) of every hash ever added;
 *   - a private temporary SQLite table (hash INTEGER PRIMARY KEY, row) with a capped page
 *     cache, which receives each full batch sorted by hash, so its B-tree is filled in key
 *     order instead of by random page writes.
 * A lookup asks the batch, then — only when the Bloom filter says "maybe" (true duplicates
 * and ~0.3% false positives at a million rows) — SQLite. The memory is the batch, the filter
 * and the cache: about 5 MiB, whatever the row count.
 *
 * Two identities sharing a 64-bit hash (odds about 1 in 10^7 for a 1M-row file) would report
 * the second as a duplicate of the first — visibly, in the report, naming that row. */
#include "seen.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "errors.h"

#define SEEN_BATCH (64 * 1024)      /* hashes held in memory before a flush */
#define SEEN_SLOTS (2 * SEEN_BATCH) /* open addressing at half load; a power of two */
#define SEEN_BLOOM_BITS (16u << 20) /* 2 MiB */
#define SEEN_BLOOM_PROBES 4
#define SEEN_CACHE_KIB 1024

struct seen_entry {
  uint64_t hash; /* 0 marks an empty slot (a real hash of 0 is stored as 1) */
  uint64_t row;
};

struct seen {
  sqlite3 *db;
  sqlite3_stmt *insert;
  sqlite3_stmt *lookup;
  bool db_has_rows;
  size_t batch_count;
  struct seen_entry *slots; /* SEEN_SLOTS */
  uint8_t *bloom;           /* SEEN_BLOOM_BITS / 8 */
};

static uint64_t identity_hash(const char *identity)
{
  uint64_t h = 1469598103934665603ULL;
  for (const unsigned char *p = (const unsigned char *)identity; *p; p++)
    h = (h ^ *p) * 1099511628211ULL;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h ? h : 1;
}

/* --- the Bloom filter --- */

/* A blocked Bloom filter: a hash picks one 64-byte block (one cache line) and sets
 * SEEN_BLOOM_PROBES bits inside it, so a check costs one memory access, not four. */
#define SEEN_BLOOM_BLOCK_BITS 512

static const uint8_t *bloom_block(const struct seen *s, uint64_t hash, uint32_t *bits)
{
  *bits = (uint32_t)(hash >> 32);
  size_t block = (size_t)(uint32_t)hash & (SEEN_BLOOM_BITS / SEEN_BLOOM_BLOCK_BITS - 1);
  return s->bloom + block * (SEEN_BLOOM_BLOCK_BITS / 8);
}

static unsigned probe_bit(uint32_t bits, unsigned i)
{
  return (bits >> (i * 9)) & (SEEN_BLOOM_BLOCK_BITS - 1);
}

static void bloom_add(struct seen *s, uint64_t hash)
{
  uint32_t bits;
  uint8_t *block = (uint8_t *)bloom_block(s, hash, &bits);
  for (unsigned i = 0; i < SEEN_BLOOM_PROBES; i++) {
    unsigned bit = probe_bit(bits, i);
    block[bit >> 3] |= (uint8_t)(1u << (bit & 7));
  }
}

static bool bloom_may_have(const struct seen *s, uint64_t hash)
{
  uint32_t bits;
  const uint8_t *block = bloom_block(s, hash, &bits);
  for (unsigned i = 0; i < SEEN_BLOOM_PROBES; i++) {
    unsigned bit = probe_bit(bits, i);
    if (!(block[bit >> 3] & (1u << (bit & 7))))
      return false;
  }
  return true;
}

/* --- the in-memory batch --- */

static struct seen_entry *batch_slot(struct seen *s, uint64_t hash)
{
  size_t i = (size_t)hash & (SEEN_SLOTS - 1);
  while (s->slots[i].hash && s->slots[i].hash != hash)
    i = (i + 1) & (SEEN_SLOTS - 1);
  return &s->slots[i];
}

/* --- the SQLite tier --- */

static int exec(sqlite3 *db, const char *sql)
{
  if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
    diag_error("duplicate index: %s", sqlite3_errmsg(db));
    return CSP_E_IO;
  }
  return CSP_E_OK;
}

static int open_db(struct seen *s)
{
  /* One thread uses the index: no SQLite mutex around every bind, step and reset. */
  if (sqlite3_open_v2("", &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      NULL) != SQLITE_OK)
    return CSP_E_IO;
  char pragmas[128];
  snprintf(pragmas, sizeof(pragmas),
           "PRAGMA cache_size=-%d; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;",
           SEEN_CACHE_KIB);
  int rc = exec(s->db, pragmas);
  if (!rc)
    rc = exec(s->db, "CREATE TABLE seen(hash INTEGER PRIMARY KEY, row INTEGER)");
  if (!rc && (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO seen VALUES(?1, ?2)", -1, &s->insert,
                                 NULL) != SQLITE_OK ||
              sqlite3_prepare_v2(s->db, "SELECT row FROM seen WHERE hash = ?1", -1, &s->lookup,
                                 NULL) != SQLITE_OK))
    rc = CSP_E_IO;
  return rc;
}

static size_t db_lookup(struct seen *s, uint64_t hash)
{
  size_t row = 0;
  sqlite3_bind_int64(s->lookup, 1, (sqlite3_int64)hash);
  if (sqlite3_step(s->lookup) == SQLITE_ROW)
    row = (size_t)sqlite3_column_int64(s->lookup, 0);
  sqlite3_reset(s->lookup);
  return row;
}

static int by_hash(const void *a, const void *b)
{
  const struct seen_entry *x = a, *y = b;
  return (int64_t)x->hash < (int64_t)y->hash ? -1 : (int64_t)x->hash > (int64_t)y->hash;
}

/* Moves the batch into SQLite, sorted by key (as SQLite orders them: signed), and empties it. */
static int flush_batch(struct seen *s)
{
  size_t n = 0;
  for (size_t i = 0; i < SEEN_SLOTS; i++)
    if (s->slots[i].hash)
      s->slots[n++] = s->slots[i];
  qsort(s->slots, n, sizeof(*s->slots), by_hash);
  int rc = exec(s->db, "BEGIN");
  for (size_t i = 0; !rc && i < n; i++) {
    sqlite3_bind_int64(s->insert, 1, (sqlite3_int64)s->slots[i].hash);
    sqlite3_bind_int64(s->insert, 2, (sqlite3_int64)s->slots[i].row);
    if (sqlite3_step(s->insert) != SQLITE_DONE)
      rc = CSP_E_IO;
    sqlite3_reset(s->insert);
  }
  if (!rc)
    rc = exec(s->db, "COMMIT");
  memset(s->slots, 0, SEEN_SLOTS * sizeof(*s->slots));
  s->batch_count = 0;
  s->db_has_rows = true;
  return rc;
}

/* --- the interface --- */

int seen_open(struct seen **out)
{
  struct seen *s = calloc(1, sizeof(*s));
  int rc = CSP_E_NOMEM;
  if (s) {
    s->slots = calloc(SEEN_SLOTS, sizeof(*s->slots));
    s->bloom = calloc(SEEN_BLOOM_BITS / 8, 1);
  }
  if (s && s->slots && s->bloom)
    rc = open_db(s);
  if (rc) {
    seen_free(s);
    s = NULL;
  }
  *out = s;
  return rc;
}

int seen_add(struct seen *s, const char *identity, size_t row_number, size_t *first_row)
{
  uint64_t hash = identity_hash(identity);
  struct seen_entry *slot = batch_slot(s, hash);
  *first_row = slot->hash ? (size_t)slot->row : 0;
  if (!*first_row && s->db_has_rows && bloom_may_have(s, hash))
    *first_row = db_lookup(s, hash);
  if (*first_row)
    return CSP_E_OK;
  slot->hash = hash;
  slot->row = row_number;
  bloom_add(s, hash);
  return ++s->batch_count >= SEEN_BATCH ? flush_batch(s) : CSP_E_OK;
}

void seen_free(struct seen *s)
{
  if (!s)
    return;
  sqlite3_finalize(s->insert);
  sqlite3_finalize(s->lookup);
  sqlite3_close(s->db);
  free(s->slots);
  free(s->bloom);
  free(s);
}
