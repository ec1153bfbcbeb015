/* The summary page's document (html_page.h): the head with its inline style and a content
 * security policy that forbids any fetch, then one <section> per part of the story, in the
 * order a reader asks: what happened, where, why not, who accepted, how the API behaved,
 * with which settings. Counts are written as plain integers and times in ISO 8601 UTC, as
 * the report writes them. */
#include "report/html_page.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "base/errors.h"
#include "report/html_escape.h"
#include "report/html_reasons.h"
#include "report/html_style.h"
#include "report/status_style.h"
#include "report/svg_chart.h"
#include "report/svg_timeline.h"

#define NSTATUSES (sizeof(status_style_order) / sizeof(status_style_order[0]))

static void iso_time(long long unix_s, char *out, size_t cap)
{
  time_t t = (time_t)unix_s;
  struct tm tm;
  if (unix_s <= 0 || !gmtime_r(&t, &tm) || !strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm))
    (void)snprintf(out, cap, "not recorded");
}

static void head(FILE *out, const struct html_page *page)
{
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">\n"
        "<meta name=\"generator\" content=\"csponboard " CSP_VERSION "\">\n"
        "<link rel=\"icon\" href=\"data:,\">\n<title>Onboarding summary: ",
        out);
  html_escape(out, page->report);
  fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", html_style_css);
}

static void page_header(FILE *out, const struct html_page *page)
{
  const struct run_record *r = page->run;
  char started[32], finished[32];
  iso_time(r->started_at, started, sizeof(started));
  iso_time(r->finished_at, finished, sizeof(finished));
  fputs("<header class=\"page\">\n<h1>Onboarding summary</h1>\n<p class=\"sub\">Report <code>",
        out);
  html_escape(out, page->report);
  fputs("</code></p>\n<p class=\"sub\">", out);
  if (!strcmp(r->mode, "validate"))
    fputs("Validation (a dry run: nothing was sent to Partner Center)", out);
  else if (*r->mode)
    fputs("Run", out);
  else
    fputs("Drawn from the report alone", out);
  if (r->started_at)
    fprintf(out, " &middot; started <time datetime=\"%s\">%s</time>", started, started);
  if (r->finished_at)
    fprintf(out, " &middot; finished <time datetime=\"%s\">%s</time>", finished, finished);
  if (r->exit_code >= 0)
    fprintf(out, " &middot; exit code <span class=\"exit\" id=\"exit-code\">%d</span>",
            r->exit_code);
  fputs("</p>\n</header>\n", out);
}

static void figure(FILE *out, const char *id, const char *label, long long n, const char *kind)
{
  fprintf(out, "<div class=\"%s\"><dt>%s</dt><dd id=\"%s\">%lld</dd></div>\n", kind, label, id, n);
}

static void glance(FILE *out, const struct summary_model *m)
{
  const long long *s = m->by_status;
  fputs("<section aria-labelledby=\"glance-h\">\n<h2 id=\"glance-h\">At a glance</h2>\n"
        "<dl class=\"figures\">\n",
        out);
  figure(out, "fig-rows", "Rows in the report", m->rows, "");
  if (s[ROW_CREATED] || s[ROW_INVITED] || !(s[ROW_WOULD_CREATE] || s[ROW_WOULD_INVITE])) {
    figure(out, "fig-created", "Customers created", s[ROW_CREATED], "good");
    figure(out, "fig-invited", "Customers invited", s[ROW_INVITED], "good");
  } else {
    figure(out, "fig-would-create", "Would be created", s[ROW_WOULD_CREATE], "good");
    figure(out, "fig-would-invite", "Would be invited", s[ROW_WOULD_INVITE], "good");
  }
  figure(out, "fig-skipped", "Skipped", s[ROW_SKIPPED], "");
  figure(out, "fig-problems", "Need attention", summary_model_problems(m),
         summary_model_problems(m) ? "bad" : "good");
  fputs("</dl>\n</section>\n", out);
}

