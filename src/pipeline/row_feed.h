/* Where the driver takes its rows from: each row read, mapped, normalized, validated and its
 * identity hashed (the row's own checks, row_pipe_stages' produce and complete steps), in
 * input order, held until the driver releases it (oldest first). Two kinds behind one face:
 *
 *   inline    the checks run on the driver's thread, into a window of rows (row_window.h)
 *             that a run fills while earlier rows wait for their API calls;
 *   threaded  a helper thread reads and both threads validate (row_pipe.h); the driver holds
 *             one row at a time, which suits a dry run, where a row is final once classified.
 *
 * So the driver has one loop whichever kind it reads from. */
#ifndef CSP_ROW_FEED_H
#define CSP_ROW_FEED_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline/row.h"
#include "pipeline/row_pipe.h"

/* Called for rows the threaded feed has ready ahead of the driver, so that what classifying
 * and reporting them will touch can be fetched early (optional). */
typedef void (*row_feed_warm)(void *ctx, const struct row *row);

struct row_feed;

/* An inline feed holding at most window rows. stages->consumer_scratch is the scratch of
 * complete; producer_scratch is unused. Returns 0 or CSP_E_NOMEM. */
int row_feed_open_inline(const struct row_pipe_stages *stages, size_t window,
                         struct row_feed **out);
/* A threaded feed (row_pipe_init's sizes and errors); warm may be NULL. */
int row_feed_open_threaded(const struct row_pipe_stages *stages, size_t capacity, size_t batch,
                           row_feed_warm warm, struct row_feed **out);
/* True when row_feed_next can give a row without a release first. */
bool row_feed_has_room(const struct row_feed *f);
/* The next checked row (*row NULL at the end). Returns 0, or the inline feed's read error (a
 * threaded feed's comes from row_feed_close). Only when row_feed_has_room. */
int row_feed_next(struct row_feed *f, struct row **row);
/* The oldest row taken and not released, or NULL. */
struct row *row_feed_front(struct row_feed *f);
/* Releases the oldest row taken. */
void row_feed_release(struct row_feed *f);
/* Rows taken and not released. */
size_t row_feed_held(const struct row_feed *f);
/* Stops any helper thread and frees the rows. Returns the threaded feed's read error, or 0.
 * NULL does nothing. */
int row_feed_close(struct row_feed *f);

#endif
