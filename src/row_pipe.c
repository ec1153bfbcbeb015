/* The producer/consumer ring behind row_pipe.h. Each side works on its own position without
 * locking and publishes it every `batch` rows (and whenever it must wait), so the mutex is
 * taken a few times per batch, not per row. The producer thread starts with every signal
 * blocked: SIGINT/SIGTERM stay with the main thread, which polls for them between rows. */
#include "row_pipe.h"

#include <signal.h>
#include <stdlib.h>

#include "errors.h"

/* Producer side: publishes its position and returns once the ring has a free slot (true) or
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

static void *produce_all(void *arg)
{
  struct row_pipe *p = arg;
  int rc = CSP_E_OK;
  for (;;) {
    if (p->p_next - p->p_seen_consumed == p->capacity && !wait_for_room(p, false))
      break;
    bool eof = false;
    rc = p->produce(p->ctx, &p->rows[p->p_next % p->capacity], &eof);
    if (rc || eof)
      break;
    p->p_next++;
    if (p->p_next % p->batch == 0 && !wait_for_room(p, true))
      break;
  }
  pthread_mutex_lock(&p->mu);
  p->produced = p->p_next;
  p->done = true;
  p->rc = rc;
  pthread_cond_broadcast(&p->changed);
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* Consumer side: publishes its position and waits until a row is ready or none will come. */
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

struct row *row_pipe_front(struct row_pipe *p)
{
  if (p->c_next == p->c_seen_produced)
    publish_consumed(p, true);
  if (p->c_next == p->c_seen_produced)
    return NULL;
  return &p->rows[p->c_next % p->capacity];
}

void row_pipe_release(struct row_pipe *p)
{
  p->c_next++;
  if (p->c_next % p->batch == 0)
    publish_consumed(p, false);
}

static void free_rows(struct row_pipe *p)
{
  for (size_t i = 0; i < p->capacity; i++)
    row_release(&p->rows[i]);
  free(p->rows);
  p->rows = NULL;
}

int row_pipe_start(struct row_pipe *p, size_t capacity, size_t batch, row_pipe_produce produce,
                   void *ctx)
{
  *p = (struct row_pipe){.capacity = capacity, .batch = batch, .produce = produce, .ctx = ctx};
  p->rows = calloc(capacity, sizeof(*p->rows));
  if (!p->rows)
    return CSP_E_NOMEM;
  for (size_t i = 0; i < capacity; i++)
    row_init(&p->rows[i]);
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
