/* Drawing a request timeline (svg_timeline.h). Two lanes share the time axis: above it,
 * requests started per bucket (solid bars, scaled to the busiest bucket); below it, on a
 * scale of their own so that a few stand out, 429 answers (hatched, left half of a bucket)
 * and retries (dotted, right half). Each lane's largest value labels its end of the axis;
 * time labels are seconds from the first bucket, at most six of them. */
#include "report/svg_timeline.h"

#define LEFT 56
#define PLOT_W 680
#define UP_H 150
#define DOWN_H 60
#define TOP 14
#define AXIS_Y (TOP + UP_H)

static long long peak(const struct request_timeline *t, enum request_event a, enum request_event b)
{
  long long max = 1;
  for (int i = 0; i < t->used; i++) {
    const long long *n = t->bucket[i].count;
    if (n[a] > max)
      max = n[a];
    if (n[b] > max)
      max = n[b];
  }
  return max;
}

static void axis(FILE *out, const struct request_timeline *t, long long up_max, long long down_max)
{
  fprintf(out,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%lld</text>"
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>"
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%lld</text>",
          LEFT, AXIS_Y, LEFT + PLOT_W, AXIS_Y, LEFT - 6, TOP + 10, up_max, LEFT - 6, AXIS_Y + 4,
          LEFT - 6, AXIS_Y + DOWN_H, down_max);
  int ticks = t->used < 6 ? t->used : 6;
  for (int k = 0; k <= ticks; k++) {
    int bucket = ticks ? k * t->used / ticks : 0;
    double x = LEFT + (double)bucket * PLOT_W / t->used;
    fprintf(out,
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>"
            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%lld s</text>",
            x, AXIS_Y + DOWN_H, x, AXIS_Y + DOWN_H + 5, x, AXIS_Y + DOWN_H + 18,
            (long long)bucket * t->width_ms / 1000);
  }
}

/* A bar hanging below the axis, its height on the lower lane's scale. */
static void down_bar(FILE *out, double x, double w, long long n, long long max, const char *fill)
{
  if (n)
    fprintf(out,
            "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" "
            "stroke=\"#5a1010\" stroke-width=\"0.6\"/>",
            x, AXIS_Y, w, (double)n * DOWN_H / (double)max, fill);
}

static void bucket_marks(FILE *out, const struct request_timeline *t, int i, long long up_max,
                         long long down_max)
{
  const long long *n = t->bucket[i].count;
  double w = (double)PLOT_W / t->used, x = LEFT + i * w;
  fprintf(out, "<g><title>from %lld s: %lld requests, %lld answered 429, %lld retried</title>",
          (long long)i * t->width_ms / 1000, n[REQUEST_STARTED], n[REQUEST_THROTTLED],
          n[REQUEST_RETRIED]);
  if (n[REQUEST_STARTED]) {
    double up = (double)n[REQUEST_STARTED] * UP_H / (double)up_max;
    fprintf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" class=\"req\"/>",
            x + w * 0.1, AXIS_Y - up, w * 0.8, up);
  }
  down_bar(out, x + w * 0.1, w * 0.4, n[REQUEST_THROTTLED], down_max, "url(#tl-429)");
  down_bar(out, x + w * 0.5, w * 0.4, n[REQUEST_RETRIED], down_max, "url(#tl-retry)");
  fputs("</g>\n", out);
}

void svg_timeline_chart(FILE *out, const struct request_timeline *t)
{
  if (t->used == 0)
    return;
  long long up_max = peak(t, REQUEST_STARTED, REQUEST_STARTED);
  long long down_max = peak(t, REQUEST_THROTTLED, REQUEST_RETRIED);
  fprintf(out,
          "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"tl-t\">"
          "<title id=\"tl-t\">Requests, 429 answers and retries per %lld s</title>"
          "<defs><pattern id=\"tl-429\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
          "<rect width=\"6\" height=\"6\" fill=\"#f3c4c4\"/>"
          "<path d=\"M0 6L6 0\" stroke=\"#8b1a1a\" stroke-width=\"1.4\"/></pattern>"
          "<pattern id=\"tl-retry\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
          "<rect width=\"5\" height=\"5\" fill=\"#fff\"/>"
          "<circle cx=\"2.5\" cy=\"2.5\" r=\"1.1\" fill=\"#333\"/></pattern></defs>\n"
          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f7f3f3\"/>\n",
          LEFT + PLOT_W + 20, AXIS_Y + DOWN_H + 26, t->width_ms / 1000, LEFT, AXIS_Y, PLOT_W,
          DOWN_H);
  for (int i = 0; i < t->used; i++)
    bucket_marks(out, t, i, up_max, down_max);
  axis(out, t, up_max, down_max);
  fputs("</svg>\n", out);
}
