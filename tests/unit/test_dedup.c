/* Tests for src/dedup/dedup.c: duplicate identities report the first row that had them, from the
 * in-memory batch, from a run on disk, and after runs were merged (tiny sizes make many). */
#include "dedup/dedup.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "check.h"
#include "diag_capture.h"
#include "base/errors.h"

static void identity_of(char *buf, size_t len, size_t n)
{
  (void)snprintf(buf, len, "domain:company%zu.onmicrosoft.com", n);
}

/* Adds identity number n for row; returns the first row dedup_add reports (0: new). */
static size_t add_number(struct dedup *s, size_t n, size_t row)
{
  char id[64];
  identity_of(id, sizeof(id), n);
  size_t first = 99;
  CHECK_INT_EQ(0, dedup_add(s, id, row, &first));
  return first;
}

/* Adds identity numbers [0, count) as rows first_row, first_row + 1, ... Returns how many were
 * not reported new. */
static size_t add_new_numbers(struct dedup *s, size_t count, size_t first_row)
{
  size_t known = 0;
  for (size_t n = 0; n < count; n++)
    known += add_number(s, n, first_row + n) != 0;
  return known;
}

static struct dedup *open_tiny(size_t batch_entries, size_t fan_in)
{
  struct dedup *s = NULL;
  const struct dedup_tuning tiny = {.batch_entries = batch_entries, .fan_in = fan_in};
  CHECK_INT_EQ(0, dedup_open_tuned(&s, &tiny));
  return s;
}

TEST(a_new_identity_reports_no_earlier_row)
{
  struct dedup *s;
  CHECK_INT_EQ(0, dedup_open(&s));
  size_t first = 99;
  CHECK_INT_EQ(0, dedup_add(s, "domain:a.onmicrosoft.com", 1, &first));
  CHECK_INT_EQ(0, first);
  dedup_close(s);
}

TEST(a_repeated_identity_reports_the_first_row_even_across_batches)
{
  struct dedup *s;
  CHECK_INT_EQ(0, dedup_open(&s));
  size_t first = 0;
  CHECK_INT_EQ(0, dedup_add(s, "tenant:x", 3, &first));
  char id[64];
  for (size_t i = 0; i < 200000; i++) { /* past several in-memory batches */
    snprintf(id, sizeof(id), "domain:d%zu", i);
    CHECK_INT_EQ(0, dedup_add(s, id, 10 + i, &first));
  }
  CHECK_INT_EQ(0, dedup_add(s, "tenant:x", 300000, &first));
  CHECK_INT_EQ(3, first);
  CHECK_INT_EQ(0, dedup_add(s, "domain:d42", 300001, &first));
  CHECK_INT_EQ(52, first);
  CHECK_INT_EQ(0, dedup_add(s, "domain:d199999", 300002, &first));
  CHECK_INT_EQ(200009, first);
  CHECK_INT_EQ(0, dedup_add(s, "domain:never-seen", 300003, &first));
  CHECK_INT_EQ(0, first);
  dedup_close(s);
}

TEST(a_duplicate_in_the_current_batch_reports_its_first_row)
{
  struct dedup *s = open_tiny(8, 2);
  CHECK_INT_EQ(0, add_number(s, 1, 10));
  CHECK_INT_EQ(0, add_number(s, 2, 11));
  CHECK_INT_EQ(10, add_number(s, 1, 12));
  CHECK_INT_EQ(11, add_number(s, 2, 13));
  CHECK_INT_EQ(0, add_number(s, 3, 14));
  dedup_close(s);
}

TEST(a_duplicate_in_a_written_run_reports_its_first_row)
{
  struct dedup *s = open_tiny(4, 100);          /* runs, no merge */
  CHECK_INT_EQ(0, add_new_numbers(s, 10, 100)); /* two runs of 4, then 2 in the batch */
  CHECK_INT_EQ(100, add_number(s, 0, 200));
  CHECK_INT_EQ(105, add_number(s, 5, 201));
  CHECK_INT_EQ(109, add_number(s, 9, 202));
  CHECK_INT_EQ(0, add_number(s, 10, 203));
  dedup_close(s);
}

TEST(a_hash_of_the_oldest_run_is_found_after_many_merges)
{
  struct dedup *s = open_tiny(4, 2);
  CHECK_INT_EQ(0, add_new_numbers(s, 5000, 1)); /* 1250 runs, merged up to 2^10 runs deep */
  CHECK_INT_EQ(1, add_number(s, 0, 6000));
  CHECK_INT_EQ(4, add_number(s, 3, 6001));
  CHECK_INT_EQ(2500, add_number(s, 2499, 6002));
  CHECK_INT_EQ(5000, add_number(s, 4999, 6003));
  CHECK_INT_EQ(0, add_number(s, 5000, 6004));
  dedup_close(s);
}

TEST(the_first_row_reported_is_always_the_earliest)
{
  struct dedup *s = open_tiny(8, 3);
  CHECK_INT_EQ(0, add_number(s, 7, 1));
  size_t row = 2;
  for (size_t round = 0; round < 200; round++) { /* repeats between batches of new ones */
    for (size_t i = 0; i < 11; i++, row++)
      CHECK_INT_EQ(0, add_number(s, 1000 + row, row));
    CHECK_INT_EQ(1, add_number(s, 7, row++));
    CHECK_INT_EQ(2, add_number(s, 1000 + 2, row++));
  }
  dedup_close(s);
}

