/* Statuses per market as stacked bars (svg_chart.h). Every bar is scaled to the largest
 * market, every segment has a <title> naming the market, the status and the count, and the
 * total is written at the bar's end, so the chart reads without colour and without a pointer.
 * Coordinates are in a fixed 760-unit-wide viewBox that the page scales to its width. */
#include "report/svg_chart.h"

#include <stdlib.h>

#include "base/errors.h"
#include "report/html_escape.h"
#include "report/status_style.h"

#define LABEL_W 120
#define BAR_W 560
#define BAR_H 22
#define ROW_H 32
#define TOP 8

static long long market_total(const struct summary_model *m, int market)
{
  long long n = 0;
  for (int st = 0; st < ROW_STATUS_COUNT; st++)
    n += m->by_market[market][st];
  return n;
}

static bool larger(const struct summary_model *m, int a, int b)
{
  long long ta = market_total(m, a), tb = market_total(m, b);
  return ta != tb ? ta > tb : a < b;
}

int *svg_chart_markets(const struct summary_model *m, int *count)
{
  int *order = malloc(CSP_SUMMARY_MARKETS * sizeof(*order));
  *count = 0;
  if (!order)
    return NULL;
  for (int i = 0; i < CSP_SUMMARY_MARKETS; i++) {
    if (!market_total(m, i))
      continue;
    int j = (*count)++;
    for (; j > 0 && larger(m, i, order[j - 1]); j--) /* insertion sort: a few hundred at most */
      order[j] = order[j - 1];
    order[j] = i;
  }
  return order;
}

/* One bar: counts[st] per status, label already escaped-safe text. */
static void bar(FILE *out, int y, const char *label, const long long *counts, long long scale)
{
  long long total = 0;
  fprintf(out, "<g class=\"bar\"><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL_W - 8,
          y + BAR_H / 2 + 5);
  html_escape(out, label);
  fputs("</text>", out);
  double x = LABEL_W;
  for (size_t i = 0; i < sizeof(status_style_order) / sizeof(status_style_order[0]); i++) {
    enum row_status st = status_style_order[i];
    if (!counts[st])
      continue;
    double w = (double)counts[st] * BAR_W / (double)scale;
    fprintf(out,
            "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\" stroke=\"#fff\" "
            "stroke-width=\"0.5\"><title>",
            x, y, w, BAR_H, status_fill(st));
    html_escape(out, label);
    fprintf(out, ": %s %lld</title></rect>", status_label(st), counts[st]);
    x += w;
    total += counts[st];
  }
  fprintf(out, "<text x=\"%.2f\" y=\"%d\" class=\"total\">%lld</text></g>\n", x + 6,
          y + BAR_H / 2 + 5, total);
}

int svg_market_chart(FILE *out, const struct summary_model *m)
{
  int n = 0;
  int *order = svg_chart_markets(m, &n);
  if (!order)
    return CSP_E_NOMEM;
  int shown = n > SVG_CHART_MARKETS ? SVG_CHART_MARKETS : n;
  long long others[ROW_STATUS_COUNT] = {0};
  for (int i = shown; i < n; i++)
    for (int st = 0; st < ROW_STATUS_COUNT; st++)
      others[st] += m->by_market[order[i]][st];
  int bars = shown + (n > shown ? 1 : 0);
  long long scale = n ? market_total(m, order[0]) : 1;
  long long other_total = 0;
  for (int st = 0; st < ROW_STATUS_COUNT; st++)
    other_total += others[st];
  if (other_total > scale)
    scale = other_total;
  fprintf(out,
          "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"markets-t\">"
          "<title id=\"markets-t\">Rows per market and status</title>\n",
          LABEL_W + BAR_W + 80, TOP * 2 + bars * ROW_H);
  for (int i = 0; i < shown; i++) {
    char name[3];
    summary_market_name(order[i], name);
    bar(out, TOP + i * ROW_H, *name ? name : "no country", m->by_market[order[i]], scale);
  }
  if (n > shown) {
    char label[48];
    snprintf(label, sizeof(label), "%d more", n - shown);
    bar(out, TOP + shown * ROW_H, label, others, scale);
  }
  fputs("</svg>\n", out);
  free(order);
  return 0;
}
