/* The summary page's "Top reasons" section (html_page.h): one table row per reason, most
 * rows first, with its statuses and how to fix it, and its first rows behind a <details>;
 * reasons past CSP_SUMMARY_SHOWN_REASONS only by name and count. */
#ifndef CSP_HTML_REASONS_H
#define CSP_HTML_REASONS_H

#include <stdio.h>

#include "report/summary_model.h"

/* Writes the section. Returns 0 or CSP_E_NOMEM. */
int html_reasons(FILE *out, const struct summary_model *m);

#endif
