/* The summary page written by run and validate (cli_page.h). A run's page is drawn from
 * exactly what `csponboard summary` would read later: the rows counted as they were reported
 * (report/summary_model.h) and the run's record as stored in the journal, so the two pages
 * agree. A validation records nothing; its page takes the settings from the session. */
#include "cli/cli_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "cli/cli.h"
#include "base/diag.h"
#include "base/errors.h"
#include "journal/journal.h"
#include "journal/journal_runs.h"
#include "report/html_page.h"
#include "report/summary_model.h"

int cli_page_begin(struct session *s, struct summary *sum)
{
  if (!cli_page_path(&s->opts, s->page_path, sizeof(s->page_path)))
    return s->opts.no_html ? CSP_E_OK : CSP_E_USAGE;
  sum->page_path = s->page_path;
  sum->model = summary_model_open();
  return sum->model ? CSP_E_OK : CSP_E_NOMEM;
}

bool cli_page_beside_report(const char *report, const char *suffix, char *out, size_t cap)
{
  size_t len = strlen(report);
  const char *slash = strrchr(report, '/');
  const char *dot = strrchr(report, '.');
  if (dot && (!slash || dot > slash) && !strcmp(dot, ".csv"))
    len = (size_t)(dot - report);
  int n = snprintf(out, cap, "%.*s%s", (int)len, report, suffix);
  return n > 0 && (size_t)n < cap;
}

bool cli_page_path(const struct options *opts, char *out, size_t cap)
{
  if (opts->no_html)
    return false;
  if (!opts->html_path)
    return cli_page_beside_report(opts->report_path, ".html", out, cap);
  int n = snprintf(out, cap, "%s", opts->html_path);
  return n > 0 && (size_t)n < cap;
}

/* The report's path as journals store it: absolute and resolved, when it exists. */
static void report_key(const char *report, char *out, size_t cap)
{
  char *real = realpath(report, NULL);
  (void)snprintf(out, cap, "%s", real ? real : report);
  free(real);
}

static void describe_checks(const struct session *s, bool writes, char *out, size_t cap)
{
  const struct options *o = &s->opts;
  int n = snprintf(out, cap, "market rules (%s), duplicates", o->rules_dir);
  if (n < 0 || (size_t)n >= cap)
    return;
  if (writes)
    (void)snprintf(out + n, cap - (size_t)n,
                   "; domain availability; address validation (%s); MCA attestation %s; "
                   "invitation emails %s",
                   o->strict_address ? "strict" : "advisory",
                   o->attest_mca || s->cfg.create.attest_mca ? "on" : "off",
                   o->send_invites || s->cfg.invites.send ? "on" : "off");
  else if (o->online)
    (void)snprintf(out + n, cap - (size_t)n, "; read-only API checks (--online)");
}

/* The record of this run as the session and the summary know it. */
static void record_from_session(const struct session *s, const struct summary *sum,
                                struct run_record *r)
{
  const struct options *o = &s->opts;
  bool writes = !strcmp(sum->mode, "run");
  run_record_init(r);
  (void)snprintf(r->mode, sizeof(r->mode), "%s", sum->mode);
  report_key(sum->report_path, r->report, sizeof(r->report));
  long long now = (long long)clock_wall_s();
  r->finished_at = now;
  r->started_at = now - (clock_now_ms() - sum->started_ms) / 1000;
  r->exit_code = sum->exit_code;
  (void)snprintf(r->stopped_because, sizeof(r->stopped_because), "%s",
                 sum->stopped_because ? sum->stopped_because : "");
  (void)snprintf(r->partner_id, sizeof(r->partner_id), "%s",
                 s->cfg.partner.id ? s->cfg.partner.id : "");
  (void)snprintf(r->partner_type, sizeof(r->partner_type), "%s",
                 partner_type_name(s->cfg.partner.type));
  (void)snprintf(r->market, sizeof(r->market), "%s",
                 s->cfg.partner.market ? s->cfg.partner.market : "");
  (void)snprintf(r->api, sizeof(r->api), "%s",
                 o->sandbox || o->sandbox_url ? "sandbox"
                 : o->api_url                 ? "another API URL"
                                              : "Partner Center");
  (void)snprintf(r->rate, sizeof(r->rate), "%s", o->rate ? o->rate : s->cfg.limits.rate);
  r->concurrency = o->concurrency ? o->concurrency : s->cfg.limits.concurrency;
  r->max_attempts = o->max_attempts ? o->max_attempts : s->cfg.limits.max_attempts;
  describe_checks(s, writes, r->checks, sizeof(r->checks));
  r->has_requests = writes || o->online;
  r->requests = sum->requests;
  r->throttled = sum->throttled;
  r->retries = sum->retries;
  r->throttle_wait_ms = sum->throttle_wait_ms;
  r->timeline = sum->timeline;
}

