/* The producer/consumer ring behind row_pipe.h. Each side works on its own position without
 * locking and publishes it every `batch` rows (and whenever it must wait), so the mutex is
 * taken a few times per batch, not per row. The producer thread starts with every signal
 * blocked: SIGINT/SIGTERM stay with the main thread, which polls for them between rows.
 *
 * With a complete step, rows are published in whole chunks only (but for the last, partial
 * one at the end), and a chunk's state says who may touch its rows: EMPTY (the producer's, to
 * fill), PRODUCED (published, waiting for `complete`), CLAIMED (one thread is completing it),
 * COMPLETE. The producer reads at most two batches ahead of its completion cursor (so that
 * the next batch is published while the consumer still works on the last one), and the ring
 * holds at least four batches, so the chunk under that cursor is never refilled while the
 * cursor still points at it. */
#include "pipeline/row_pipe.h"

#include <sched.h>
#include <stdlib.h>

#include "base/errors.h"
#include "base/quiet_thread.h"

/* Rows per claim: at most 16, and at most a quarter of a batch, so that each publication
 * leaves the consumer chunks to take from the back. */
#define ROW_PIPE_CHUNK 16

enum { CHUNK_EMPTY, CHUNK_PRODUCED, CHUNK_CLAIMED, CHUNK_COMPLETE };

/* One cache line per chunk: each is claimed by one thread while the other claims another. */
struct row_pipe_chunk {
  alignas(64) _Atomic int state;
};

static struct row *row_at(struct row_pipe *p, size_t n)
{
  return &p->rows[n & (p->capacity - 1)];
}

/* Asks the core to fetch the first cache lines of the row in slot n (what a row's every stage
 * touches: numbers, cells, echo, values, status), for writing or for reading. The other thread
 * wrote them last, so a plain access would wait for them to come over from its core. */
#define ROW_PIPE_PREFETCH_BYTES 512
#define ROW_PIPE_PREFETCH_AHEAD 4 /* rows: a row's work is shorter than a line's trip */
static void prefetch_row(struct row_pipe *p, size_t n, bool for_writing)
{
  const char *r = (const char *)row_at(p, n);
  for (size_t off = 0; off < ROW_PIPE_PREFETCH_BYTES; off += 64) {
    if (for_writing)
      __builtin_prefetch(r + off, 1);
    else
      __builtin_prefetch(r + off, 0);
  }
}

static struct row_pipe_chunk *chunk_of(struct row_pipe *p, size_t n)
{
  return &p->chunks[(n & (p->capacity - 1)) / p->chunk];
}

/* Completes rows [first, end) — one chunk — on this thread unless the other one claimed them
 * first; true when this thread did it. */
static bool complete_if_unclaimed(struct row_pipe *p, size_t first, size_t end, void *scratch)
{
  struct row_pipe_chunk *c = chunk_of(p, first);
  int expected = CHUNK_PRODUCED;
  if (!atomic_compare_exchange_strong(&c->state, &expected, CHUNK_CLAIMED))
    return false;
  for (size_t n = first; n < end; n++)
    p->stages.complete(p->stages.ctx, scratch, row_at(p, n));
  atomic_store_explicit(&c->state, CHUNK_COMPLETE, memory_order_release);
  return true;
}

/* --- the producer's side --- */

/* What the producer may show the consumer: with a complete step, whole chunks only until the
 * end. */
static size_t publishable(const struct row_pipe *p, bool end)
{
  return p->stages.complete && !end ? p->p_next & ~(p->chunk - 1) : p->p_next;
}

/* Publishes the producer's position and returns once the ring has a free slot (true) or
 * the consumer asked it to stop (false). */
static bool wait_for_room(struct row_pipe *p, bool publish_only)
{
  pthread_mutex_lock(&p->mu);
  p->produced = publishable(p, false);
  pthread_cond_broadcast(&p->changed);
  while (!publish_only && !p->stop && p->p_next - p->consumed == p->capacity)
    pthread_cond_wait(&p->changed, &p->mu);
  p->p_seen_consumed = p->consumed;
  bool go = !p->stop;
  pthread_mutex_unlock(&p->mu);
  return go;
}

/* Whether the producer may read another row now: a free slot, and (with a complete step)
 * less than two batches read and not yet completed. */
static bool may_read(const struct row_pipe *p)
{
  return p->p_next - p->p_seen_consumed < p->capacity &&
         (!p->stages.complete || p->p_next - p->p_completed < 2 * p->batch);
}

