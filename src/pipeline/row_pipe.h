/* A bounded ring of rows filled by a producer thread and emptied, in order, by the thread
 * that created it: the dry run's way of using a second core. The producer reads rows while the
 * consumer classifies and reports them, so the report keeps input order and memory stays
 * bounded by the ring's capacity, however long the file is. Rows cross between the threads in
 * batches under one mutex, which also orders every write to a row before the other thread
 * reads it.
 *
 * A row may need a second step (`complete`: the dry run's validation) that either thread can
 * do, claimed a chunk of rows at a time (one atomic compare-and-swap per chunk). The producer
 * completes chunks a little behind its reading; the consumer, reaching a chunk nobody has
 * claimed yet, completes it itself instead of waiting, and while the producer is busy on the
 * chunk it needs next, it completes chunks from the newest end of what is published. So the
 * work flows to whichever thread has time (with a slow reader the consumer validates more
 * rows, with a slow consumer the producer validates them all), and the two threads work on
 * different chunks instead of taking turns on neighbouring rows, whose cache lines would then
 * move between the cores every row. */
#ifndef CSP_ROW_PIPE_H
#define CSP_ROW_PIPE_H

#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "pipeline/row.h"

/* Fills row (a reused slot) with the next row. Sets *eof and returns 0 at the end; any
 * other return value ends the producer with that error. Runs on the producer thread. */
typedef int (*row_pipe_produce)(void *ctx, struct row *row, bool *eof);
/* The second step of a produced row, on either thread; scratch is that thread's own. */
typedef void (*row_pipe_complete)(void *ctx, void *scratch, struct row *row);

struct row_pipe_stages {
  row_pipe_produce produce;
  row_pipe_complete complete; /* NULL: a produced row is final */
  void *ctx;
  void *producer_scratch; /* complete's scratch on the producer thread */
  void *consumer_scratch; /* and on the consumer's */
};

struct row_pipe_chunk;

struct row_pipe {
  struct row *rows; /* capacity slots, each row_init'ed once and reused */
  size_t capacity;
  size_t batch;                  /* rows handed over per lock */
  size_t chunk;                  /* rows claimed for `complete` at once; divides batch */
  struct row_pipe_chunk *chunks; /* capacity / chunk claim states */
  struct row_pipe_stages stages;
  pthread_t thread;
  bool started;
  pthread_mutex_t mu;
  pthread_cond_t changed;
  /* Under mu: what each side has published so far (counts since the start). */
  size_t produced, consumed;
  bool done; /* the producer has finished (end, error or stop) */
  bool stop; /* the consumer asks the producer to finish */
  int rc;    /* the producer's error, 0 at a clean end */
  /* Each side's own positions and its last view of the other's count, on cache lines of
   * their own: each side updates them every row, and sharing a line with the other side
   * would move that line between the cores every row. */
  alignas(64) size_t p_next, p_completed, p_seen_consumed;
  alignas(64) size_t c_next, c_seen_produced;
};

/* Allocates capacity rows (capacity and batch powers of two, batch <= capacity, and with a
 * complete step capacity >= 4 * batch) and starts
 * the producer thread, which calls stages->produce until the end. Returns 0, CSP_E_NOMEM,
 * CSP_E_USAGE for other sizes, or CSP_E_IO when no thread can be
 * started. On failure nothing is left to release. */
int row_pipe_init(struct row_pipe *p, size_t capacity, size_t batch,
                  const struct row_pipe_stages *stages);
/* The oldest row not yet released, completed (by this thread if need be), waiting for the
 * producer as needed; NULL once the producer has finished and every row it made was
 * released. The row is the consumer's until row_pipe_release. */
struct row *row_pipe_front(struct row_pipe *p);
/* How many rows from the front on are complete and published, the front included (at least 1
 * after row_pipe_front gave a row); row_pipe_peek(p, i), i below that, is the i-th of them,
 * the front being 0. For fetching early what the next rows will need. */
size_t row_pipe_ready(const struct row_pipe *p);
struct row *row_pipe_peek(struct row_pipe *p, size_t i);
/* Gives the front row back for reuse. */
void row_pipe_release(struct row_pipe *p);
/* Stops the producer (if still running), waits for it and frees the rows. Returns the
 * producer's error, 0 when it reached the end cleanly or was stopped. */
int row_pipe_finish(struct row_pipe *p);

#endif