static void status_row(FILE *out, const struct summary_model *m, enum row_status st)
{
  fprintf(out, "<tr data-status=\"%s\"><th scope=\"row\">", row_status_name(st));
  status_swatch(out, st);
  fprintf(out,
          "%s <code>%s</code></th><td class=\"n count\">%lld</td><td class=\"n\">%lld</td>"
          "<td class=\"n\">%lld</td><td class=\"n\">%.1f%%</td></tr>\n",
          status_label(st), row_status_name(st), m->by_status[st], m->by_action[ACTION_CREATE][st],
          m->by_action[ACTION_INVITE][st],
          m->rows ? 100.0 * (double)m->by_status[st] / (double)m->rows : 0.0);
}

static long long action_total(const struct summary_model *m, enum row_action action)
{
  long long n = 0;
  for (int st = 0; st < ROW_STATUS_COUNT; st++)
    n += m->by_action[action][st];
  return n;
}

static void totals(FILE *out, const struct summary_model *m)
{
  fputs("<section aria-labelledby=\"totals-h\">\n<h2 id=\"totals-h\">Rows by status</h2>\n"
        "<table id=\"totals\"><thead><tr><th scope=\"col\">Status</th>"
        "<th scope=\"col\" class=\"n\">Rows</th><th scope=\"col\" class=\"n\">Creates</th>"
        "<th scope=\"col\" class=\"n\">Invites</th><th scope=\"col\" class=\"n\">Share</th>"
        "</tr></thead>\n<tbody>\n",
        out);
  for (size_t i = 0; i < NSTATUSES; i++)
    if (m->by_status[status_style_order[i]])
      status_row(out, m, status_style_order[i]);
  fprintf(out,
          "</tbody>\n<tfoot><tr><td>All rows</td><td class=\"n\" id=\"total-rows\">%lld</td>"
          "<td class=\"n\">%lld</td><td class=\"n\">%lld</td><td class=\"n\">100%%</td></tr>"
          "</tfoot>\n</table>\n</section>\n",
          m->rows, action_total(m, ACTION_CREATE), action_total(m, ACTION_INVITE));
}

static void legend(FILE *out, const struct summary_model *m)
{
  fputs("<ul class=\"legend\" aria-label=\"Legend\">", out);
  for (size_t i = 0; i < NSTATUSES; i++) {
    enum row_status st = status_style_order[i];
    if (!m->by_status[st])
      continue;
    fputs("<li>", out);
    status_swatch(out, st);
    fprintf(out, "%s</li>", status_label(st));
  }
  fputs("</ul>\n", out);
}

static void market_table(FILE *out, const struct summary_model *m, const int *order, int n)
{
  fprintf(out,
          "<details><summary>The numbers per market (%d)</summary>\n"
          "<table id=\"markets\"><thead><tr><th scope=\"col\">Market</th>",
          n);
  for (size_t i = 0; i < NSTATUSES; i++)
    if (m->by_status[status_style_order[i]])
      fprintf(out, "<th scope=\"col\" class=\"n\">%s</th>", status_label(status_style_order[i]));
  fputs("</tr></thead>\n<tbody>\n", out);
  for (int k = 0; k < n; k++) {
    char name[3];
    summary_market_name(order[k], name);
    fprintf(out, "<tr><th scope=\"row\">%s</th>", *name ? name : "no country");
    for (size_t i = 0; i < NSTATUSES; i++)
      if (m->by_status[status_style_order[i]])
        fprintf(out, "<td class=\"n\">%lld</td>", m->by_market[order[k]][status_style_order[i]]);
    fputs("</tr>\n", out);
  }
  fputs("</tbody></table>\n</details>\n", out);
}

static int markets(FILE *out, const struct summary_model *m)
{
  int n = 0;
  int *order = svg_chart_markets(m, &n);
  if (!order)
    return CSP_E_NOMEM;
  fputs("<section aria-labelledby=\"markets-h\">\n<h2 id=\"markets-h\">Statuses per market</h2>\n",
        out);
  int rc = n ? svg_market_chart(out, m) : 0;
  if (n) {
    legend(out, m);
    market_table(out, m, order, n);
  } else {
    fputs("<p>The report has no rows.</p>\n", out);
  }
  fputs("</section>\n", out);
  free(order);
  return rc;
}

