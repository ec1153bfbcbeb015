/* Drawing the progress line. The ETA comes from the share of input bytes read, the only
 * measure of "how far" a streamed file offers without reading it twice. */
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

void progress_format(char *buf, size_t cap, long long elapsed_ms, long long rows,
                     long long bytes_done, long long bytes_total, long long throttled)
{
  double secs = (double)elapsed_ms / 1000.0;
  double rate = secs > 0 ? (double)rows / secs : 0;
  if (bytes_total > 0 && bytes_done > 0) {
    double share = (double)bytes_done / (double)bytes_total;
    double eta = share > 0 ? secs * (1 - share) / share : 0;
    snprintf(buf, cap, "%lld rows, %.0f%% read, %.0f rows/s, ETA %.0f s, %lld throttled", rows,
             share * 100, rate, eta, throttled);
  } else {
    snprintf(buf, cap, "%lld rows, %.0f rows/s, %lld throttled", rows, rate, throttled);
  }
}

void progress_update(struct progress *p, long long now_ms, long long rows, long long bytes_done,
                     long long bytes_total, long long throttled)
{
  if (!p->enabled || now_ms - p->last_draw_ms < PROGRESS_INTERVAL_MS)
    return;
  p->last_draw_ms = now_ms;
  char line[160];
  progress_format(line, sizeof(line), now_ms - p->started_ms, rows, bytes_done, bytes_total,
                  throttled);
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
