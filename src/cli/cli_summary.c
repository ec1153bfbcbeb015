/* `csponboard summary REPORT [--journal FILE] [--html FILE]`: draws the summary page of an
 * earlier run or validation from its report and, when there is one, its journal (the run's
 * settings, requests over time and exit code; the invitations accepted since). Reads the
 * report and the journal only, never the credentials file. Its settings are a struct of its
 * own, filled through its own option group (cli/command.h). */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_page.h"
#include "cli/command.h"
#include "base/diag.h"
#include "base/errors.h"
#include "report/html_page.h"
#include "report/summary_model.h"
#include "cli/summary_report.h"

/* The command's own settings (not struct options: it reads no input, config or rules). */
struct summary_options {
  const char *report;
  const char *journal; /* NULL: REPORT without .csv + .journal.sqlite, when it exists */
  const char *html;    /* NULL: REPORT without .csv + .html */
  bool quiet;
};

enum { SUMMARY_OPT_STRING, SUMMARY_OPT_FLAG };

#define SUMMARY_OPT(name, kind, member, arg, help) \
  { \
    name, kind, offsetof(struct summary_options, member), arg, help \
  }

static const struct opt_def summary_defs[] = {
    SUMMARY_OPT("--journal", SUMMARY_OPT_STRING, journal, "FILE",
                "the run's journal (default REPORT without .csv + .journal.sqlite)"),
    SUMMARY_OPT("--html", SUMMARY_OPT_STRING, html, "FILE",
                "the page (default REPORT without .csv + .html)"),
    SUMMARY_OPT("--quiet", SUMMARY_OPT_FLAG, quiet, NULL, "errors only on stderr"),
};

/* The store function of the command's group (cli/command.h). */
static int store(const struct opt_def *def, const char *value, void *target)
{
  void *field = (char *)target + def->offset;
  if (def->kind == SUMMARY_OPT_FLAG)
    *(bool *)field = true;
  else
    *(const char **)field = value;
  return CSP_E_OK;
}

static const struct opt_group summary_group = OPT_GROUP("Summary page", summary_defs, store);
static const struct opt_group *const summary_groups[] = {&summary_group, NULL};

/* The journal beside the report, as run names it by default, when it exists. */
static bool default_journal(const char *report, char *out, size_t cap)
{
  return cli_page_beside_report(report, ".journal.sqlite", out, cap) && access(out, F_OK) == 0;
}

/* The run's record from the journal, when it has one that matches this report. */
static void load_run(const struct summary_options *o, const struct summary_model *m,
                     struct run_record *r)
{
  char path[4096];
  const char *journal = o->journal;
  if (!journal && default_journal(o->report, path, sizeof(path)))
    journal = path;
  if (!journal) {
    diag_info("no journal beside %s: the page shows what the report holds", o->report);
    return;
  }
  int rc = cli_page_load_run(journal, o->report, r);
  bool dry_report = m->by_status[ROW_WOULD_CREATE] || m->by_status[ROW_WOULD_INVITE];
  if (!rc && dry_report && !strcmp(r->mode, "run")) {
    rc = CSP_E_NOT_FOUND; /* a validation's report where a run's once was */
  }
  if (rc) {
    struct run_record invites = *r;
    run_record_init(r);
    r->has_invites = invites.has_invites;
    r->invites_done = invites.invites_done;
    r->invites_mailed = invites.invites_mailed;
    r->invites_accepted = invites.invites_accepted;
    if (rc == CSP_E_NOT_FOUND)
      diag_info("the journal %s has no run that wrote %s: the page shows what the report holds",
                journal, o->report);
  }
}

static int draw(const struct summary_options *o)
{
  char path[4096];
  const char *out = o->html;
  if (!out && !cli_page_beside_report(o->report, ".html", path, sizeof(path)))
    return CSP_E_USAGE;
  out = out ? out : path;
  struct summary_model *m = summary_model_open();
  if (!m)
    return CSP_E_NOMEM;
  int rc = summary_read_report(o->report, m);
  if (!rc) {
    struct run_record r;
    run_record_init(&r);
    load_run(o, m, &r);
    struct html_page page = {m, &r, o->report, cli_exit_meaning(r.exit_code)};
    rc = html_page_save(&page, out);
  }
  if (!rc)
    diag_info("summary page: %s (%lld rows)", out, m->rows);
  summary_model_close(m);
  return rc;
}

static int summary_command(int argc, char **argv)
{
  struct summary_options o = {0};
  struct cmd_args args;
  int rc = command_parse(&cli_summary_command, argc, argv, &o, &args);
  diag_setup(DIAG_TEXT, o.quiet ? DIAG_ERROR : DIAG_INFO, NULL);
  if (!rc && args.help) {
    command_usage(&cli_summary_command, stdout);
    return CLI_EXIT_OK;
  }
  if (!rc && args.count == 0) {
    diag_error("summary needs a REPORT (see 'csponboard summary --help')");
    rc = CSP_E_USAGE;
  }
  if (rc)
    return CLI_EXIT_USAGE;
  o.report = args.operand[0];
  return draw(&o) ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}

const struct command cli_summary_command = {
    .name = "summary",
    .operands = "REPORT",
    .summary = "write the summary page (HTML) of a report and its run's journal",
    .details = "Draws the summary page of an earlier run or validation from its REPORT and, "
               "when there is one, the run's record in its journal: its settings, requests "
               "over time and exit code, and the invitations accepted since. Without a "
               "journal the page shows what the report holds. The report and the journal "
               "are only read; the credentials file never is.",
    .groups = summary_groups,
    .run = summary_command,
};
