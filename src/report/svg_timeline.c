/* Drawing a request timeline (svg_timeline.h). The vertical scale is shared by requests
 * (up) and 429s (down) so their sizes compare; retries, usually far fewer, are marked by a
 * diamond whose height follows the same scale. Axis labels are seconds from the first
 * bucket, at most six of them. */
#include "report/svg_timeline.h"

#define LEFT 56
#define PLOT_W 680
#define UP_H 150
#define DOWN_H 60
#define TOP 14
#define AXIS_Y (TOP + UP_H)

static long long peak(const struct request_timeline *t)
{
  long long max = 1;
  for (int i = 0; i < t->used; i++)
    for (int e = 0; e < REQUEST_EVENT_COUNT; e++)
      if (t->bucket[i].count[e] > max)
        max = t->bucket[i].count[e];
  return max;
}

static void axis(FILE *out, const struct request_timeline *t, long long max)
{
  fprintf(out,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%lld</text>"
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>"
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"note\">429</text>",
          LEFT, AXIS_Y, LEFT + PLOT_W, AXIS_Y, LEFT - 6, TOP + 10, max, LEFT - 6, AXIS_Y + 4,
          LEFT - 6, AXIS_Y + 24);
  int ticks = t->used < 6 ? t->used : 6;
  for (int k = 0; k <= ticks; k++) {
    int bucket = ticks ? k * t->used / ticks : 0;
    double x = LEFT + (double)bucket * PLOT_W / t->used;
    fprintf(out,
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>"
            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%lld s</text>",
            x, AXIS_Y, x, AXIS_Y + 5, x, AXIS_Y + DOWN_H + 16,
            (long long)bucket * t->width_ms / 1000);
  }
}

static void bucket_marks(FILE *out, const struct request_timeline *t, int i, long long max)
{
  const long long *n = t->bucket[i].count;
  double w = (double)PLOT_W / t->used, x = LEFT + i * w;
  long long from_s = (long long)i * t->width_ms / 1000;
  double up = (double)n[REQUEST_STARTED] * UP_H / (double)max;
  double down = (double)n[REQUEST_THROTTLED] * UP_H / (double)max;
  if (down > DOWN_H)
    down = DOWN_H;
  fprintf(out, "<g><title>from %lld s: %lld requests, %lld answered 429, %lld retried</title>",
          from_s, n[REQUEST_STARTED], n[REQUEST_THROTTLED], n[REQUEST_RETRIED]);
  if (n[REQUEST_STARTED])
    fprintf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" class=\"req\"/>",
            x + w * 0.1, AXIS_Y - up, w * 0.8, up);
  if (n[REQUEST_THROTTLED])
    fprintf(out,
            "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%.2f\" fill=\"url(#tl-429)\" "
            "stroke=\"#8b1a1a\"/>",
            x + w * 0.1, AXIS_Y, w * 0.8, down);
  if (n[REQUEST_RETRIED]) {
    double cy = AXIS_Y - (double)n[REQUEST_RETRIED] * UP_H / (double)max, cx = x + w / 2;
    fprintf(out, "<path d=\"M%.2f %.2fl4 4l-4 4l-4 -4z\" class=\"retry\"/>", cx, cy - 4);
  }
  fputs("</g>\n", out);
}

void svg_timeline_chart(FILE *out, const struct request_timeline *t)
{
  if (t->used == 0)
    return;
  long long max = peak(t);
  fprintf(out,
          "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"tl-t\">"
          "<title id=\"tl-t\">Requests, 429 answers and retries per %lld s</title>"
          "<defs><pattern id=\"tl-429\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
          "<rect width=\"6\" height=\"6\" fill=\"#f3c4c4\"/>"
          "<path d=\"M0 6L6 0\" stroke=\"#8b1a1a\" stroke-width=\"1.4\"/></pattern></defs>\n",
          LEFT + PLOT_W + 20, AXIS_Y + DOWN_H + 24, t->width_ms / 1000);
  fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f7f0f0\"/>\n", LEFT,
          AXIS_Y, PLOT_W, DOWN_H); /* where 429s are drawn */
  for (int i = 0; i < t->used; i++)
    bucket_marks(out, t, i, max);
  axis(out, t, max);
  fputs("</svg>\n", out);
}