static void invites(FILE *out, const struct summary_model *m, const struct run_record *r)
{
  long long invited = m->by_status[ROW_INVITED], would = m->by_status[ROW_WOULD_INVITE];
  if (!invited && !would && !(r->has_invites && r->invites_done))
    return;
  fputs("<section aria-labelledby=\"invites-h\">\n<h2 id=\"invites-h\">Invitations</h2>\n"
        "<dl class=\"figures\">\n",
        out);
  if (would && !invited)
    figure(out, "inv-would", "Would be invited", would, "");
  else
    figure(out, "inv-report", "Invited in this report", invited, "");
  if (r->has_invites) {
    figure(out, "inv-links", "Invitation links in the journal", r->invites_done, "");
    figure(out, "inv-mailed", "Invitation emails sent", r->invites_mailed, "");
    figure(out, "inv-accepted", "Accepted so far", r->invites_accepted,
           r->invites_accepted ? "good" : "");
  }
  fputs("</dl>\n", out);
  if (r->has_invites)
    fputs("<p class=\"note\">Accepted as last seen by <code>csponboard invites status</code>; run "
          "it again, then <code>csponboard summary</code>, for newer acceptances.</p>\n",
          out);
  else
    fputs("<p class=\"note\">Whether customers have accepted is known once "
          "<code>csponboard invites status</code> has run on the journal.</p>\n",
          out);
  fputs("</section>\n", out);
}

static void request_figures(FILE *out, const struct summary_model *m, const struct run_record *r)
{
  long long created = m->by_status[ROW_CREATED];
  fputs("<dl class=\"figures\">\n", out);
  figure(out, "req-total", "Requests sent", r->requests, "");
  figure(out, "req-429", "Answered 429 (throttled)", r->throttled, r->throttled ? "bad" : "good");
  figure(out, "req-retries", "Retries", r->retries, "");
  fputs("<div><dt>Requests per created customer</dt><dd id=\"req-per-created\">", out);
  if (created)
    fprintf(out, "%.1f", (double)r->requests / (double)created);
  else
    fputs("&ndash;", out);
  fputs("</dd></div>\n</dl>\n", out);
  fprintf(out, "<p class=\"note\">Waited %.1f s in all for the rate limit.</p>\n",
          (double)r->throttle_wait_ms / 1000.0);
}

static void timeline_table(FILE *out, const struct request_timeline *t)
{
  fprintf(out,
          "<details><summary>The numbers per %lld s</summary>\n<table id=\"timeline\"><thead><tr>"
          "<th scope=\"col\" class=\"n\">From (s)</th><th scope=\"col\" class=\"n\">Requests</th>"
          "<th scope=\"col\" class=\"n\">429</th><th scope=\"col\" class=\"n\">Retries</th>"
          "</tr></thead><tbody>\n",
          t->width_ms / 1000);
  for (int i = 0; i < t->used; i++) {
    const long long *n = t->bucket[i].count;
    fprintf(out,
            "<tr><td class=\"n\">%lld</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td>"
            "<td class=\"n\">%lld</td></tr>\n",
            (long long)i * t->width_ms / 1000, n[REQUEST_STARTED], n[REQUEST_THROTTLED],
            n[REQUEST_RETRIED]);
  }
  fputs("</tbody></table></details>\n", out);
}

static void requests(FILE *out, const struct summary_model *m, const struct run_record *r)
{
  fputs("<section aria-labelledby=\"requests-h\">\n<h2 id=\"requests-h\">Requests to Partner "
        "Center</h2>\n",
        out);
  if (!r->has_requests) {
    if (!strcmp(r->mode, "validate"))
      fputs("<p>None: a validation sends nothing.</p>\n", out);
    else
      fputs("<p>Not recorded: the run's journal was not given or holds no record of it.</p>\n",
            out);
    if (m->attempts && m->by_status[ROW_CREATED])
      fprintf(out,
              "<p>The report's attempts column gives %.1f attempts per created customer.</p>\n",
              (double)m->attempts / (double)m->by_status[ROW_CREATED]);
  } else {
    request_figures(out, m, r);
    svg_timeline_chart(out, &r->timeline);
    if (r->timeline.used)
      fputs("<ul class=\"legend\"><li><svg class=\"swatch\" width=\"16\" height=\"16\" "
            "aria-hidden=\"true\"><rect x=\"2\" y=\"2\" width=\"12\" height=\"14\" class=\"req\" "
            "fill=\"#5b7fb8\" stroke=\"#1f3f73\"/></svg>requests started (above the axis)</li>"
            "<li><svg class=\"swatch\" width=\"16\" height=\"16\" aria-hidden=\"true\"><rect "
            "x=\"1\" y=\"1\" width=\"14\" height=\"14\" fill=\"url(#tl-429)\" "
            "stroke=\"#5a1010\"/></svg>429 answers (hatched, below)</li><li><svg "
            "class=\"swatch\" width=\"16\" height=\"16\" aria-hidden=\"true\"><rect x=\"1\" "
            "y=\"1\" width=\"14\" height=\"14\" fill=\"url(#tl-retry)\" stroke=\"#5a1010\"/>"
            "</svg>retries (dotted, below)</li></ul>\n",
            out);
    if (r->timeline.used)
      timeline_table(out, &r->timeline);
  }
  fputs("</section>\n", out);
}