TEST(a_million_distinct_identities_report_no_duplicate)
{
  struct dedup *s;
  CHECK_INT_EQ(0, dedup_open(&s));
  CHECK_INT_EQ(0, add_new_numbers(s, 1000000, 1));
  CHECK_INT_EQ(1000, add_number(s, 999, 2000000));
  dedup_close(s);
}

/* Adds rows identities, about 5% of them repeats of an earlier one, and compares every answer
 * with a plain array indexed by identity number. Returns the mismatches. */
static size_t compare_with_reference(const struct dedup_tuning *tuning, size_t rows)
{
  struct dedup *s;
  CHECK_INT_EQ(0, dedup_open_tuned(&s, tuning));
  size_t *first_row_of = calloc(rows, sizeof(size_t)), distinct = 0, mismatches = 0;
  uint64_t state = 88172645463325252ULL;
  for (size_t row = 1; s && first_row_of && row <= rows; row++) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    size_t n = distinct > 0 && state % 100 < 5 ? (size_t)(state >> 32) % distinct : distinct++;
    size_t expected = first_row_of[n];
    if (!expected)
      first_row_of[n] = row;
    mismatches += add_number(s, n, row) != expected;
  }
  free(first_row_of);
  dedup_close(s);
  return mismatches;
}

TEST(every_answer_matches_a_plain_in_memory_reference)
{
  /* a 64-byte Bloom filter says "maybe" to everything: every lookup reads every run */
  const struct dedup_tuning always_maybe = {.batch_entries = 16, .fan_in = 3, .bloom_bytes = 64};
  CHECK_INT_EQ(0, compare_with_reference(&always_maybe, 30000));
  /* a lookup's first read of 2 pairs often misses: the whole block is read again */
  const struct dedup_tuning odd_batch = {
      .batch_entries = 7, .fan_in = 2, .bloom_bytes = 4096, .probe_entries = 2};
  CHECK_INT_EQ(0, compare_with_reference(&odd_batch, 30000));
  const struct dedup_tuning defaults = {0};
  CHECK_INT_EQ(0, compare_with_reference(&defaults, 300000));
}

TEST(an_unusable_temporary_directory_fails_at_open_and_is_named)
{
  const char *saved = getenv("TMPDIR");
  char *restore = saved ? strdup(saved) : NULL;
  setenv("TMPDIR", "/nonexistent/csponboard-test", 1);
  FILE *log = capture();
  struct dedup *s = (struct dedup *)1;
  CHECK_INT_EQ(CSP_E_IO, dedup_open(&s));
  CHECK(s == NULL);
  release_capture(log);
  CHECK_CONTAINS(captured, "/nonexistent/csponboard-test");
  if (restore)
    setenv("TMPDIR", restore, 1);
  else
    unsetenv("TMPDIR");
  free(restore);
}

TEST(a_failed_write_is_an_io_error_and_the_index_goes_on)
{
  struct dedup *s = open_tiny(32, 100); /* runs of 512 bytes */
  struct rlimit saved, small;
  CHECK_INT_EQ(0, getrlimit(RLIMIT_FSIZE, &saved));
  small = saved;
  small.rlim_cur = 1000; /* the first run fits, the second does not */
  void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
  CHECK_INT_EQ(0, setrlimit(RLIMIT_FSIZE, &small));
  FILE *log = capture();
  int failures = 0;
  for (size_t n = 0; n < 64; n++) {
    size_t first = 99;
    char id[64];
    identity_of(id, sizeof(id), n);
    failures += dedup_add(s, id, n + 1, &first) == CSP_E_IO;
    CHECK_INT_EQ(0, first);
  }
  release_capture(log);
  CHECK_INT_EQ(0, setrlimit(RLIMIT_FSIZE, &saved));
  (void)signal(SIGXFSZ, old_handler);
  CHECK_INT_EQ(1, failures);
  CHECK_CONTAINS(captured, "cannot write");
  CHECK_INT_EQ(1, add_number(s, 0, 100));  /* in the run written */
  CHECK_INT_EQ(0, add_number(s, 64, 101)); /* the index takes new rows */
  CHECK_INT_EQ(101, add_number(s, 64, 102));
  dedup_close(s);
}

TEST(freeing_null_does_nothing)
{
  dedup_close(NULL);
  CHECK(1);
}

TEST(an_identity_hashed_ahead_is_the_same_identity_to_seen_add)
{
  struct dedup *s;
  CHECK_INT_EQ(0, dedup_open(&s));
  size_t first = 0;
  uint64_t h = dedup_hash("domain:contoso.onmicrosoft.com");
  CHECK(h != 0);
  CHECK(h != dedup_hash("domain:fabrikam.onmicrosoft.com"));
  dedup_prefetch(s, h); /* only a hint: changes nothing */
  CHECK_INT_EQ(0, dedup_add_hashed(s, h, 7, &first));
  CHECK_INT_EQ(0, first);
  CHECK_INT_EQ(0, dedup_add(s, "domain:contoso.onmicrosoft.com", 9, &first));
  CHECK_INT_EQ(7, first);
  CHECK_INT_EQ(0, dedup_add(s, "domain:fabrikam.onmicrosoft.com", 10, &first));
  CHECK_INT_EQ(0, dedup_add_hashed(s, dedup_hash("domain:fabrikam.onmicrosoft.com"), 11, &first));
  CHECK_INT_EQ(10, first);
  dedup_close(s);
}

RUN_TESTS()
