/* The bounded row pool between reading and reporting: a ring of rows in input order. The
 * reader takes the next free slot, the reporter releases from the front once the front row
 * is final, so at most CSP_ROW_WINDOW rows exist however long the file is, and a slow row
 * holds back reading (back-pressure) instead of growing memory. */
#ifndef CSP_ROW_WINDOW_H
#define CSP_ROW_WINDOW_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline/row.h"

struct row_window {
  struct row *rows; /* capacity slots, each row_init'ed once and reused */
  size_t capacity;
  size_t head;  /* index of the oldest row */
  size_t count; /* rows in use */
};

/* Allocates capacity rows. Returns 0 or CSP_E_NOMEM. */
int row_window_init(struct row_window *w, size_t capacity);
void row_window_release(struct row_window *w);

bool row_window_full(const struct row_window *w);
/* The next free slot, now in use (the caller fills it) — NULL when full. */
struct row *row_window_push(struct row_window *w);
/* Gives back the most recent push (a read that found the end of the file). */
void row_window_unpush(struct row_window *w);
/* The oldest row in use, or NULL when empty. */
struct row *row_window_front(struct row_window *w);
/* Releases the oldest row. */
void row_window_pop(struct row_window *w);

#endif
