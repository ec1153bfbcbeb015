/* The reasons section of the summary page (html_reasons.h). Each reason is a <tbody> of its
 * own (data-reason names it, for tests and scripts): its title — the message errors.h gives
 * a reason code, or the column a "field:code" names — its count per status, the hint of
 * reason_hints.c, and the table of its first rows, closed until the reader opens it. Every
 * text from the report goes through html_escape. */
#include "report/html_reasons.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/errors.h"
#include "report/html_escape.h"
#include "report/reason_hints.h"
#include "report/status_style.h"

#define NSTATUSES (sizeof(status_style_order) / sizeof(status_style_order[0]))

/* The reason's title: the message of errors.h for a reason code, "field: code" for a rule. */
static void reason_title(FILE *out, const char *key)
{
  fputs("<code>", out);
  html_escape(out, key);
  fputs("</code>", out);
  for (int r = 1; r < REASON_COUNT; r++)
    if (!strcmp(key, row_reason_name((enum row_reason)r))) {
      fputs("<br><span class=\"note\">", out);
      html_escape(out, row_reason_message((enum row_reason)r));
      fputs("</span>", out);
    }
  const char *colon = strchr(key, ':');
  if (colon)
    fprintf(out, "<br><span class=\"note\">the %.*s column breaks a rule (%s)</span>",
            (int)(colon - key), key, colon + 1);
}

static void reason_statuses(FILE *out, const struct summary_reason *r)
{
  bool first = true;
  for (size_t i = 0; i < NSTATUSES; i++) {
    enum row_status st = status_style_order[i];
    if (!r->by_status[st])
      continue;
    fprintf(out, "%s%s %lld", first ? "" : "<br>", status_label(st), r->by_status[st]);
    first = false;
  }
}

static void reason_rows(FILE *out, const struct summary_reason *r)
{
  fprintf(out,
          "<tr class=\"rows\"><td colspan=\"4\"><details><summary>%s%zu row%s</summary>\n"
          "<table class=\"sample\"><colgroup><col class=\"row\"><col class=\"company\"><col>"
          "</colgroup><thead><tr><th scope=\"col\">Row</th>"
          "<th scope=\"col\">Company</th><th scope=\"col\">Message</th></tr></thead><tbody>\n",
          (long long)r->nsamples < r->rows ? "The first " : "The ", r->nsamples,
          r->nsamples == 1 ? "" : "s");
  for (size_t k = 0; k < r->nsamples; k++) {
    fprintf(out, "<tr><td class=\"n row\">%lld</td><td class=\"company\">", r->samples[k].row);
    html_escape(out, r->samples[k].company);
    fputs("</td><td class=\"message\">", out);
    html_escape(out, r->samples[k].message);
    fputs("</td></tr>\n", out);
  }
  fputs("</tbody></table></details></td></tr>\n", out);
}

static void reason_block(FILE *out, const struct summary_reason *r)
{
  const char *hint = reason_hint(r->key);
  fputs("<tbody data-reason=\"", out);
  html_escape(out, r->key);
  fputs("\"><tr><th scope=\"row\">", out);
  reason_title(out, r->key);
  fprintf(out, "</th><td class=\"n count\">%lld</td><td>", r->rows);
  reason_statuses(out, r);
  fputs("</td><td class=\"hint\">", out);
  html_escape(out, hint ? hint : "See the message of each row.");
  fputs("</td></tr>\n", out);
  reason_rows(out, r);
  fputs("</tbody>\n", out);
}

static void more_reasons(FILE *out, const struct summary_model *m, const size_t *order, size_t n)
{
  fprintf(out,
          "<details><summary>%zu more reasons</summary>\n<table id=\"more-reasons\"><thead><tr>"
          "<th scope=\"col\">Reason</th><th scope=\"col\" class=\"n\">Rows</th></tr></thead>"
          "<tbody>\n",
          n - CSP_SUMMARY_SHOWN_REASONS);
  for (size_t i = CSP_SUMMARY_SHOWN_REASONS; i < n; i++) {
    fputs("<tr><td><code>", out);
    html_escape(out, m->reasons[order[i]].key);
    fprintf(out, "</code></td><td class=\"n\">%lld</td></tr>\n", m->reasons[order[i]].rows);
  }
  fputs("</tbody></table></details>\n", out);
}

int html_reasons(FILE *out, const struct summary_model *m)
{
  size_t n = 0;
  size_t *order = summary_model_ranked_reasons(m, &n);
  if (!order)
    return CSP_E_NOMEM;
  fputs("<section aria-labelledby=\"reasons-h\">\n<h2 id=\"reasons-h\">Top reasons</h2>\n", out);
  if (!n) {
    fputs("<p id=\"no-reasons\">No row has a reason: every row went through as planned.</p>\n",
          out);
  } else {
    fputs("<p class=\"note\">A row that breaks several rules counts under each of them. Open "
          "a reason to see its first rows; the report has them all.</p>\n"
          "<table class=\"reasons\"><colgroup><col class=\"reason\"><col class=\"rows\">"
          "<col class=\"status\"><col></colgroup><thead><tr><th scope=\"col\">Reason</th>"
          "<th scope=\"col\" class=\"n\">Rows</th><th scope=\"col\">Status</th>"
          "<th scope=\"col\">How to fix</th></tr></thead>\n",
          out);
    for (size_t i = 0; i < n && i < CSP_SUMMARY_SHOWN_REASONS; i++)
      reason_block(out, &m->reasons[order[i]]);
    fputs("</table>\n", out);
    if (n > CSP_SUMMARY_SHOWN_REASONS)
      more_reasons(out, m, order, n);
  }
  fputs("</section>\n", out);
  free(order);
  return 0;
}
