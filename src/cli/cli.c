/* run and validate, and the session plumbing every subcommand shares: parse options, set up
 * logging, load configuration and rules, resolve the API endpoint, run the
 * pipeline, and turn the outcome into the exit code of SPEC §3. The only place that maps run
 * errors to exit statuses. */
#include "cli/cli.h"
#include "cli/cli_internal.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "cli/data_dir.h"
#include "cli/output_paths.h"
#include "cli/config.h"
#include "base/diag.h"
#include "base/errors.h"
#include "cli/options.h"
#include "pipeline/pipeline.h"
#include "rules/rules.h"
#include "base/signals.h"
#include "report/summary.h"
#include "execute/api_session.h"
#include "execute/credentials.h"
#include "execute/execute.h"
#include "execute/lost_passwords.h"
#include "journal/journal.h"
#include "journal/journal_lock.h"
#include "partner_center/clouds.h"
#include "cli/cli_page.h"

/* The server --sandbox starts: set once by main before any subcommand, then only read (like
 * the signal flag, the one kind of global the code keeps). */
static const struct cli_sandbox *in_process_sandbox;

void cli_use_sandbox(const struct cli_sandbox *sandbox)
{
  in_process_sandbox = sandbox;
}

static void setup_logging(const struct options *o)
{
  diag_setup(o->json_logs ? DIAG_JSON : DIAG_TEXT, o->quiet ? DIAG_ERROR : DIAG_INFO, NULL);
}

/* Options, logging, configuration and rules: everything before the first row. A NULL cmd
 * takes any option of struct options. */
int open_command_session(struct session *s, const struct command *cmd, int argc, char **argv,
                         unsigned needs)
{
  memset(s, 0, sizeof(*s));
  config_init(&s->cfg);
  int rc = cmd ? options_parse_command(cmd, argc, argv, &s->opts, &s->args)
               : options_parse(argc, argv, &s->opts);
  setup_logging(&s->opts);
  if (s->opts.json_logs)
    s->opts.progress = PROGRESS_OFF; /* every line on stderr is a JSON line */
  if (rc || s->opts.help)
    return rc;
  if (((needs & NEEDS_INPUT) && !s->opts.input) ||
      ((needs & NEEDS_INPUT_OR_JOURNAL) && !s->opts.input && !s->opts.journal_path)) {
    const char *name = cmd ? cmd->name : argv[0];
    bool named = cmd && cmd->operands && cmd->operands[0] != '[' && strcmp(cmd->operands, "INPUT");
    diag_error("%s needs %s%s (see 'csponboard %s --help')", name,
               named ? cmd->operands : "an INPUT file",
               needs & NEEDS_INPUT_OR_JOURNAL ? " or --journal FILE" : "", name);
    return CSP_E_USAGE;
  }
  if ((rc = options_default_paths(&s->opts, s->paths, sizeof(s->paths))))
    return rc;
  if (access(s->opts.config_path, F_OK) != 0) {
    diag_error("no configuration file %s: copy the sample csponboard.yaml (installed in "
               "share/doc/csponboard) and set your partner details, or pass --config FILE",
               s->opts.config_path);
    return CSP_E_CONFIG;
  }
  if ((rc = config_load(&s->cfg, s->opts.config_path)))
    return rc;
  if ((rc = rules_dir_resolve(s->opts.rules_dir, &s->cfg, s->rules_path, sizeof(s->rules_path),
                              &s->opts.rules_dir)))
    return rc;
  char msg[256];
  if ((rc = cloud_check_features(cloud_find(s->cfg.api.cloud),
                                 s->cfg.create.attest_mca || s->opts.attest_mca, msg,
                                 sizeof(msg)))) {
    diag_error("%s: %s", s->opts.config_path, msg);
    return rc;
  }
  if (!(needs & NEEDS_RULES))
    return CSP_E_OK;
  if ((rc = rules_open(s->opts.rules_dir, false, &s->rules)))
    return rc;
  rules_set_home_market(s->rules, s->cfg.partner.market); /* an invite without a country */
  return config_check_market(&s->cfg, s->opts.config_path, s->rules);
}

