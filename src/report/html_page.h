/* The summary page: one self-contained HTML file (inline CSS and SVG, no script, no network)
 * that a run or validation writes beside its report and `csponboard summary` draws again
 * later. It shows the rows per status, a chart of statuses per market, the top reasons with
 * their first rows and how to fix them, invitations sent and accepted, the requests over
 * time, and the run's settings and exit code. Every text from a report or a journal is
 * escaped (html_escape.h); nothing else is read, so no secret can reach the page. */
#ifndef CSP_HTML_PAGE_H
#define CSP_HTML_PAGE_H

#include <stdio.h>

#include "journal/run_record.h"
#include "report/summary_model.h"

/* What a page is drawn from; every pointer borrowed for the call. */
struct html_page {
  const struct summary_model *model; /* the report's rows */
  const struct run_record *run;      /* the run's record; unknown fields are left out */
  const char *report;                /* the report's path, as shown */
  const char *exit_meaning;          /* what the run's exit code means, or NULL */
};

/* Writes the page to out. Returns 0, CSP_E_NOMEM, or CSP_E_IO when out failed. */
int html_page_write(FILE *out, const struct html_page *page);
/* Writes the page to path through path.part and a rename. Returns 0, CSP_E_NOMEM or CSP_E_IO
 * (logged with the path). */
int html_page_save(const struct html_page *page, const char *path);

#endif
