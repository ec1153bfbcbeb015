/* The two kinds of row feed behind row_feed.h: a window filled on the driver's thread, or a
 * row pipe filled by a helper thread. */
#include "pipeline/row_feed.h"

#include <stdlib.h>

#include "base/errors.h"
#include "pipeline/row_window.h"

struct row_feed {
  struct row_pipe_stages stages;
  bool threaded;
  /* inline */
  struct row_window window;
  /* threaded */
  struct row_pipe pipe;
  struct row *holding; /* the row taken from the pipe, until released */
  row_feed_warm warm;
  size_t taken, warmed; /* rows taken; rows up to which warm has run */
};

int row_feed_open_inline(const struct row_pipe_stages *stages, size_t window, struct row_feed **out)
{
  struct row_feed *f = calloc(1, sizeof(*f));
  *out = NULL;
  if (!f)
    return CSP_E_NOMEM;
  f->stages = *stages;
  if (row_window_init(&f->window, window)) {
    free(f);
    return CSP_E_NOMEM;
  }
  *out = f;
  return CSP_E_OK;
}

int row_feed_open_threaded(const struct row_pipe_stages *stages, size_t capacity, size_t batch,
                           row_feed_warm warm, struct row_feed **out)
{
  struct row_feed *f = calloc(1, sizeof(*f));
  *out = NULL;
  if (!f)
    return CSP_E_NOMEM;
  f->stages = *stages;
  f->threaded = true;
  f->warm = warm;
  int rc = row_pipe_init(&f->pipe, capacity, batch, &f->stages);
  if (rc) {
    free(f);
    return rc;
  }
  *out = f;
  return CSP_E_OK;
}

bool row_feed_has_room(const struct row_feed *f)
{
  return f->threaded ? f->holding == NULL : !row_window_full(&f->window);
}

static int next_inline(struct row_feed *f, struct row **out)
{
  struct row *row = row_window_push(&f->window);
  bool eof = false;
  int rc = f->stages.produce(f->stages.ctx, row, &eof);
  if (rc || eof) {
    row_window_unpush(&f->window);
    return rc;
  }
  if (f->stages.complete)
    f->stages.complete(f->stages.ctx, f->stages.consumer_scratch, row);
  *out = row;
  return CSP_E_OK;
}

/* Runs warm over the rows ready from the front on, once the previous lot has been taken. */
static void warm_ahead(struct row_feed *f)
{
  if (!f->warm || f->taken < f->warmed)
    return;
  size_t ready = row_pipe_ready(&f->pipe);
  for (size_t i = 0; i < ready; i++)
    f->warm(f->stages.ctx, row_pipe_peek(&f->pipe, i));
  f->warmed = f->taken + ready;
}

int row_feed_next(struct row_feed *f, struct row **row)
{
  *row = NULL;
  if (!f->threaded)
    return next_inline(f, row);
  f->holding = row_pipe_front(&f->pipe);
  if (f->holding) {
    warm_ahead(f);
    f->taken++;
  }
  *row = f->holding;
  return CSP_E_OK;
}

struct row *row_feed_front(struct row_feed *f)
{
  return f->threaded ? f->holding : row_window_front(&f->window);
}

void row_feed_release(struct row_feed *f)
{
  if (!f->threaded) {
    row_window_pop(&f->window);
  } else if (f->holding) {
    row_pipe_release(&f->pipe);
    f->holding = NULL;
  }
}

size_t row_feed_held(const struct row_feed *f)
{
  return f->threaded ? (f->holding != NULL) : f->window.count;
}

int row_feed_close(struct row_feed *f)
{
  if (!f)
    return CSP_E_OK;
  int rc = CSP_E_OK;
  if (f->threaded)
    rc = row_pipe_finish(&f->pipe);
  else
    row_window_release(&f->window);
  free(f);
  return rc;
}
