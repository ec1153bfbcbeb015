/* A bounded ring of rows filled by a producer thread and emptied, in order, by the thread
 * that created it: the dry run's way of using a second core. The producer reads and
 * validates rows (see pipeline.c) while the consumer classifies and reports them, so the
 * report keeps input order and memory stays bounded by the ring's capacity, however long the
 * file is. Rows cross between the threads in batches under one mutex, which also orders
 * every write to a row before the other thread reads it. */
#ifndef CSP_ROW_PIPE_H
#define CSP_ROW_PIPE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "row.h"

/* Fills row (a reused slot) with the next row. Sets *eof and returns 0 at the end; any
 * other return value ends the producer with that error. Runs on the producer thread. */
typedef int (*row_pipe_produce)(void *ctx, struct row *row, bool *eof);

struct row_pipe {
  struct row *rows; /* capacity slots, each row_init'ed once and reused */
  size_t capacity;
  size_t batch; /* rows handed over per lock */
  row_pipe_produce produce;
  void *ctx;
  pthread_t thread;
  bool started;
  pthread_mutex_t mu;
  pthread_cond_t changed;
  /* Under mu: what each side has published so far (counts since the start). */
  size_t produced, consumed;
  bool done; /* the producer has finished (end, error or stop) */
  bool stop; /* the consumer asks the producer to finish */
  int rc;    /* the producer's error, 0 at a clean end */
  /* Each side's own position and its last view of the other's count. */
  size_t p_next, p_seen_consumed;
  size_t c_next, c_seen_produced;
};

/* Allocates capacity rows (a multiple of batch) and starts the producer thread, which calls
 * produce(ctx, ...) until the end. Returns 0, CSP_E_NOMEM, or CSP_E_IO when no thread can be
 * started. On failure nothing is left to release. */
int row_pipe_start(struct row_pipe *p, size_t capacity, size_t batch, row_pipe_produce produce,
                   void *ctx);
/* The oldest row not yet released, waiting for the producer as needed; NULL once the
 * producer has finished and every row it made was released. The row is the consumer's until
 * row_pipe_release. */
struct row *row_pipe_front(struct row_pipe *p);
/* Gives the front row back for reuse. */
void row_pipe_release(struct row_pipe *p);
/* Stops the producer (if still running), waits for it and frees the rows. Returns the
 * producer's error, 0 when it reached the end cleanly or was stopped. */
int row_pipe_finish(struct row_pipe *p);

#endif
