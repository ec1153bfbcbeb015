/* The duplicate index's disk tier (seen.c keeps the batch and the Bloom filter in front of it):
 * sorted runs of (hash, row) pairs in private temporary files, merged by level so that even at
 * ten million rows a lookup reads few runs. Memory: a few bytes per 256 rows (the fences). */
#ifndef CSP_DEDUP_RUNS_H
#define CSP_DEDUP_RUNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dedup_entry {
  uint64_t hash; /* 0 marks an empty slot in seen.c's batch (a real hash of 0 is stored as 1) */
  uint64_t row;
};

struct dedup_runs;

/* Runs kept in unlinked temporary files in dir (created now, so that an unusable directory is
 * reported before the first row: CSP_E_IO with a message naming it). fan_in runs of a level
 * are merged into one of the next (at least 2); a lookup reads probe_entries pairs first (at
 * most 256). Returns 0, CSP_E_IO or CSP_E_NOMEM. */
int dedup_runs_open(const char *dir, size_t fan_in, size_t probe_entries, struct dedup_runs **out);
/* Appends entries[0..n), sorted by hash, as one run, then merges every level that is full.
 * scratch (scratch_len entries, which may hold entries itself) is free to overwrite: the
 * merge's buffers. Returns 0, CSP_E_IO (logged; this run's or merge's work is lost, the runs
 * before it stay) or CSP_E_NOMEM. */
int dedup_runs_add(struct dedup_runs *r, struct dedup_entry *entries, size_t n,
                   struct dedup_entry *scratch, size_t scratch_len);
/* Whether any run was written yet. */
bool dedup_runs_any(const struct dedup_runs *r);
/* Sets *row to the row a run holds for hash, or leaves it 0. Returns 0 or CSP_E_IO. */
int dedup_runs_lookup(const struct dedup_runs *r, uint64_t hash, size_t *row);
/* Closes the files and frees r; NULL is fine. */
void dedup_runs_close(struct dedup_runs *r);

#endif
