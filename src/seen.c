/* Duplicate detection with memory that does not grow with the file (SPEC §2).
 *
 * Identities are reduced to a 64-bit hash (eight bytes a multiply, then splitmix64's finaliser),
 * kept with the row that had it first, in three tiers:
 *   - the batch: an in-memory open-addressing table of up to CSP_SEEN_BATCH hashes, half full
 *     at most;
 *   - a blocked Bloom filter (CSP_SEEN_BLOOM_BYTES) of every hash ever added;
 *   - sorted runs of (hash, row) pairs in private temporary files, one file per level. A full
 *     batch is sorted by hash (LSD radix sort) and appended to level 0's file as one run. When a
 *     level holds CSP_SEEN_FAN_IN runs, they are merged (k-way, streaming) into one run appended
 *     to the next level's file, and the level's file is truncated: its space is reused, so the
 *     disk holds each pair once (16 bytes a row) plus the merge in flight. Each level holds
 *     fewer than fan_in runs, so there are few runs even at ten million rows (at most 3 per
 *     level: a fan-in of 4 measured best, between the merging a smaller one costs at a million
 *     rows and the reads a larger one costs at ten million, where the filter is saturated).
 * In memory a run keeps only its fences: the first hash of each 4 KiB block (8 bytes per 256
 * rows). A lookup asks the batch, then, only when the Bloom filter says "maybe" (true duplicates,
 * and about 0.02% of new identities at a million rows), each run, largest first: a binary search
 * of its fences names the block, and one pread of 1 KiB around the place the hash would have in
 * it (hashes are uniform, so in proportion) settles all but about 1 in 50,000 lookups, which read
 * the whole block. A hash lives in at most one run: it is only added when no tier knows it.
 *
 * Memory is the batch (2 MiB) and the filter (4 MiB), whatever the row count, plus the fences.
 * The sort's scratch space and the merge's read and write buffers are the batch's own table: half
 * of it is free while sorting, all of it while merging (the batch has just been written out).
 *
 * The files are created with mkstemp in $TMPDIR (else /tmp) and unlinked at once, so nothing
 * outlives the process. Where /tmp is a tmpfs they live in RAM, outside the process's RSS. A
 * failed write loses that batch's or merge's work only: the rows it held may then go unnoticed
 * as duplicates, which seen_add's CSP_E_IO tells the caller.
 *
 * Two identities sharing a 64-bit hash (odds about 1 in 10^7 for a 1M-row file) would report
 * the second as a duplicate of the first — visibly, in the report, naming that row. */
#include "seen.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "errors.h"
#include "limits.h"

#define BLOCK_ENTRIES 256 /* pairs in a 4 KiB block: the unit of a lookup's read */
#define PROBE_ENTRIES 64  /* a lookup reads first this many pairs of the block (1 KiB) */
#define MAX_LEVELS 32     /* the top level keeps every further run: never reached in practice */
#define BLOOM_BLOCK_BITS 512
#define BLOOM_PROBES 5                     /* 9 bits each: hash bits 0..44 */
#define BLOOM_MAX_BYTES ((size_t)64 << 19) /* the block index: hash bits 45..63 */
#define TEMP_NAME "/csponboard-seen-XXXXXX"

struct seen_entry {
  uint64_t hash; /* 0 marks an empty slot (a real hash of 0 is stored as 1) */
  uint64_t row;
};

struct run {
  uint64_t offset;  /* of its first pair in its level's file */
  size_t count;     /* pairs, sorted by hash */
  uint64_t *fences; /* the first hash of each block */
};

struct level {
  int fd;       /* its temporary file; -1 until its first run */
  uint64_t end; /* bytes of the file in use */
  struct run *runs;
  size_t nruns, cap;
};

struct seen {
  size_t batch_max, batch_count, fan_in;
  size_t probe_entries;     /* PROBE_ENTRIES but in tests */
  size_t slot_mask;         /* the table has slot_mask + 1 slots, at least 2 * batch_max */
  struct seen_entry *slots; /* the batch */
  uint8_t *bloom;
  size_t bloom_block_mask;
  bool has_runs;
  char *dir; /* where the temporary files go */
  struct level levels[MAX_LEVELS];
};

