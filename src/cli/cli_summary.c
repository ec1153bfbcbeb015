/* `csponboard summary REPORT [--journal FILE] [--html FILE]`: draws the summary page of an
 * earlier run or validation from its report and, when there is one, its journal (the run's
 * settings, requests over time and exit code; the invitations accepted since). Reads the
 * report and the journal only, never the credentials file. Its options are its own, parsed
 * here. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_page.h"
#include "base/diag.h"
#include "base/errors.h"
#include "report/html_page.h"
#include "report/summary_model.h"
#include "cli/summary_report.h"

struct summary_options {
  const char *report;
  const char *journal; /* NULL: REPORT without .csv + .journal.sqlite, when it exists */
  const char *html;    /* NULL: REPORT without .csv + .html */
  bool quiet;
  bool help;
};

static void usage(FILE *out)
{
  fputs("usage: csponboard summary REPORT [options]\n\n"
        "Writes the summary page of a report: one HTML file to open or send as it is.\n\n"
        "options:\n"
        "  --journal FILE   the run's journal (default REPORT without .csv + .journal.sqlite)\n"
        "  --html FILE      the page (default REPORT without .csv + .html)\n"
        "  --quiet          errors only on stderr\n"
        "  --help           this help\n",
        out);
}

/* The value of an option written --name VALUE or --name=VALUE; NULL when it is not name. */
static const char *option_value(int argc, char **argv, int *i, const char *name, int *rc)
{
  size_t len = strlen(name);
  if (strncmp(argv[*i], name, len))
    return NULL;
  if (argv[*i][len] == '=')
    return argv[*i] + len + 1;
  if (argv[*i][len])
    return NULL;
  if (*i + 1 < argc)
    return argv[++*i];
  diag_error("%s needs a value (FILE)", name);
  *rc = CSP_E_USAGE;
  return NULL;
}

static int parse(int argc, char **argv, struct summary_options *o)
{
  int rc = 0;
  memset(o, 0, sizeof(*o));
  for (int i = 1; i < argc && !rc; i++) {
    const char *v;
    if ((v = option_value(argc, argv, &i, "--journal", &rc)))
      o->journal = v;
    else if ((v = option_value(argc, argv, &i, "--html", &rc)))
      o->html = v;
    else if (rc)
      break;
    else if (!strcmp(argv[i], "--quiet"))
      o->quiet = true;
    else if (!strcmp(argv[i], "--help"))
      o->help = true;
    else if (argv[i][0] == '-' && argv[i][1] == '-') {
      diag_error("unknown option '%s' (see 'csponboard summary --help')", argv[i]);
      rc = CSP_E_USAGE;
    } else if (!o->report) {
      o->report = argv[i];
    } else {
      diag_error("unexpected argument '%s': one REPORT", argv[i]);
      rc = CSP_E_USAGE;
    }
  }
  if (!rc && !o->help && !o->report) {
    diag_error("summary needs a REPORT (see 'csponboard summary --help')");
    rc = CSP_E_USAGE;
  }
  return rc;
}

/* The journal beside the report, as run names it by default. */
static bool default_journal(const char *report, char *out, size_t cap)
{
  size_t len = strlen(report);
  if (len > 4 && !strcmp(report + len - 4, ".csv"))
    len -= 4;
  int n = snprintf(out, cap, "%.*s.journal.sqlite", (int)len, report);
  return n > 0 && (size_t)n < cap && access(out, F_OK) == 0;
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
  if (!out && !cli_page_default_path(o->report, path, sizeof(path)))
    return CSP_E_USAGE;
  out = out ? out : path;
  struct summary_model *m = summary_model_new();
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
  summary_model_free(m);
  return rc;
}

int cli_summary(int argc, char **argv)
{
  struct summary_options o;
  int rc = parse(argc, argv, &o);
  diag_setup(DIAG_TEXT, o.quiet ? DIAG_ERROR : DIAG_INFO, NULL);
  if (rc)
    return CLI_EXIT_USAGE;
  if (o.help) {
    usage(stdout);
    return CLI_EXIT_OK;
  }
  return draw(&o) ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}
