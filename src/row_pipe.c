/* The producer/consumer ring behind row_pipe.h. Each side works on its own position without
 * locking and publishes it every `batch` rows (and whenever it must wait), so the mutex is
 * taken a few times per batch, not per row. The producer thread starts with every signal
 * blocked: SIGINT/SIGTERM stay with the main thread, which polls for them between rows.
 *
 * A slot's state says who may touch its row: EMPTY (the producer's, to fill), PRODUCED
 * (published, waiting for `complete`), CLAIMED (one thread is completing it), COMPLETE. The
 * producer reads at most one batch ahead of its completion cursor, so the slot under that
 * cursor is never refilled while the cursor still points at it. */
#include "row_pipe.h"

#include <sched.h>
#include <signal.h>
#include <stdlib.h>

#include "errors.h"

enum { SLOT_EMPTY, SLOT_PRODUCED, SLOT_CLAIMED, SLOT_COMPLETE };

struct row_pipe_slot {
  _Atomic int state;
  struct row row;
};

static struct row_pipe_slot *slot_at(struct row_pipe *p, size_t n)
{
  return &p->slots[n & (p->capacity - 1)];
}

/* Completes the row in slot s on this thread unless the other one claimed it first; true
 * when this thread did it. */
static bool complete_if_unclaimed(struct row_pipe *p, struct row_pipe_slot *s, void *scratch)
{
  int expected = SLOT_PRODUCED;
  if (!atomic_compare_exchange_strong(&s->state, &expected, SLOT_CLAIMED))
    return false;
  p->stages.complete(p->stages.ctx, scratch, &s->row);
  atomic_store_explicit(&s->state, SLOT_COMPLETE, memory_order_release);
  return true;
}

/* --- the producer's side --- */

/* Publishes the producer's position and returns once the ring has a free slot (true) or
 * the consumer asked it to stop (false). */
static bool wait_for_room(struct row_pipe *p, bool publish_only)
{
  pthread_mutex_lock(&p->mu);
  p->produced = p->p_next;
  pthread_cond_broadcast(&p->changed);
  while (!publish_only && !p->stop && p->p_next - p->consumed == p->capacity)
    pthread_cond_wait(&p->changed, &p->mu);
  p->p_seen_consumed = p->consumed;
  bool go = !p->stop;
  pthread_mutex_unlock(&p->mu);
  return go;
}

/* Whether the producer may read another row now: a free slot, and (with a complete step)
 * no more than one batch read and not yet completed. */
static bool may_read(const struct row_pipe *p)
{
  return p->p_next - p->p_seen_consumed < p->capacity &&
         (!p->stages.complete || p->p_next - p->p_completed < p->batch);
}

/* Reads one row into the next slot. Returns false at the end or on an error (in *rc). */
static bool read_one(struct row_pipe *p, int *rc)
{
  struct row_pipe_slot *s = slot_at(p, p->p_next);
  bool eof = false;
  *rc = p->stages.produce(p->stages.ctx, &s->row, &eof);
  if (*rc || eof)
    return false;
  atomic_store_explicit(&s->state, p->stages.complete ? SLOT_PRODUCED : SLOT_COMPLETE,
                        memory_order_relaxed); /* published under the mutex */
  p->p_next++;
  if (!p->stages.complete)
    p->p_completed = p->p_next;
  return true;
}

/* Completes (or leaves to the consumer, who claimed it) the oldest row read and not yet
 * completed by this thread. */
static void complete_one(struct row_pipe *p)
{
  (void)complete_if_unclaimed(p, slot_at(p, p->p_completed), p->stages.producer_scratch);
  p->p_completed++;
}

static void *produce_all(void *arg)
{
  struct row_pipe *p = arg;
  int rc = CSP_E_OK;
  bool reading = true, go = true;
  while (go) {
    if (reading && may_read(p)) {
      reading = read_one(p, &rc);
      if (!reading || (p->p_next & (p->batch - 1)) == 0)
        go = wait_for_room(p, true);
    } else if (p->p_completed < p->p_next) {
      complete_one(p);
    } else if (reading) {
      go = wait_for_room(p, false); /* the ring is full of rows the consumer holds */
    } else {
      break;
    }
  }
  pthread_mutex_lock(&p->mu);
  p->produced = p->p_next;
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

/* Waits for the producer to finish completing slot s (it claimed it first), completing rows
 * further ahead meanwhile: any published row not yet claimed (rows are reported in order but
 * may be completed in any order). With none left, it spins (one `complete` is short), then
 * yields should the producer have lost its core. */
static void complete_ahead_until(struct row_pipe *p, struct row_pipe_slot *s)
{
  size_t ahead = p->c_next + 1;
  for (unsigned spins = 0;
       atomic_load_explicit(&s->state, memory_order_acquire) != SLOT_COMPLETE;) {
    if (ahead < p->c_seen_produced)
      (void)complete_if_unclaimed(p, slot_at(p, ahead++), p->stages.consumer_scratch);
    else if (spins++ < 1000)
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
  struct row_pipe_slot *s = slot_at(p, p->c_next);
  if (p->stages.complete && !complete_if_unclaimed(p, s, p->stages.consumer_scratch))
    complete_ahead_until(p, s);
  return &s->row;
}

void row_pipe_release(struct row_pipe *p)
{
  atomic_store_explicit(&slot_at(p, p->c_next)->state, SLOT_EMPTY, memory_order_relaxed);
  p->c_next++;
  if ((p->c_next & (p->batch - 1)) == 0)
    publish_consumed(p, false);
}

/* --- start and finish --- */

static void free_slots(struct row_pipe *p)
{
  for (size_t i = 0; i < p->capacity; i++)
    row_release(&p->slots[i].row);
  free(p->slots);
  p->slots = NULL;
}

static bool is_power_of_two(size_t n)
{
  return n && !(n & (n - 1));
}

int row_pipe_start(struct row_pipe *p, size_t capacity, size_t batch,
                   const struct row_pipe_stages *stages)
{
  if (!is_power_of_two(capacity) || !is_power_of_two(batch) || batch > capacity)
    return CSP_E_USAGE;
  *p = (struct row_pipe){.capacity = capacity, .batch = batch, .stages = *stages};
  p->slots = calloc(capacity, sizeof(*p->slots));
  if (!p->slots)
    return CSP_E_NOMEM;
  for (size_t i = 0; i < capacity; i++) {
    atomic_init(&p->slots[i].state, SLOT_EMPTY);
    row_init(&p->slots[i].row);
  }
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->changed, NULL);
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  p->started = pthread_create(&p->thread, NULL, produce_all, p) == 0;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (p->started)
    return CSP_E_OK;
  pthread_cond_destroy(&p->changed);
  pthread_mutex_destroy(&p->mu);
  free_slots(p);
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
  free_slots(p);
  return p->rc;
}
