/* Ring buffer behind row_window.h. Rows keep their arenas between uses, so once the window
 * has cycled the pipeline allocates nothing per row. */
#include "pipeline/row_window.h"

#include <stdlib.h>

#include "base/errors.h"

int row_window_init(struct row_window *w, size_t capacity)
{
  w->rows = calloc(capacity, sizeof(*w->rows));
  if (!w->rows)
    return CSP_E_NOMEM;
  for (size_t i = 0; i < capacity; i++)
    row_init(&w->rows[i]);
  w->capacity = capacity;
  w->head = w->count = 0;
  return CSP_E_OK;
}

void row_window_release(struct row_window *w)
{
  for (size_t i = 0; i < w->capacity; i++)
    row_release(&w->rows[i]);
  free(w->rows);
  w->rows = NULL;
  w->capacity = w->count = 0;
}

bool row_window_full(const struct row_window *w)
{
  return w->count == w->capacity;
}

struct row *row_window_push(struct row_window *w)
{
  if (row_window_full(w))
    return NULL;
  struct row *row = &w->rows[(w->head + w->count) % w->capacity];
  w->count++;
  return row;
}

void row_window_unpush(struct row_window *w)
{
  if (w->count)
    w->count--;
}

struct row *row_window_front(struct row_window *w)
{
  return w->count ? &w->rows[w->head] : NULL;
}

void row_window_pop(struct row_window *w)
{
  if (!w->count)
    return;
  w->head = (w->head + 1) % w->capacity;
  w->count--;
}
