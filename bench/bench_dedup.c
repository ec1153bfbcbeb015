/* The duplicate index's throughput: adds N identities ("domain:companyNNN.onmicrosoft.com",
 * about 0.3% of them repeats of a random earlier one) and prints adds/s for
 *   memory    a plain, unbounded in-memory hash table written here: the ceiling meant for
 *             small files (at a million rows its 32 MB table misses the cache more than
 *             dedup_add's 6 MiB of batch and filter do, so dedup_add may beat it);
 *   dedup_add  the real index (src/dedup/dedup.c), memory bounded, spilling to a temporary file;
 * the ratio of the two, and the peak RSS growth of dedup_add after 10k adds and after N.
 * The identities are generated before either is timed. Both must find the same duplicates.
 * Usage: bench_dedup [N [FAN_IN]]   (N defaults to 1,000,000, FAN_IN to the index's default;
 * the index's files go to $TMPDIR or /tmp)
 * Not a test: a tool to report numbers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "dedup/dedup.h"

#define IDENTITY_STRIDE 48 /* bytes per generated identity, NUL included */
#define REPEATS_PER_MILLE 3
#define RSS_EARLY_ROWS 10000

static double seconds_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kib(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static uint64_t next_random(uint64_t *state)
{
  *state ^= *state << 13;
  *state ^= *state >> 7;
  *state ^= *state << 17;
  return *state;
}

/* N identities, IDENTITY_STRIDE bytes apart; about REPEATS_PER_MILLE in 1000 repeat an earlier
 * company number. */
static char *generate_identities(size_t n)
{
  char *all = malloc(n * IDENTITY_STRIDE);
  if (!all)
    exit(2);
  uint64_t state = 0x9e3779b97f4a7c15ULL;
  size_t companies = 0;
  for (size_t i = 0; i < n; i++) {
    uint64_t r = next_random(&state);
    size_t company = companies;
    if (companies > 0 && r % 1000 < REPEATS_PER_MILLE)
      company = (size_t)(next_random(&state) % companies);
    else
      companies++;
    (void)snprintf(all + i * IDENTITY_STRIDE, IDENTITY_STRIDE, "domain:company%zu.onmicrosoft.com",
                   company);
  }
  return all;
}

/* --- the ceiling: an unbounded open-addressing table of (hash, row), doubled when half full --- */

struct memory_slot {
  uint64_t hash; /* 0: empty */
  size_t row;
};

struct memory_table {
  struct memory_slot *slots;
  size_t mask, count;
};

static uint64_t string_hash(const char *s)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  while (*s)
    h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 32;
  return h | 1;
}

static struct memory_slot *table_find(const struct memory_table *t, uint64_t hash)
{
  size_t i = (size_t)hash & t->mask;
  while (t->slots[i].hash && t->slots[i].hash != hash)
    i = (i + 1) & t->mask;
  return &t->slots[i];
}

static void table_resize(struct memory_table *t, size_t nslots)
{
  struct memory_table bigger = {calloc(nslots, sizeof(struct memory_slot)), nslots - 1, t->count};
  if (!bigger.slots)
    exit(2);
  for (size_t i = 0; t->slots && i <= t->mask; i++)
    if (t->slots[i].hash)
      *table_find(&bigger, t->slots[i].hash) = t->slots[i];
  free(t->slots);
  *t = bigger;
}

static size_t table_add(struct memory_table *t, const char *identity, size_t row)
{
  if (2 * (t->count + 1) > t->mask + 1)
    table_resize(t, 2 * (t->mask + 1));
  uint64_t hash = string_hash(identity);
  struct memory_slot *slot = table_find(t, hash);
  if (slot->hash)
    return slot->row;
  *slot = (struct memory_slot){hash, row};
  t->count++;
  return 0;
}

/* --- the runs --- */

struct outcome {
  double seconds;
  size_t duplicates;
};

static struct outcome run_memory_table(const char *ids, size_t n)
{
  struct memory_table t = {0};
  table_resize(&t, 1024);
  struct outcome o = {0};
  double start = seconds_now();
  for (size_t i = 0; i < n; i++)
    o.duplicates += table_add(&t, ids + i * IDENTITY_STRIDE, i + 1) != 0;
  o.seconds = seconds_now() - start;
  free(t.slots);
  return o;
}

static struct outcome run_seen(const char *ids, size_t n, size_t fan_in, long *rss_early_kib)
{
  struct dedup *s;
  const struct dedup_tuning tuning = {.fan_in = fan_in};
  if (dedup_open_tuned(&s, &tuning) != 0)
    exit(1);
  struct outcome o = {0};
  long rss_before = peak_rss_kib();
  double start = seconds_now();
  for (size_t i = 0; i < n; i++) {
    size_t first = 0;
    if (dedup_add(s, ids + i * IDENTITY_STRIDE, i + 1, &first) != 0)
      exit(1);
    o.duplicates += first != 0;
    if (i + 1 == RSS_EARLY_ROWS)
      *rss_early_kib = peak_rss_kib() - rss_before;
  }
  o.seconds = seconds_now() - start;
  *rss_early_kib = n < RSS_EARLY_ROWS ? peak_rss_kib() - rss_before : *rss_early_kib;
  rss_early_kib[1] = peak_rss_kib() - rss_before;
  dedup_close(s);
  return o;
}

int main(int argc, char **argv)
{
  size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000000;
  size_t fan_in = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 0;
  if (n == 0) {
    fprintf(stderr, "usage: bench_dedup [N [FAN_IN]]\n");
    return 2;
  }
  char *ids = generate_identities(n);
  long rss_kib[2] = {0, 0}; /* after 10k adds, after n */
  /* seen first: its peak RSS is measured before the ceiling's table raises the high-water mark */
  struct outcome seen = run_seen(ids, n, fan_in, rss_kib);
  struct outcome memory = run_memory_table(ids, n);
  double memory_rate = (double)n / memory.seconds, seen_rate = (double)n / seen.seconds;
  printf("%-10s %9zu adds %7.3f s %10.0f adds/s %7zu duplicates\n", "memory", n, memory.seconds,
         memory_rate, memory.duplicates);
  printf("%-10s %9zu adds %7.3f s %10.0f adds/s %7zu duplicates\n", "dedup_add", n, seen.seconds,
         seen_rate, seen.duplicates);
  printf("dedup_add / memory: %.2f\n", seen_rate / memory_rate);
  printf("dedup_add peak RSS growth: %.1f MiB after %d adds, %.1f MiB after %zu\n",
         (double)rss_kib[0] / 1024, RSS_EARLY_ROWS, (double)rss_kib[1] / 1024, n);
  free(ids);
  return seen.duplicates == memory.duplicates ? 0 : 1;
}
