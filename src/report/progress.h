/* The progress line (SPEC §3 --progress): on a terminal, one line on stderr redrawn a few
 * times a second — rows done, share of the input read, rows/s, ETA, 429s seen. Off when
 * stderr is not a terminal unless asked for, and always off with --quiet. */
#ifndef CSP_PROGRESS_H
#define CSP_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

struct progress {
  bool enabled;
  FILE *out; /* borrowed */
  long long started_ms;
  long long last_draw_ms;
  bool drawn; /* a line is on screen (to be cleared) */
};

/* mode: -1 off, 0 auto (on when out is a terminal), 1 on. */
void progress_init(struct progress *p, int mode, FILE *out, long long now_ms);
/* Redraws when at least PROGRESS_INTERVAL_MS passed since the last draw. */
void progress_update(struct progress *p, long long now_ms, long long rows, long long bytes_done,
                     long long bytes_total, long long throttled);
/* Clears the line before the summary is printed. */
void progress_finish(struct progress *p);
/* Formats the line (without control characters) into buf: exposed for tests. */
void progress_format(char *buf, size_t cap, long long elapsed_ms, long long rows,
                     long long bytes_done, long long bytes_total, long long throttled);

#endif
