/* The summary page's timeline of a run's requests: requests started per bucket as bars above
 * the axis, 429 answers as hatched bars below it, retries as diamonds, over the run's time
 * (request_timeline.h's buckets). Inline SVG, no script. */
#ifndef CSP_SVG_TIMELINE_H
#define CSP_SVG_TIMELINE_H

#include <stdio.h>

#include "base/request_timeline.h"

/* Writes the chart of t (nothing when no bucket is used). */
void svg_timeline_chart(FILE *out, const struct request_timeline *t);

#endif