int open_session(struct session *s, int argc, char **argv, unsigned needs)
{
  return open_command_session(s, NULL, argc, argv, needs);
}

void close_session(struct session *s)
{
  rules_close(s->rules);
  config_release(&s->cfg);
}

/* Whether the summary JSON may be written: on every exit but 75 (the paths belong to the run
 * that holds the lock), once its path is known to be safe. */
static bool summary_json_wanted(const struct session *s, int exit_code)
{
  const char *path = s->opts.summary_json;
  if (!path || exit_code == CLI_EXIT_LOCKED)
    return false;
  if (s->outputs == OUTPUTS_UNCHECKED)
    return output_paths_check_summary(&s->opts) == CSP_E_OK;
  return s->outputs == OUTPUTS_OK || (s->refused_output && strcmp(s->refused_output, path));
}

static int finish(const struct session *s, int rc, struct summary *sum)
{
  sum->exit_code = exit_code_for(rc, sum);
  if (sum->rows || rc == CSP_E_OK || sum->stopped_because)
    summary_log(sum);
  if (summary_json_wanted(s, sum->exit_code) && summary_save_json(sum, s->opts.summary_json) &&
      !sum->exit_code)
    sum->exit_code = exit_code_for(CSP_E_IO, sum);
  return sum->exit_code;
}

/* The in-process sandbox, with the demo tenants (invites, taken domains) the configuration
 * names or the shipped ones. */
static int start_sandbox(const struct config *cfg, struct execution *x)
{
  if (!in_process_sandbox) {
    diag_error("--sandbox: this program has no in-process sandbox; use --sandbox-url URL");
    return CSP_E_USAGE;
  }
  return in_process_sandbox->start(*cfg->sandbox.tenants_path ? cfg->sandbox.tenants_path : NULL,
                                   x->base_url, sizeof(x->base_url), &x->sandbox);
}

/* Where the API is and who signs in: the sandbox (its default app), --api-url, or config. */
int resolve_endpoint(struct session *s, struct execution *x, struct api_endpoint *ep)
{
  const struct options *o = &s->opts;
  bool sandboxed = o->sandbox || o->sandbox_url;
  int rc = o->sandbox ? start_sandbox(&s->cfg, x) : CSP_E_OK;
  if (rc)
    return rc;
  const char *base = o->sandbox       ? x->base_url
                     : o->sandbox_url ? o->sandbox_url
                     : o->api_url     ? o->api_url
                                      : s->cfg.api.base_url;
  if (base != x->base_url)
    snprintf(x->base_url, sizeof(x->base_url), "%s", base);
  if (o->token_url)
    snprintf(x->token_url, sizeof(x->token_url), "%s", o->token_url);
  else if (sandboxed || o->api_url)
    (void)cloud_token_url(x->base_url, *s->cfg.api.scope != '\0', x->token_url,
                          sizeof(x->token_url));
  else
    snprintf(x->token_url, sizeof(x->token_url), "%s", s->cfg.api.token_url);
  *ep = (struct api_endpoint){x->base_url, x->token_url, s->cfg.auth.client_id, NULL, NULL};
  if (sandboxed) {
    ep->client_id = "sandbox-app";
    ep->client_secret = "sandbox-secret";
    ep->refresh_token = "sandbox-refresh-token";
  } else if (!*ep->client_id) {
    diag_error("%s: auth.client_id is empty: set your app's client id", s->opts.config_path);
    return CSP_E_CONFIG;
  }
  return CSP_E_OK;
}

static int begin_execution(struct session *s, struct execution *x, bool read_only)
{
  struct api_endpoint ep;
  int rc = resolve_endpoint(s, x, &ep);
  if (!rc) /* validate --online too: it records its check verdicts for the run */
    rc = journal_open(s->opts.journal_path, &x->journal);
  if (rc == CSP_E_LOCKED)
    diag_error("another run holds %s; this run stops without doing anything", s->opts.journal_path);
  if (!rc) {
    rc = api_session_init(&x->api, &s->cfg, &ep);
    x->api_open = rc == CSP_E_OK;
  }
  if (!rc && !read_only)
    rc = journal_run_begin(x->journal, s->opts.input, clock_wall_s(), &x->run_id);
  if (!rc) {
    struct execute_setup es = {&s->cfg, &s->opts, &x->api, x->journal, x->run_id, read_only};
    rc = execute_open(&es, &x->executor);
  }
  if (!rc)
    pipeline_set_executor(x->pipeline, x->executor);
  if (!rc && read_only) /* rows an earlier run finished, from the journal now held */
    pipeline_set_lookup_journal(x->pipeline, x->journal);
  return rc;
}