/* One <dt>/<dd> pair; the value escaped, or "not recorded" when empty. */
static void setting(FILE *out, const char *name, const char *value)
{
  fprintf(out, "<dt>%s</dt><dd>", name);
  if (value && *value)
    html_escape(out, value);
  else
    fputs("<span class=\"note\">not recorded</span>", out);
  fputs("</dd>\n", out);
}

static void settings(FILE *out, const struct run_record *r, const char *exit_meaning)
{
  char number[32], partner[128];
  fputs("<section aria-labelledby=\"settings-h\">\n<h2 id=\"settings-h\">Settings and "
        "outcome</h2>\n<dl class=\"settings\">\n",
        out);
  (void)snprintf(partner, sizeof(partner), "%s%s%s%s", r->partner_id, *r->partner_type ? " (" : "",
                 r->partner_type, *r->partner_type ? ")" : "");
  setting(out, "Partner", *r->partner_id ? partner : "");
  setting(out, "Partner market", r->market);
  if (!strcmp(r->mode, "validate") && !r->has_requests) {
    setting(out, "API", "none: the validation was offline");
  } else {
    setting(out, "API", r->api);
    setting(out, "Rate limit", r->rate);
    (void)snprintf(number, sizeof(number), "%d", r->concurrency);
    setting(out, "Requests in flight", r->concurrency ? number : "");
    (void)snprintf(number, sizeof(number), "%d", r->max_attempts);
    setting(out, "Attempts per request", r->max_attempts ? number : "");
  }
  setting(out, "Checks", r->checks);
  if (*r->stopped_because)
    setting(out, "Stopped early", r->stopped_because);
  fputs("<dt>Exit code</dt><dd>", out);
  if (r->exit_code >= 0) {
    fprintf(out, "<span class=\"exit\">%d</span> ", r->exit_code);
    html_escape(out, exit_meaning);
  } else {
    fputs("<span class=\"note\">not recorded</span>", out);
  }
  fputs("</dd>\n</dl>\n</section>\n", out);
}

int html_page_write(FILE *out, const struct html_page *page)
{
  head(out, page);
  status_style_defs(out);
  fputs("<main>\n", out);
  page_header(out, page);
  glance(out, page->model);
  totals(out, page->model);
  int rc = markets(out, page->model);
  if (!rc)
    rc = html_reasons(out, page->model);
  invites(out, page->model, page->run);
  requests(out, page->model, page->run);
  settings(out, page->run, page->exit_meaning);
  fputs("<footer>Written by csponboard " CSP_VERSION ". This page counts the report's rows; the "
        "report CSV lists every one of them.</footer>\n</main>\n</body>\n</html>\n",
        out);
  if (!rc && ferror(out))
    rc = CSP_E_IO;
  return rc;
}

int html_page_save(const struct html_page *page, const char *path)
{
  size_t len = strlen(path) + sizeof(".part");
  char *tmp = malloc(len);
  if (!tmp)
    return CSP_E_NOMEM;
  (void)snprintf(tmp, len, "%s.part", path);
  int rc = CSP_E_IO;
  FILE *f = fopen(tmp, "w");
  if (f) {
    rc = html_page_write(f, page);
    if (fclose(f) && !rc)
      rc = CSP_E_IO;
    if (!rc && rename(tmp, path))
      rc = CSP_E_IO;
  }
  if (rc == CSP_E_IO)
    diag_error("cannot write the summary page %s: %s", path, strerror(errno));
  if (rc)
    (void)remove(tmp);
  free(tmp);
  return rc;
}
