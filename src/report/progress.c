/* Drawing the progress line. How many rows the file holds comes from the share of the input
 * bytes read (a streamed file offers no other measure without reading it twice); how far the
 * run is, from the rows finished; how long it still takes, from the rate budget. */
#include "report/progress.h"

#include <unistd.h>

#define PROGRESS_INTERVAL_MS 250

void progress_init(struct progress *p, int mode, FILE *out, long long now_ms)
{
  p->out = out;
  p->enabled = mode > 0 || (mode == 0 && isatty(fileno(out)));
  p->started_ms = now_ms;
  p->last_draw_ms = 0;
  p->drawn = false;
}

/* Rows in the file: those read, scaled by the share of the bytes read; 0 when unknown. */
static double rows_total(const struct progress_sample *s)
{
  if (s->bytes_total <= 0 || s->bytes_done <= 0 || s->rows_read <= 0)
    return 0;
  double total = (double)s->rows_read * (double)s->bytes_total / (double)s->bytes_done;
  return total < (double)s->rows_done ? (double)s->rows_done : total;
}

/* Seconds until the remaining rows are finished: at the requests per finished row so far
 * within the rate budget, and never sooner than at the rows/s seen. */
static double eta_s(const struct progress_sample *s, double remaining, double rows_per_s)
{
  double eta = rows_per_s > 0 ? remaining / rows_per_s : 0;
  if (s->rate_per_s > 0 && s->rows_done > 0 && s->requests > 0) {
    double budget = remaining * ((double)s->requests / (double)s->rows_done) / s->rate_per_s;
    if (budget > eta)
      eta = budget;
  }
  return eta;
}

void progress_format(char *buf, size_t cap, long long elapsed_ms, const struct progress_sample *s)
{
  double secs = (double)elapsed_ms / 1000.0;
  double rate = secs > 0 ? (double)s->rows_done / secs : 0;
  double total = rows_total(s);
  if (total > 0) {
    double remaining = total - (double)s->rows_done;
    snprintf(buf, cap, "%lld of ~%.0f rows (%.0f%%), %.0f rows/s, ETA %.0f s, %lld throttled",
             s->rows_done, total, 100.0 * (double)s->rows_done / total, rate,
             eta_s(s, remaining, rate), s->throttled);
  } else {
    snprintf(buf, cap, "%lld rows, %.0f rows/s, %lld throttled", s->rows_done, rate, s->throttled);
  }
}

void progress_update(struct progress *p, long long now_ms, const struct progress_sample *s)
{
  if (!p->enabled || now_ms - p->last_draw_ms < PROGRESS_INTERVAL_MS)
    return;
  p->last_draw_ms = now_ms;
  char line[160];
  progress_format(line, sizeof(line), now_ms - p->started_ms, s);
  fprintf(p->out, "\r\033[K%s", line);
  fflush(p->out);
  p->drawn = true;
}

void progress_finish(struct progress *p)
{
  if (p->drawn)
    fputs("\r\033[K", p->out);
  p->drawn = false;
}