void end_execution(struct execution *x, struct summary *sum)
{
  if (x->executor)
    execute_stats(x->executor, sum);
  if (x->journal && x->run_id) {
    char *json = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&json, &len);
    if (mem) {
      summary_write_json(sum, mem);
      fclose(mem);
    }
    (void)journal_run_end(x->journal, x->run_id, sum->exit_code, json ? json : "{}",
                          clock_wall_s());
    free(json);
  }
  execute_close(x->executor);
  if (x->api_open)
    api_session_release(&x->api);
  journal_close(x->journal);
  journal_close(x->lookup_journal);
  if (x->lock_held)
    journal_lock_release(x->lock_fd, x->lock_path);
  x->lock_held = false;
  pipeline_close(x->pipeline);
  if (x->sandbox)
    in_process_sandbox->stop(x->sandbox);
}

/* validate shows what a run would do now: rows an earlier run finished (its journal, when
 * there is one at the journal path) are skipped as already done. A journal that cannot be
 * read only loses that detail. */
static void open_lookup_journal(struct session *s, struct execution *x)
{
  if (access(s->opts.journal_path, F_OK) != 0)
    return;
  if (journal_open_readonly(s->opts.journal_path, &x->lookup_journal)) {
    diag_warn("the journal %s cannot be read: rows done in an earlier run are not marked",
              s->opts.journal_path);
    return;
  }
  pipeline_set_lookup_journal(x->pipeline, x->lookup_journal);
}

/* run --reset-lost-passwords: the same journal and credentials file as the run of INPUT; no
 * row is read or sent. Exit 0 when every lost password was reset, 1 when some were not. */
static int reset_command(struct session *s)
{
  struct execution x;
  memset(&x, 0, sizeof(x));
  struct api_endpoint ep;
  struct credentials *creds = NULL;
  struct lost_password_stats st = {0};
  int rc = resolve_endpoint(s, &x, &ep);
  if (!rc)
    rc = journal_open(s->opts.journal_path, &x.journal);
  if (!rc) {
    rc = api_session_init(&x.api, &s->cfg, &ep);
    x.api_open = true;
  }
  if (!rc)
    rc = credentials_open(s->opts.credentials_path, &creds);
  if (!rc)
    rc = lost_passwords_reset(&x.api, x.journal, creds, &st);
  if (!rc || st.found)
    diag_info("lost admin passwords: %lld found, %lld reset (saved to %s), %lld not reset",
              st.found, st.reset, s->opts.credentials_path, st.failed);
  credentials_close(creds);
  struct summary sum;
  summary_init(&sum, "run", clock_now_ms());
  end_execution(&x, &sum);
  if (rc)
    return exit_code_for(rc, &sum);
  return st.failed ? CLI_EXIT_ROWS : CLI_EXIT_OK;
}