uint64_t seen_hash(const char *identity)
{
  size_t len = strlen(identity);
  const unsigned char *p = (const unsigned char *)identity;
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, word;
  for (; len >= 8; p += 8, len -= 8) { /* eight bytes a multiply, not one */
    memcpy(&word, p, 8);
    h = (h ^ word) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  word = 0;
  memcpy(&word, p, len);
  h = (h ^ word) * 0xc4ceb9fe1a85ec53ULL;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL; /* splitmix64's finaliser: every bit mixed */
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h ? h : 1;
}

/* --- the Bloom filter --- */

/* A blocked Bloom filter: the hash's top bits pick one 64-byte block (one cache line), its low
 * bits set BLOOM_PROBES bits inside it, so a check costs one memory access, not five. */
static uint8_t *bloom_block(const struct seen *s, uint64_t hash)
{
  size_t block = (size_t)(hash >> 45) & s->bloom_block_mask;
  return s->bloom + block * (BLOOM_BLOCK_BITS / 8);
}

static unsigned probe_bit(uint64_t hash, unsigned i)
{
  return (unsigned)(hash >> (i * 9)) & (BLOOM_BLOCK_BITS - 1);
}

static void bloom_add(struct seen *s, uint64_t hash)
{
  uint8_t *block = bloom_block(s, hash);
  for (unsigned i = 0; i < BLOOM_PROBES; i++) {
    unsigned bit = probe_bit(hash, i);
    block[bit >> 3] |= (uint8_t)(1u << (bit & 7));
  }
}

static bool bloom_may_have(const struct seen *s, uint64_t hash)
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

static struct seen_entry *batch_slot(struct seen *s, uint64_t hash)
{
  size_t i = (size_t)hash & s->slot_mask;
  while (s->slots[i].hash && s->slots[i].hash != hash)
    i = (i + 1) & s->slot_mask;
  return &s->slots[i];
}

/* Moves the batch's entries to the front of the table. Returns their count. */
static size_t compact_batch(struct seen *s)
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
static void radix_pass(const struct seen_entry *from, struct seen_entry *to, size_t n,
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
static void radix_sort(struct seen_entry *entries, struct seen_entry *scratch, size_t n)
{
  size_t counts[8][256] = {{0}};
  for (size_t i = 0; i < n; i++)
    for (unsigned b = 0; b < 8; b++)
      counts[b][hash_byte(entries[i].hash, b)]++;
  struct seen_entry *from = entries, *to = scratch;
  for (unsigned b = 0; n > 0 && b < 8; b++) {
    if (counts[b][hash_byte(from[0].hash, b)] == n)
      continue;
    radix_pass(from, to, n, counts[b], b);
    struct seen_entry *sorted = to;
    to = from;
    from = sorted;
  }
  if (from != entries)
    memcpy(entries, from, n * sizeof(*entries));
}

/* --- the temporary files --- */

static int io_failure(const struct seen *s, const char *what)
{
  diag_error("duplicate index: cannot %s its temporary file in %s: %s", what, s->dir,
             strerror(errno));
  return CSP_E_IO;
}

/* Creates an unlinked temporary file in s->dir. */
static int open_temp_file(const struct seen *s, int *fd)
{
  char path[4096];
  int len = snprintf(path, sizeof(path), "%s" TEMP_NAME, s->dir);
  errno = ENAMETOOLONG;
  *fd = len > 0 && (size_t)len < sizeof(path) ? mkstemp(path) : -1;
  if (*fd < 0) {
    diag_error("duplicate index: cannot create a temporary file in %s: %s", s->dir,
               strerror(errno));
    return CSP_E_IO;
  }
  (void)unlink(path);
  (void)fcntl(*fd, F_SETFD, FD_CLOEXEC);
  return CSP_E_OK;
}

/* Reads or writes exactly n bytes at offset at. */
static int file_io(const struct seen *s, int fd, void *buf, size_t n, uint64_t at, bool writing)
{
  char *p = buf;
  while (n > 0) {
    ssize_t done = writing ? pwrite(fd, p, n, (off_t)at) : pread(fd, p, n, (off_t)at);
    if (done < 0 && errno == EINTR)
      continue;
    if (done <= 0) {
      if (done == 0)
        errno = EIO; /* a short file: the run is not all there */
      return io_failure(s, writing ? "write" : "read");
    }
    p += done;
    n -= (size_t)done;
    at += (uint64_t)done;
  }
  return CSP_E_OK;
}

/* --- runs and levels --- */

static size_t fence_count(size_t count)
{
  return (count + BLOCK_ENTRIES - 1) / BLOCK_ENTRIES;
}

static int level_open_file(const struct seen *s, struct level *lv)
{
  return lv->fd >= 0 ? CSP_E_OK : open_temp_file(s, &lv->fd);
}

/* Adds run, which the level's file holds already from lv->end on; takes its fences. */
static int level_push(struct seen *s, struct level *lv, struct run run)
{
  if (lv->nruns == lv->cap) {
    size_t cap = lv->cap ? 2 * lv->cap : s->fan_in;
    struct run *runs = realloc(lv->runs, cap * sizeof(*runs));
    if (!runs)
      return CSP_E_NOMEM;
    lv->runs = runs;
    lv->cap = cap;
  }
  lv->runs[lv->nruns++] = run;
  lv->end += run.count * sizeof(struct seen_entry);
  s->has_runs = true;
  return CSP_E_OK;
}

/* Forgets the level's runs and gives its file's space back. */
static void level_clear(struct level *lv)
{
  for (size_t i = 0; i < lv->nruns; i++)
    free(lv->runs[i].fences);
  lv->nruns = 0;
  lv->end = 0;
  if (ftruncate(lv->fd, 0) != 0)
    diag_debug("duplicate index: a temporary file keeps its space: %s", strerror(errno));
}

/* Appends entries[0..n), sorted, to level 0 as one run. */
static int write_batch_run(struct seen *s, struct seen_entry *entries, size_t n)
{
  struct level *lv = &s->levels[0];
  struct run run = {lv->end, n, malloc(fence_count(n) * sizeof(uint64_t))};
  if (!run.fences)
    return CSP_E_NOMEM;
  for (size_t b = 0; b < fence_count(n); b++)
    run.fences[b] = entries[b * BLOCK_ENTRIES].hash;
  int rc = file_io(s, lv->fd, entries, n * sizeof(*entries), run.offset, true);
  if (!rc)
    rc = level_push(s, lv, run);
  if (rc)
    free(run.fences);
  return rc;
}

/* The block of run that would hold hash: the last whose first hash is not above it. */
static size_t fence_search(const struct run *r, uint64_t hash)
{
  size_t lo = 0, hi = fence_count(r->count);
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (r->fences[mid] <= hash)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

/* The row stored with hash in entries[0..n) (sorted), or 0. */
static size_t block_search(const struct seen_entry *entries, size_t n, uint64_t hash)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (entries[mid].hash < hash)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && entries[lo].hash == hash ? (size_t)entries[lo].row : 0;
}

/* Where hash would sit among the n pairs of a block whose hashes run from lo up to hi: hashes
 * are uniform, so in proportion (give or take 8 pairs, one standard deviation). */
static size_t likely_index(uint64_t lo, uint64_t hi, uint64_t hash, size_t n)
{
  double share = (double)(hash - lo) / ((double)(hi - lo) + 1.0);
  size_t at = (size_t)(share * (double)n);
  return at < n ? at : n - 1;
}

/* The first of len pairs centred on at, within [0, n). */
static size_t window_start(size_t at, size_t len, size_t n)
{
  size_t start = at < len / 2 ? 0 : at - len / 2;
  return start + len > n ? n - len : start;
}

/* Reads pairs [from, from + n) of run r into buf. */
static int read_pairs(const struct seen *s, int fd, const struct run *r, size_t from, size_t n,
                      struct seen_entry *buf)
{
  return file_io(s, fd, buf, n * sizeof(*buf), r->offset + from * sizeof(*buf), false);
}

/* Sets *row to the row run holds for hash, if it holds it. The fences name the block; one read
 * of probe_entries pairs around hash's likely place in it settles most lookups (a quarter of the
 * copying), the whole block the others. */
static int run_lookup(const struct seen *s, int fd, const struct run *r, uint64_t hash, size_t *row)
{
  if (hash < r->fences[0])
    return CSP_E_OK;
  size_t block = fence_search(r, hash), first = block * BLOCK_ENTRIES;
  size_t n = r->count - first < BLOCK_ENTRIES ? r->count - first : BLOCK_ENTRIES;
  uint64_t last = block + 1 < fence_count(r->count) ? r->fences[block + 1] : UINT64_MAX;
  size_t at = likely_index(r->fences[block], last, hash, n);
  size_t len = n < s->probe_entries ? n : s->probe_entries;
  size_t start = window_start(at, len, n);
  struct seen_entry pairs[BLOCK_ENTRIES];
  int rc = read_pairs(s, fd, r, first + start, len, pairs);
  bool before = start > 0 && pairs[0].hash > hash;
  bool after = start + len < n && pairs[len - 1].hash < hash;
  if (!rc && (before || after)) {
    start = 0;
    len = n;
    rc = read_pairs(s, fd, r, first, n, pairs);
  }
  if (!rc)
    *row = block_search(pairs, len, hash);
  return rc;
}

/* Sets *row to the row any run holds for hash, or leaves it 0. The largest (oldest) levels come
 * first: they hold most of the rows, so a duplicate is found in fewer reads. */
static int runs_lookup(const struct seen *s, uint64_t hash, size_t *row)
{
  int rc = CSP_E_OK;
  for (size_t l = MAX_LEVELS; !rc && !*row && l-- > 0;) {
    const struct level *lv = &s->levels[l];
    for (size_t r = 0; !rc && !*row && r < lv->nruns; r++)
      rc = run_lookup(s, lv->fd, &lv->runs[r], hash, row);
  }
  return rc;
}

/* --- merging --- */

/* A run being read in order through a window of the batch's table. */
struct run_reader {
  struct seen_entry *buf;
  size_t cap, len, pos;
  uint64_t offset; /* of the next pair not yet in buf */
  size_t left;     /* pairs not yet in buf */
};

/* A run being written in order, with its fences, through a window of the batch's table. */
struct run_writer {
  struct run run;
  struct seen_entry *buf;
  size_t cap, len, written;
};

static int reader_fill(const struct seen *s, int fd, struct run_reader *r)
{
  r->pos = 0;
  r->len = r->left < r->cap ? r->left : r->cap;
  r->left -= r->len;
  int rc = file_io(s, fd, r->buf, r->len * sizeof(*r->buf), r->offset, false);
  r->offset += r->len * sizeof(*r->buf);
  return rc;
}

static int writer_drain(const struct seen *s, int fd, struct run_writer *w)
{
  uint64_t at = w->run.offset + (w->written - w->len) * sizeof(*w->buf);
  int rc = file_io(s, fd, w->buf, w->len * sizeof(*w->buf), at, true);
  w->len = 0;
  return rc;
}

static int writer_put(const struct seen *s, int fd, struct run_writer *w, struct seen_entry e)
{
  if (w->written % BLOCK_ENTRIES == 0)
    w->run.fences[w->written / BLOCK_ENTRIES] = e.hash;
  w->written++;
  w->buf[w->len++] = e;
  return w->len == w->cap ? writer_drain(s, fd, w) : CSP_E_OK;
}

/* Writes the union of the readers' runs (disjoint, each sorted) in hash order. */
static int merge_readers(const struct seen *s, int from_fd, int to_fd, struct run_reader *r,
                         size_t active, struct run_writer *w)
{
  int rc = CSP_E_OK;
  while (!rc && active > 0) {
    size_t m = 0;
    for (size_t i = 1; i < active; i++)
      if (r[i].buf[r[i].pos].hash < r[m].buf[r[m].pos].hash)
        m = i;
    rc = writer_put(s, to_fd, w, r[m].buf[r[m].pos++]);
    if (rc || r[m].pos < r[m].len)
      continue;
    if (r[m].left > 0)
      rc = reader_fill(s, from_fd, &r[m]);
    else
      r[m] = r[--active];
  }
  if (!rc && w->len > 0)
    rc = writer_drain(s, to_fd, w);
  return rc;
}

/* Sets up one reader per run of from, and w for their union at the end of to, sharing the
 * batch's table (empty while merging) as their buffers. */
static int start_merge(struct seen *s, const struct level *from, const struct level *to,
                       struct run_reader *readers, struct run_writer *w)
{
  size_t k = from->nruns, window = (s->slot_mask + 1) / (k + 1), total = 0;
  int rc = window > 0 ? CSP_E_OK : CSP_E_NOMEM;
  for (size_t i = 0; !rc && i < k; i++) {
    const struct run *run = &from->runs[i];
    readers[i] = (struct run_reader){s->slots + i * window, window, 0, 0, run->offset, run->count};
    total += run->count;
    rc = reader_fill(s, from->fd, &readers[i]);
  }
  *w = (struct run_writer){{to->end, total, NULL}, s->slots + k * window, window, 0, 0};
  if (!rc && !(w->run.fences = malloc(fence_count(total) * sizeof(uint64_t))))
    rc = CSP_E_NOMEM;
  return rc;
}

/* Merges every run of level into one run of the next level, then empties level. On failure
 * level keeps its runs, and the next level's file is overwritten by its next run. */
static int merge_level(struct seen *s, size_t level)
{
  struct level *from = &s->levels[level], *to = &s->levels[level + 1];
  struct run_reader *readers = calloc(from->nruns, sizeof(*readers));
  struct run_writer w = {0};
  int rc = readers ? level_open_file(s, to) : CSP_E_NOMEM;
  if (!rc)
    rc = start_merge(s, from, to, readers, &w);
  if (!rc)
    rc = merge_readers(s, from->fd, to->fd, readers, from->nruns, &w);
  if (!rc)
    rc = level_push(s, to, w.run);
  if (rc)
    free(w.run.fences);
  else
    level_clear(from);
  free(readers);
  return rc;
}

/* Merges each level that holds fan_in runs into the next, lowest first. */
static int merge_full_levels(struct seen *s)
{
  int rc = CSP_E_OK;
  for (size_t l = 0; !rc && l + 1 < MAX_LEVELS && s->levels[l].nruns >= s->fan_in; l++)
    rc = merge_level(s, l);
  return rc;
}

/* Writes the batch out as a run of level 0, merges what is due, and empties the batch. */
static int flush_batch(struct seen *s)
{
  size_t n = compact_batch(s);
  radix_sort(s->slots, s->slots + s->batch_max, n);
  int rc = write_batch_run(s, s->slots, n);
  if (!rc)
    rc = merge_full_levels(s);
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

/* Sizes s from t (0: the default) and allocates the batch and the filter. */
static int size_index(struct seen *s, const struct seen_tuning *t)
{
  s->batch_max = t->batch_entries ? t->batch_entries : CSP_SEEN_BATCH;
  s->fan_in = t->fan_in ? t->fan_in : CSP_SEEN_FAN_IN;
  s->fan_in = s->fan_in < 2 ? 2 : s->fan_in;
  s->probe_entries = t->probe_entries ? t->probe_entries : PROBE_ENTRIES;
  s->probe_entries = s->probe_entries > BLOCK_ENTRIES ? BLOCK_ENTRIES : s->probe_entries;
  /* half full at most, and room for a merge's fan_in + 1 windows of a few pairs each */
  size_t slots = power_of_two_at_least(2 * s->batch_max);
  slots = slots < 4 * (s->fan_in + 1) ? power_of_two_at_least(4 * (s->fan_in + 1)) : slots;
  s->slot_mask = slots - 1;
  size_t bloom = t->bloom_bytes ? t->bloom_bytes : CSP_SEEN_BLOOM_BYTES;
  bloom = bloom < 64 ? 64 : bloom > BLOOM_MAX_BYTES ? BLOOM_MAX_BYTES : bloom;
  bloom = power_of_two_at_most(bloom);
  s->bloom_block_mask = bloom / (BLOOM_BLOCK_BITS / 8) - 1;
  s->slots = calloc(slots, sizeof(*s->slots));
  s->bloom = calloc(bloom, 1);
  const char *dir = getenv("TMPDIR");
  s->dir = strdup(dir && *dir ? dir : "/tmp");
  return s->slots && s->bloom && s->dir ? CSP_E_OK : CSP_E_NOMEM;
}

int seen_open_tuned(struct seen **out, const struct seen_tuning *tuning)
{
  struct seen *s = calloc(1, sizeof(*s));
  int rc = CSP_E_NOMEM;
  if (s) {
    for (size_t l = 0; l < MAX_LEVELS; l++)
      s->levels[l].fd = -1;
    rc = size_index(s, tuning);
  }
  if (!rc) /* now, so that an unusable directory is reported before the first row */
    rc = level_open_file(s, &s->levels[0]);
  if (rc) {
    seen_free(s);
    s = NULL;
  }
  *out = s;
  return rc;
}

int seen_open(struct seen **out)
{
  static const struct seen_tuning defaults = {0};
  return seen_open_tuned(out, &defaults);
}

int seen_add(struct seen *s, const char *identity, size_t row_number, size_t *first_row)
{
  return seen_add_hashed(s, seen_hash(identity), row_number, first_row);
}

void seen_prefetch(const struct seen *s, uint64_t hash)
{
  __builtin_prefetch(&s->slots[(size_t)hash & s->slot_mask], 1);
  __builtin_prefetch(bloom_block(s, hash), 1);
}

int seen_add_hashed(struct seen *s, uint64_t hash, size_t row_number, size_t *first_row)
{
  struct seen_entry *slot = batch_slot(s, hash);
  *first_row = slot->hash ? (size_t)slot->row : 0;
  int rc = CSP_E_OK;
  if (!*first_row && s->has_runs && bloom_may_have(s, hash))
    rc = runs_lookup(s, hash, first_row);
  if (rc || *first_row)
    return rc;
  slot->hash = hash;
  slot->row = row_number;
  bloom_add(s, hash);
  return ++s->batch_count >= s->batch_max ? flush_batch(s) : CSP_E_OK;
}

void seen_free(struct seen *s)
{
  if (!s)
    return;
  for (size_t l = 0; l < MAX_LEVELS; l++) {
    struct level *lv = &s->levels[l];
    for (size_t i = 0; i < lv->nruns; i++)
      free(lv->runs[i].fences);
    free(lv->runs);
    if (lv->fd >= 0)
      close(lv->fd);
  }
  free(s->slots);
  free(s->bloom);
  free(s->dir);
  free(s);
}
