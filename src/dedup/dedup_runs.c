/* dedup_runs.h: the duplicate index's disk tier. A full batch arrives sorted by hash and is
 * appended to level 0's file as one run. When a level holds fan_in runs, they are merged
 * (k-way, streaming) into one run appended to the next level's file, and the level's file is
 * truncated: its space is reused, so the disk holds each pair once (16 bytes a row) plus the
 * merge in flight. In memory a run keeps only its fences: the first hash of each 4 KiB block
 * (8 bytes per 256 rows). A lookup tries each run, largest first: a binary search of its fences
 * names the block, and one pread of probe_entries pairs around the place the hash would have
 * in it (hashes are uniform, so in proportion) settles all but about 1 in 50,000 lookups, which
 * read the whole block. A hash lives in at most one run: the caller only adds hashes no tier
 * knows.
 *
 * The files are created with mkstemp in the given directory and unlinked at once, so nothing
 * outlives the process. A failed write loses that run's or merge's work only. */
#include "dedup/dedup_runs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/errors.h"

#define BLOCK_ENTRIES 256 /* pairs in a 4 KiB block: the unit of a lookup's read */
#define MAX_LEVELS 32     /* the top level keeps every further run: never reached in practice */
#define TEMP_NAME "/csponboard-seen-XXXXXX"

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

struct dedup_runs {
  size_t fan_in, probe_entries;
  bool has_runs;
  char *dir;                   /* where the temporary files go */
  struct dedup_entry *scratch; /* the merge's buffers, lent by dedup_runs_add */
  size_t scratch_len;
  struct level levels[MAX_LEVELS];
};

/* --- the temporary files --- */

static int io_failure(const struct dedup_runs *s, const char *what)
{
  diag_error("duplicate index: cannot %s its temporary file in %s: %s", what, s->dir,
             strerror(errno));
  return CSP_E_IO;
}

/* Creates an unlinked temporary file in s->dir. */
static int open_temp_file(const struct dedup_runs *s, int *fd)
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
static int file_io(const struct dedup_runs *s, int fd, void *buf, size_t n, uint64_t at,
                   bool writing)
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

static int level_open_file(const struct dedup_runs *s, struct level *lv)
{
  return lv->fd >= 0 ? CSP_E_OK : open_temp_file(s, &lv->fd);
}

/* Adds run, which the level's file holds already from lv->end on; takes its fences. */
static int level_push(struct dedup_runs *s, struct level *lv, struct run run)
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
  lv->end += run.count * sizeof(struct dedup_entry);
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
static int write_batch_run(struct dedup_runs *s, struct dedup_entry *entries, size_t n)
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
static size_t block_search(const struct dedup_entry *entries, size_t n, uint64_t hash)
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
static int read_pairs(const struct dedup_runs *s, int fd, const struct run *r, size_t from,
                      size_t n, struct dedup_entry *buf)
{
  return file_io(s, fd, buf, n * sizeof(*buf), r->offset + from * sizeof(*buf), false);
}

/* Sets *row to the row run holds for hash, if it holds it. The fences name the block; one read
 * of probe_entries pairs around hash's likely place in it settles most lookups (a quarter of the
 * copying), the whole block the others. */
