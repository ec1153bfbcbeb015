/* How the summary page draws each report status: a label, a colour and an SVG fill pattern,
 * so that statuses stay apart in print and for readers who do not see the colours (each
 * pattern differs, and every chart also names its statuses in text). */
#ifndef CSP_STATUS_STYLE_H
#define CSP_STATUS_STYLE_H

#include <stdio.h>

#include "base/errors.h"

/* The statuses in the order the page lists them (successes first, then the problems). */
extern const enum row_status status_style_order[ROW_STATUS_COUNT - 1];

/* A reader's name for the status ("Not attempted"). */
const char *status_label(enum row_status st);
/* The fill of a shape of that status: "url(#st-created)". */
const char *status_fill(enum row_status st);

/* An invisible <svg> holding every status pattern, which any SVG of the page may use. */
void status_style_defs(FILE *out);
/* A small square of the status's fill, as inline SVG (a legend entry's key). */
void status_swatch(FILE *out, enum row_status st);

#endif