/* Marks the chunk of rows [.., p_next) ready to be claimed (its last row just read, or the
 * input ended inside it). Published by the next publication, under the mutex. */
static void chunk_produced(struct row_pipe *p)
{
  atomic_store_explicit(&chunk_of(p, p->p_next - 1)->state, CHUNK_PRODUCED, memory_order_relaxed);
}

/* Reads one row into the next slot. Returns false at the end or on an error (in *rc). */
static bool read_one(struct row_pipe *p, int *rc)
{
  bool eof = false;
  prefetch_row(p, p->p_next + ROW_PIPE_PREFETCH_AHEAD, true);
  *rc = p->stages.produce(p->stages.ctx, row_at(p, p->p_next), &eof);
  bool more = !*rc && !eof;
  if (more)
    p->p_next++;
  if (!p->stages.complete)
    p->p_completed = p->p_next;
  else if (((p->p_next & (p->chunk - 1)) == 0) == more) /* a chunk filled, or the end inside one */
    chunk_produced(p);
  return more;
}

/* Whether the oldest chunk read and not yet completed by this thread is whole (or the last). */
static bool may_complete(const struct row_pipe *p, bool reading)
{
  return p->p_completed < p->p_next && (!reading || p->p_next - p->p_completed >= p->chunk);
}

/* Completes (or leaves to the consumer, who claimed it) that chunk. */
static void complete_chunk(struct row_pipe *p)
{
  size_t end = p->p_completed + p->chunk < p->p_next ? p->p_completed + p->chunk : p->p_next;
  (void)complete_if_unclaimed(p, p->p_completed, end, p->stages.producer_scratch);
  p->p_completed = end;
}

/* Shows the consumer every row read, the last partial chunk included: the input ended. */
static void publish_end(struct row_pipe *p)
{
  pthread_mutex_lock(&p->mu);
  p->produced = publishable(p, true);
  pthread_cond_broadcast(&p->changed);
  pthread_mutex_unlock(&p->mu);
}

