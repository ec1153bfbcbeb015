/* The progress line (SPEC §3 --progress): on a terminal, one line on stderr redrawn a few
 * times a second — rows finished of the rows the file holds (estimated from the rows read and
 * the share of the bytes read), rows/s, ETA, 429s seen. The ETA comes from the rows still to
 * finish: at the requests per row so far and the rate budget (a run), never sooner than the
 * rows/s seen. Off when stderr is not a terminal unless asked for, and always off with
 * --quiet. */
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
/* Where the run stands. */
struct progress_sample {
  long long rows_done;               /* rows finished (reported) */
  long long rows_read;               /* rows read so far */
  long long bytes_done, bytes_total; /* of the input; total 0: unknown */
  long long requests;                /* sent so far (0 in a dry run) */
  double rate_per_s;                 /* the request budget; 0: none (a dry run) */
  long long throttled;
};

/* Redraws when at least PROGRESS_INTERVAL_MS passed since the last draw. */
void progress_update(struct progress *p, long long now_ms, const struct progress_sample *s);
/* Clears the line before the summary is printed. */
void progress_finish(struct progress *p);
/* Formats the line (without control characters) into buf: exposed for tests. */
void progress_format(char *buf, size_t cap, long long elapsed_ms, const struct progress_sample *s);

#endif
