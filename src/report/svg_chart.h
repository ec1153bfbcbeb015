/* The summary page's chart of statuses per market: one horizontal bar per market, split into
 * its statuses (status_style.h fills), the largest markets first. Inline SVG, no script. */
#ifndef CSP_SVG_CHART_H
#define CSP_SVG_CHART_H

#include <stdio.h>

#include "report/summary_model.h"

/* Markets drawn as bars of their own; the rest share one "other markets" bar. */
#define SVG_CHART_MARKETS 15

/* The markets that have rows, largest first (then by name), as market indexes into
 * *count entries of an array the caller frees; NULL when memory is out. */
int *svg_chart_markets(const struct summary_model *m, int *count);
/* Writes the chart. Returns 0 or CSP_E_NOMEM. */
int svg_market_chart(FILE *out, const struct summary_model *m);

#endif