/* run, and validate (with --online: read-only checks against the API). */
static int execute_command(const struct command *cmd, int argc, char **argv, const char *mode,
                           bool writes)
{
  struct session s;
  struct summary sum;
  struct execution x;
  memset(&x, 0, sizeof(x));
  summary_init(&sum, mode, clock_now_ms());
  int rc = open_command_session(&s, cmd, argc, argv, NEEDS_INPUT | NEEDS_RULES);
  if (!rc && s.opts.help) {
    command_usage(cmd, stdout);
    close_session(&s);
    return CLI_EXIT_OK;
  }
  s.opts.report_bom |= s.cfg.report.bom;
  if (!rc) {
    rc = output_paths_check(&s.opts, writes, &s.refused_output);
    s.outputs = rc ? OUTPUTS_REFUSED : OUTPUTS_OK;
  }
  if (!rc && writes && s.opts.reset_lost_passwords) {
    int code = reset_command(&s);
    close_session(&s);
    return code;
  }
  if (!rc)
    rc = cli_page_begin(&s, &sum);
  if (!rc) {
    struct pipeline_setup setup = {&s.opts, &s.cfg, s.rules};
    rc = pipeline_open(&setup, &x.pipeline);
  }
  if (!rc && !writes && !s.opts.online) {
    /* validate writes the report a run of the same file writes: never while one does. */
    rc = journal_lock_take(s.opts.journal_path, &x.lock_fd, &x.lock_path);
    x.lock_held = rc == CSP_E_OK;
    if (rc == CSP_E_LOCKED)
      diag_error("a run holds %s; validate stops without writing its report", s.opts.journal_path);
  }
  if (!rc && !writes && !s.opts.online)
    open_lookup_journal(&s, &x);
  if (!rc && (writes || s.opts.online))
    rc = begin_execution(&s, &x, !writes);
  if (rc && x.journal && exit_code_for(rc, &sum) == CLI_EXIT_FATAL) {
    /* Fatal before the first row (SPEC §3, exit 3): every row is still reported, those that
     * would have been sent as not_attempted, and those an earlier run finished (the journal
     * says) as skipped already_done, as a working run would. Only with the journal's lock
     * held, so that the report of another run is never overwritten. */
    pipeline_stop(x.pipeline, rc);
    pipeline_set_lookup_journal(x.pipeline, x.journal);
    rc = CSP_E_OK;
  }
  if (!rc) {
    signals_install();
    rc = pipeline_run(x.pipeline, &sum);
    if (!rc && !sum.rows)
      diag_warn_as("no_rows", "%s has a header line but no data rows: there was nothing to do",
                   s.opts.input);
  }
  sum.exit_code = exit_code_for(rc, &sum);
  if (x.executor)
    execute_stats(x.executor, &sum);
  int code = finish(&s, rc, &sum);
  cli_page_record(&s, &x, &sum);
  end_execution(&x, &sum);
  code = cli_page_finish(&s, &sum, code);
  close_session(&s);
  return code;
}

int cli_validate(int argc, char **argv)
{
  return execute_command(&cli_validate_command, argc, argv, "validate", false);
}

int cli_run(int argc, char **argv)
{
  return execute_command(&cli_run_command, argc, argv, "run", true);
}

/* The groups run and validate share; each puts its own between the two halves. */
#define RUN_AND_VALIDATE_INPUT_GROUPS \
  &options_config, &options_rules, &options_input, &options_files, &options_summary, &options_checks
#define RUN_AND_VALIDATE_EXECUTION_GROUPS \
  &options_endpoint, &options_sandbox, &options_selection, &options_limits, &options_progress, \
      &options_logging

static const struct opt_group *const validate_groups[] = {
    RUN_AND_VALIDATE_INPUT_GROUPS,
    &options_online,
    RUN_AND_VALIDATE_EXECUTION_GROUPS,
    NULL,
};

const struct command cli_validate_command = {
    .name = "validate",
    .operands = "INPUT",
    .summary =
        "the same as run without any write to Partner Center (dry run); --online adds read-only "
        "checks",
    .details = "The same as run without any write to Partner Center; rows become would_create or "
               "would_invite, and rows an earlier run finished (its journal says) skipped "
               "already_done. With --online, read-only checks (customer list, domain "
               "availability, address validation) are added.",
    .groups = validate_groups,
    .run = cli_validate,
};

static const struct opt_group *const run_groups[] = {
    RUN_AND_VALIDATE_INPUT_GROUPS,
    &options_writes,
    RUN_AND_VALIDATE_EXECUTION_GROUPS,
    NULL,
};

const struct command cli_run_command = {
    .name = "run",
    .operands = "INPUT",
    .summary = "validate, classify and execute; write the report, journal and credentials",
    .details = "Validate, classify and execute; write the report, the journal and the credentials "
               "file. A re-run with the same journal resumes: rows done are skipped, creates "
               "whose outcome was unknown are reconciled first.",
    .groups = run_groups,
    .run = cli_run,
};
