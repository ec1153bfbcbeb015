/* The identities seen so far in this input, for "skipped: duplicate of row N" (SPEC §7).
 * Memory stays flat whatever the row count: a fixed in-memory batch and Bloom filter, and sorted
 * runs spilled to private temporary files (in $TMPDIR, else /tmp) that nothing outlives. */
#ifndef CSP_DEDUP_H
#define CSP_DEDUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dedup;

/* Sizes of the index, for tests and benchmarks (dedup_open uses the defaults of limits.h). A
 * field left 0 takes its default. */
struct dedup_tuning {
  size_t batch_entries; /* identities held in memory before they are written out as a run */
  size_t fan_in;        /* runs of one level merged into one run of the next; at least 2 */
  size_t bloom_bytes;   /* the Bloom filter; rounded down to a power of two, 64 bytes at least */
  size_t probe_entries; /* pairs a lookup reads first around a hash's likely place, of 256 */
};

/* Returns 0 or CSP_E_NOMEM / CSP_E_IO (the temporary file cannot be created: the error names
 * the directory). *out is the caller's to dedup_close. */
int dedup_open(struct dedup **out);
/* dedup_open with the sizes of *tuning. */
int dedup_open_tuned(struct dedup **out, const struct dedup_tuning *tuning);
/* Records identity for row_number unless it is already known. Sets *first_row to the row that
 * had it first (0 when identity is new). Returns 0 or CSP_E_IO (logged; the index goes on, but
 * may miss duplicates of the rows it could not write or read). */
int dedup_add(struct dedup *s, const char *identity, size_t row_number, size_t *first_row);

/* The hash under which dedup_add files identity; never 0. Pure: any thread may compute it. */
uint64_t dedup_hash(const char *identity);
/* dedup_add for an identity already hashed with dedup_hash. */
int dedup_add_hashed(struct dedup *s, uint64_t hash, size_t row_number, size_t *first_row);
/* Starts fetching the memory a dedup_add_hashed of hash will touch (its batch slot and Bloom
 * block): called a few rows ahead, it hides those cache misses behind other work. */
void dedup_prefetch(const struct dedup *s, uint64_t hash);
/* Frees s and closes its temporary files. dedup_close(NULL) does nothing. */
void dedup_close(struct dedup *s);

#endif