static int run_lookup(const struct dedup_runs *s, int fd, const struct run *r, uint64_t hash,
                      size_t *row)
{
  if (hash < r->fences[0])
    return CSP_E_OK;
  size_t block = fence_search(r, hash), first = block * BLOCK_ENTRIES;
  size_t n = r->count - first < BLOCK_ENTRIES ? r->count - first : BLOCK_ENTRIES;
  uint64_t last = block + 1 < fence_count(r->count) ? r->fences[block + 1] : UINT64_MAX;
  size_t at = likely_index(r->fences[block], last, hash, n);
  size_t len = n < s->probe_entries ? n : s->probe_entries;
  size_t start = window_start(at, len, n);
  struct dedup_entry pairs[BLOCK_ENTRIES];
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

/* The largest (oldest) levels come first: they hold most of the rows, so a duplicate is found
 * in fewer reads. */
int dedup_runs_lookup(const struct dedup_runs *s, uint64_t hash, size_t *row)
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

/* A run being read in order through a window of the scratch space. */
struct run_reader {
  struct dedup_entry *buf;
  size_t cap, len, pos;
  uint64_t offset; /* of the next pair not yet in buf */
  size_t left;     /* pairs not yet in buf */
};

/* A run being written in order, with its fences, through a window of the scratch space. */
struct run_writer {
  struct run run;
  struct dedup_entry *buf;
  size_t cap, len, written;
};

static int reader_fill(const struct dedup_runs *s, int fd, struct run_reader *r)
{
  r->pos = 0;
  r->len = r->left < r->cap ? r->left : r->cap;
  r->left -= r->len;
  int rc = file_io(s, fd, r->buf, r->len * sizeof(*r->buf), r->offset, false);
  r->offset += r->len * sizeof(*r->buf);
  return rc;
}

static int writer_drain(const struct dedup_runs *s, int fd, struct run_writer *w)
{
  uint64_t at = w->run.offset + (w->written - w->len) * sizeof(*w->buf);
  int rc = file_io(s, fd, w->buf, w->len * sizeof(*w->buf), at, true);
  w->len = 0;
  return rc;
}

static int writer_put(const struct dedup_runs *s, int fd, struct run_writer *w,
                      struct dedup_entry e)
{
  if (w->written % BLOCK_ENTRIES == 0)
    w->run.fences[w->written / BLOCK_ENTRIES] = e.hash;
  w->written++;
  w->buf[w->len++] = e;
  return w->len == w->cap ? writer_drain(s, fd, w) : CSP_E_OK;
}

/* Writes the union of the readers' runs (disjoint, each sorted) in hash order. */
static int merge_readers(const struct dedup_runs *s, int from_fd, int to_fd, struct run_reader *r,
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
 * scratch space (the batch's table, empty while merging) as their buffers. */
static int start_merge(struct dedup_runs *s, const struct level *from, const struct level *to,
                       struct run_reader *readers, struct run_writer *w)
{
  size_t k = from->nruns, window = s->scratch_len / (k + 1), total = 0;
  int rc = window > 0 ? CSP_E_OK : CSP_E_NOMEM;
  for (size_t i = 0; !rc && i < k; i++) {
    const struct run *run = &from->runs[i];
    readers[i] =
        (struct run_reader){s->scratch + i * window, window, 0, 0, run->offset, run->count};
    total += run->count;
    rc = reader_fill(s, from->fd, &readers[i]);
  }
  *w = (struct run_writer){{to->end, total, NULL}, s->scratch + k * window, window, 0, 0};
  if (!rc && !(w->run.fences = malloc(fence_count(total) * sizeof(uint64_t))))
    rc = CSP_E_NOMEM;
  return rc;
}

/* Merges every run of level into one run of the next level, then empties level. On failure
 * level keeps its runs, and the next level's file is overwritten by its next run. */
static int merge_level(struct dedup_runs *s, size_t level)
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
static int merge_full_levels(struct dedup_runs *s)
{
  int rc = CSP_E_OK;
  for (size_t l = 0; !rc && l + 1 < MAX_LEVELS && s->levels[l].nruns >= s->fan_in; l++)
    rc = merge_level(s, l);
  return rc;
}

int dedup_runs_open(const char *dir, size_t fan_in, size_t probe_entries, struct dedup_runs **out)
{
  struct dedup_runs *s = calloc(1, sizeof(*s));
  *out = NULL;
  if (!s || !(s->dir = strdup(dir))) {
    free(s);
    return CSP_E_NOMEM;
  }
  for (size_t l = 0; l < MAX_LEVELS; l++)
    s->levels[l].fd = -1;
  s->fan_in = fan_in < 2 ? 2 : fan_in;
  s->probe_entries = probe_entries > BLOCK_ENTRIES ? BLOCK_ENTRIES : probe_entries;
  /* now, so that an unusable directory is reported before the first row */
  int rc = level_open_file(s, &s->levels[0]);
  if (rc) {
    dedup_runs_close(s);
    return rc;
  }
  *out = s;
  return CSP_E_OK;
}

int dedup_runs_add(struct dedup_runs *s, struct dedup_entry *entries, size_t n,
                   struct dedup_entry *scratch, size_t scratch_len)
{
  s->scratch = scratch;
  s->scratch_len = scratch_len;
  int rc = write_batch_run(s, entries, n);
  if (!rc)
    rc = merge_full_levels(s);
  return rc;
}

bool dedup_runs_any(const struct dedup_runs *s)
{
  return s->has_runs;
}

void dedup_runs_close(struct dedup_runs *s)
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
  free(s->dir);
  free(s);
}
