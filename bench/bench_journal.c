/* Measures the journal's throughput on this machine: planned-row inserts per second (in one
 * batch, and one commit each) and in_flight -> done marks per second (two commits per row,
 * as the executor does them). Usage: bench_journal [DIR] [ROWS]; DIR defaults to /tmp.
 * Not a test: a tool to report numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "journal/journal.h"

static double seconds_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void remove_journal(const char *path)
{
  const char *suffixes[] = {"", "-wal", "-shm", ".lock"};
  char file[4200];
  for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
    (void)snprintf(file, sizeof(file), "%s%s", path, suffixes[i]);
    (void)unlink(file);
  }
}

static void identity(char *buf, size_t len, const char *prefix, long n)
{
  (void)snprintf(buf, len, "domain:%s%07ld.onmicrosoft.com", prefix, n);
}

/* Plans rows [0, rows) with prefix; batched or one commit each. Returns rows per second. */
static double bench_plan(struct journal *j, const char *prefix, long rows, int batched)
{
  char id[96];
  double start = seconds_now();
  if (batched && journal_begin_batch(j) != 0)
    exit(1);
  for (long i = 0; i < rows; i++) {
    identity(id, sizeof(id), prefix, i);
    if (journal_plan(j, id, i + 1, "create", id + 7, 1, 1, NULL) != 0)
      exit(1);
  }
  if (batched && journal_commit_batch(j) != 0)
    exit(1);
  return (double)rows / (seconds_now() - start);
}

/* Marks rows in flight then done: outside a batch two commits per row; in a batch the done
 * mark rides on the next in_flight commit. Returns rows per second. */
static double bench_marks(struct journal *j, const char *prefix, long rows, int batched)
{
  char id[96];
  const struct journal_done done = {.customer_id = "0c3b1e1a-1111-2222-3333-444455556666",
                                    .tenant_id = "7d2f1e1a-1111-2222-3333-444455556666",
                                    .status = "created",
                                    .http_status = 201};
  double start = seconds_now();
  if (batched && journal_begin_batch(j) != 0)
    exit(1);
  for (long i = 0; i < rows; i++) {
    identity(id, sizeof(id), prefix, i);
    if (journal_mark_in_flight(j, id, "9a1b2c3d-0000-1111-2222-333344445555",
                               "8a1b2c3d-0000-1111-2222-333344445555", 1, 2) != 0 ||
        journal_mark_done(j, id, &done, 3) != 0)
      exit(1);
  }
  if (batched && journal_commit_batch(j) != 0)
    exit(1);
  return (double)rows / (seconds_now() - start);
}

int main(int argc, char **argv)
{
  const char *dir = argc > 1 ? argv[1] : "/tmp";
  long rows = argc > 2 ? strtol(argv[2], NULL, 10) : 200000;
  char path[4096];
  (void)snprintf(path, sizeof(path), "%s/bench_journal.%ld.sqlite", dir, (long)getpid());
  remove_journal(path);
  struct journal *j = NULL;
  if (journal_open(path, &j) != 0)
    return 1;
  long small = rows / 10;
  printf("planned rows, one batch:        %10.0f rows/s (%ld rows)\n", bench_plan(j, "a", rows, 1),
         rows);
  printf("planned rows, one commit each:  %10.0f rows/s (%ld rows)\n", bench_plan(j, "b", small, 0),
         small);
  printf("in_flight -> done, 2 commits:   %10.0f rows/s (%ld rows)\n",
         bench_marks(j, "a", small, 0), small);
  printf("in_flight -> done, in a batch:  %10.0f rows/s (%ld rows)\n",
         bench_marks(j, "b", small, 1), small);
  journal_close(j);
  remove_journal(path);
  return 0;
}