static void *produce_all(void *arg)
{
  struct row_pipe *p = arg;
  int rc = CSP_E_OK;
  bool reading = true, go = true;
  while (go) {
    if (reading && may_read(p)) {
      reading = read_one(p, &rc);
      if (!reading)
        publish_end(p);
      else if ((p->p_next & (p->batch - 1)) == 0)
        go = wait_for_room(p, true);
    } else if (may_complete(p, reading)) {
      complete_chunk(p);
    } else if (reading) {
      go = wait_for_room(p, false); /* the ring is full of rows the consumer holds */
    } else {
      break;
    }
  }
  pthread_mutex_lock(&p->mu);
  p->produced = publishable(p, true);
  p->done = true;
  p->rc = rc;
  pthread_cond_broadcast(&p->changed);
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* --- the consumer's side --- */

/* Publishes the consumer's position and waits until a row is ready or none will come. */
static void publish_consumed(struct row_pipe *p, bool wait)
{
  pthread_mutex_lock(&p->mu);
  p->consumed = p->c_next;
  pthread_cond_broadcast(&p->changed);
  while (wait && !p->done && p->produced == p->c_next)
    pthread_cond_wait(&p->changed, &p->mu);
  p->c_seen_produced = p->produced;
  pthread_mutex_unlock(&p->mu);
}

/* A hint to the core that this is a spin loop (x86's pause; nothing elsewhere). */
static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/* The end of the chunk starting at row first, as far as the consumer knows it is published. */
static size_t chunk_end(const struct row_pipe *p, size_t first)
{
  return first + p->chunk < p->c_seen_produced ? first + p->chunk : p->c_seen_produced;
}

/* Completes, from the newest end, one published chunk after the one at c_next that nobody has
 * claimed; false when there is none. *back is where the search stopped last time. */
static bool complete_from_back(struct row_pipe *p, size_t *back)
{
  while (*back > p->c_next + p->chunk) {
    *back = (*back - 1) & ~(p->chunk - 1);
    if (complete_if_unclaimed(p, *back, chunk_end(p, *back), p->stages.consumer_scratch))
      return true;
  }
  return false;
}

/* Makes sure the chunk starting at c_next is complete: claims it, or, when the producer is on
 * it, completes other chunks from the back meanwhile; with none left it spins (a chunk is
 * short work), then yields should the producer have lost its core. */
static void complete_front_chunk(struct row_pipe *p)
{
  struct row_pipe_chunk *c = chunk_of(p, p->c_next);
  if (complete_if_unclaimed(p, p->c_next, chunk_end(p, p->c_next), p->stages.consumer_scratch))
    return;
  size_t back = p->c_seen_produced;
  for (unsigned spins = 0;
       atomic_load_explicit(&c->state, memory_order_acquire) != CHUNK_COMPLETE;) {
    if (complete_from_back(p, &back))
      continue;
    if (spins++ < 1000)
      cpu_relax();
    else
      sched_yield();
  }
}

struct row *row_pipe_front(struct row_pipe *p)
{
  if (p->c_next == p->c_seen_produced)
    publish_consumed(p, true);
  if (p->c_next == p->c_seen_produced)
    return NULL;
  if (p->stages.complete && (p->c_next & (p->chunk - 1)) == 0)
    complete_front_chunk(p);
  if (p->c_next + ROW_PIPE_PREFETCH_AHEAD < p->c_seen_produced)
    prefetch_row(p, p->c_next + ROW_PIPE_PREFETCH_AHEAD, false);
  return row_at(p, p->c_next);
}

size_t row_pipe_ready(const struct row_pipe *p)
{
  if (!p->stages.complete)
    return p->c_seen_produced - p->c_next;
  return chunk_end(p, p->c_next & ~(p->chunk - 1)) - p->c_next;
}

struct row *row_pipe_peek(struct row_pipe *p, size_t i)
{
  return row_at(p, p->c_next + i);
}

void row_pipe_release(struct row_pipe *p)
{
  p->c_next++;
  if (p->stages.complete && (p->c_next & (p->chunk - 1)) == 0)
    atomic_store_explicit(&chunk_of(p, p->c_next - 1)->state, CHUNK_EMPTY, memory_order_relaxed);
  if ((p->c_next & (p->batch - 1)) == 0)
    publish_consumed(p, false);
}

/* --- start and finish --- */

static void free_rows(struct row_pipe *p)
{
  for (size_t i = 0; i < p->capacity; i++)
    row_release(&p->rows[i]);
  free(p->rows);
  free(p->chunks);
  p->rows = NULL;
  p->chunks = NULL;
}

static bool is_power_of_two(size_t n)
{
  return n && !(n & (n - 1));
}

int row_pipe_init(struct row_pipe *p, size_t capacity, size_t batch,
                  const struct row_pipe_stages *stages)
{
  if (!is_power_of_two(capacity) || !is_power_of_two(batch) || batch > capacity ||
      (stages->complete && capacity < 4 * batch))
    return CSP_E_USAGE;
  *p = (struct row_pipe){.capacity = capacity, .batch = batch, .stages = *stages};
  p->chunk = batch / 4 < 1 ? 1 : batch / 4 < ROW_PIPE_CHUNK ? batch / 4 : ROW_PIPE_CHUNK;
  p->rows = calloc(capacity, sizeof(*p->rows));
  p->chunks = aligned_alloc(alignof(struct row_pipe_chunk),
                            capacity / p->chunk * sizeof(struct row_pipe_chunk));
  if (!p->rows || !p->chunks) {
    free(p->rows);
    free(p->chunks);
    return CSP_E_NOMEM;
  }
  for (size_t i = 0; i < capacity / p->chunk; i++)
    atomic_init(&p->chunks[i].state, CHUNK_EMPTY);
  for (size_t i = 0; i < capacity; i++)
    row_init(&p->rows[i]);
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->changed, NULL);
  p->started = quiet_thread_start(&p->thread, produce_all, p);
  if (p->started)
    return CSP_E_OK;
  pthread_cond_destroy(&p->changed);
  pthread_mutex_destroy(&p->mu);
  free_rows(p);
  return CSP_E_IO;
}

int row_pipe_finish(struct row_pipe *p)
{
  if (!p->started)
    return CSP_E_OK;
  pthread_mutex_lock(&p->mu);
  p->stop = true;
  pthread_cond_broadcast(&p->changed);
  pthread_mutex_unlock(&p->mu);
  pthread_join(p->thread, NULL);
  p->started = false;
  pthread_cond_destroy(&p->changed);
  pthread_mutex_destroy(&p->mu);
  free_rows(p);
  return p->rc;
}