void cli_page_record(const struct session *s, const struct execution *x, const struct summary *sum)
{
  if (!x->journal || !x->run_id || !sum->report_path)
    return;
  struct run_record r;
  record_from_session(s, sum, &r);
  if (journal_runs_save(x->journal, x->run_id, &r))
    diag_warn("the journal keeps no record of this run's settings: a later 'csponboard "
              "summary' shows less");
}

int cli_page_load_run(const char *journal_path, const char *report, struct run_record *r)
{
  struct journal *j = NULL;
  int rc = journal_open_readonly(journal_path, &j);
  if (rc)
    return rc;
  char key[sizeof(r->report)];
  report_key(report, key, sizeof(key));
  long long run_id = 0;
  rc = journal_runs_invites(j, r);
  if (!rc)
    rc = journal_runs_find(j, key, &run_id);
  if (!rc)
    rc = journal_runs_load(j, run_id, r);
  journal_close(j);
  return rc;
}

const char *cli_exit_meaning(int code)
{
  switch (code) {
  case CLI_EXIT_OK:
    return "every row succeeded or was skipped";
  case CLI_EXIT_ROWS:
    return "the run completed; some rows are invalid, rejected or failed";
  case CLI_EXIT_USAGE:
    return "usage or configuration error";
  case CLI_EXIT_FATAL:
    return "a fatal error stopped the run; the rest were not attempted";
  case CLI_EXIT_LOCKED:
    return "another run held the journal";
  case CLI_EXIT_SIGINT:
  case CLI_EXIT_SIGTERM:
    return "interrupted";
  default:
    return "";
  }
}

/* Whether the run reached its report: only then is there a page to draw. */
static bool wrote_report(const struct summary *sum, int code)
{
  return sum->model && sum->report_path &&
         (code == CLI_EXIT_OK || code == CLI_EXIT_ROWS || code == CLI_EXIT_FATAL ||
          code == CLI_EXIT_SIGINT || code == CLI_EXIT_SIGTERM);
}

static int write_page(const struct session *s, const struct summary *sum)
{
  const char *out = s->page_path;
  struct run_record r;
  record_from_session(s, sum, &r);
  if (access(s->opts.journal_path, F_OK) == 0) {
    struct run_record stored;
    run_record_init(&stored);
    int rc = cli_page_load_run(s->opts.journal_path, sum->report_path, &stored);
    if (!rc && !strcmp(sum->mode, "run") && *stored.mode)
      r = stored; /* exactly what `summary` reads back */
    if (!rc || rc == CSP_E_NOT_FOUND) {
      r.has_invites = stored.has_invites;
      r.invites_done = stored.invites_done;
      r.invites_mailed = stored.invites_mailed;
      r.invites_accepted = stored.invites_accepted;
    }
  }
  struct html_page page = {sum->model, &r, sum->report_path, cli_exit_meaning(r.exit_code)};
  return html_page_save(&page, out);
}

int cli_page_finish(const struct session *s, struct summary *sum, int code)
{
  if (wrote_report(sum, code) && write_page(s, sum) && code == CLI_EXIT_OK)
    code = CLI_EXIT_USAGE;
  summary_model_close(sum->model);
  sum->model = NULL;
  return code;
}
