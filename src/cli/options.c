/* The shared option groups of struct options (composed by the commands that take them; a
 * command's own options sit in its cli_<command>.c), the one function that stores their
 * values, and the default report, journal and credentials paths. */
#include "cli/options.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/errors.h"
#include "cli/config.h"

static const struct opt_def config_defs[] = {
    OPT("--config", OPT_STRING, config_path, "FILE", "configuration (default ./csponboard.yaml)"),
};
const struct opt_group options_config = OPTIONS_GROUP("Configuration", config_defs);

static const struct opt_def rules_defs[] = {
    OPT("--rules", OPT_STRING, rules_dir, "DIR", "rule folder (default: the installed one)"),
};
const struct opt_group options_rules = OPTIONS_GROUP("Rules", rules_defs);

static const struct opt_def input_defs[] = {
    OPT("--map", OPT_STRING, map_path, "FILE", "header mapping YAML {\"Their header\": field}"),
    OPT("--sheet", OPT_STRING, sheet, "NAME", "XLSX sheet (default the first visible)"),
    OPT("--delimiter", OPT_CHAR, delimiter, "C", "CSV delimiter , ; | or tab (default sniffed)"),
    OPT("--encoding", OPT_STRING, encoding, "NAME", "input encoding, e.g. WINDOWS-1252"),
};
const struct opt_group options_input = OPTIONS_GROUP("Input", input_defs);

static const struct opt_def files_defs[] = {
    OPT("--report", OPT_STRING, report_path, "FILE", "result CSV (default INPUT.report.csv)"),
    OPT("--journal", OPT_STRING, journal_path, "FILE",
        "journal (default REPORT without .csv + .journal.sqlite)"),
};
const struct opt_group options_files = OPTIONS_GROUP("Report and journal", files_defs);

static const struct opt_def summary_defs[] = {
    OPT("--report-bom", OPT_FLAG, report_bom, NULL, "start the report with a UTF-8 BOM (Excel)"),
    OPT("--summary-json", OPT_STRING, summary_json, "FILE", "write the summary as JSON"),
    OPT("--html", OPT_STRING, html_path, "FILE",
        "summary page (default REPORT without .csv + .html)"),
    OPT("--no-html", OPT_FLAG, no_html, NULL, "write no summary page"),
};
const struct opt_group options_summary = OPTIONS_GROUP("Report format and summary", summary_defs);

static const struct opt_def endpoint_defs[] = {
    OPT("--api-url", OPT_STRING, api_url, "URL", "API base (token endpoint URL/{tenant}/...)"),
    OPT("--token-url", OPT_STRING, token_url, "URL", "token endpoint"),
};
const struct opt_group options_endpoint = OPTIONS_GROUP("Partner Center endpoint", endpoint_defs);

static const struct opt_def sandbox_defs[] = {
    OPT("--sandbox-url", OPT_STRING, sandbox_url, "URL", "use a running sandbox"),
    OPT("--sandbox", OPT_FLAG, sandbox, NULL, "start the sandbox in-process and use it"),
};
const struct opt_group options_sandbox = OPTIONS_GROUP("Sandbox", sandbox_defs);

static const struct opt_def selection_defs[] = {
    OPT("--only", OPT_ONLY, only, "create|invite", "execute only these rows"),
    OPT("--limit", OPT_LLONG, limit, "N", "execute at most N rows"),
    OPT("--max-errors", OPT_LLONG, max_errors, "N", "stop after N invalid or failed rows"),
};
const struct opt_group options_selection = OPTIONS_GROUP("Rows to execute", selection_defs);

static const struct opt_def limits_defs[] = {
    OPT("--concurrency", OPT_INT, concurrency, "N", "requests in flight (default 8)"),
    OPT("--rate", OPT_STRING, rate, "N/s|N/min", "request rate (default 400/min)"),
    OPT("--max-attempts", OPT_INT, max_attempts, "N", "attempts per request (default 6)"),
};
const struct opt_group options_limits = OPTIONS_GROUP("Request limits", limits_defs);

static const struct opt_def checks_defs[] = {
    OPT("--strict-address", OPT_FLAG, strict_address, NULL, "unverified address is invalid"),
    OPT("--checks", OPT_CHECKS, checks, "cached|fresh|none",
        "domain/address checks: reuse young verdicts (default), ask again, or skip"),
};
const struct opt_group options_checks = OPTIONS_GROUP("Checks", checks_defs);

static const struct opt_def online_defs[] = {
    OPT("--online", OPT_FLAG, online, NULL, "add read-only API checks"),
};
const struct opt_group options_online = OPTIONS_GROUP("Online checks", online_defs);

static const struct opt_def writes_defs[] = {
    OPT("--attest-mca", OPT_FLAG, attest_mca, NULL, "record MCA acceptance for every create"),
    OPT("--send-invites", OPT_FLAG, send_invites, NULL, "email the invitation link per row"),
    OPT("--reset-lost-passwords", OPT_FLAG, reset_lost_passwords, NULL,
        "only reset the admin passwords earlier runs did not receive"),
};
const struct opt_group options_writes = OPTIONS_GROUP("Writes", writes_defs);

static const struct opt_def sync_defs[] = {
    OPT("--out", OPT_STRING, out_dir, "DIR",
        "write DIR/overlay/CC.yaml (default: the --rules folder)"),
};
const struct opt_group options_sync = OPTIONS_GROUP("Sync output", sync_defs);

static const struct opt_def progress_defs[] = {
    OPT("--progress", OPT_FLAG, progress, NULL, "progress line on stderr"),
    OPT("--no-progress", OPT_NO_FLAG, progress, NULL, "no progress line"),
};
const struct opt_group options_progress = OPTIONS_GROUP("Progress", progress_defs);

static const struct opt_def logging_defs[] = {
    OPT("--quiet", OPT_FLAG, quiet, NULL, "errors only on stderr"),
    OPT("--log-format", OPT_LOG_FORMAT, json_logs, "text|json", "log line format"),
};
const struct opt_group options_logging = OPTIONS_GROUP("Logging", logging_defs);

static int parse_number(const char *name, const char *value, long long *out)
{
  char *end;
  errno = 0;
  long long n = strtoll(value, &end, 10);
  if (errno || end == value || *end || n < 0) {
    diag_error("%s takes a whole number, got '%s'", name, value);
    return CSP_E_USAGE;
  }
  *out = n;
  return CSP_E_OK;
}

static int parse_delimiter(const char *value, char *out)
{
  if (!strcmp(value, "tab") || !strcmp(value, "\\t") || !strcmp(value, "\t"))
    *out = '\t';
  else if (strlen(value) == 1 && strchr(",;|", value[0]))
    *out = value[0];
  else {
    diag_error("--delimiter takes one of , ; | tab, got '%s'", value);
    return CSP_E_USAGE;
  }
  return CSP_E_OK;
}

int options_store(const struct opt_def *def, const char *value, void *target)
{
  struct options *opts = target;
  void *field = (char *)opts + def->offset;
  long long n = 0;
  int rc = CSP_E_OK;
  switch (def->kind) {
  case OPT_FLAG:
    if (field == &opts->progress)
      opts->progress = PROGRESS_ON;
    else
      *(bool *)field = true;
    break;
  case OPT_NO_FLAG:
    opts->progress = PROGRESS_OFF;
    break;
  case OPT_STRING:
    *(const char **)field = value;
    break;
  case OPT_CHECKS: {
    enum check_mode mode;
    if (!check_mode_parse(value, &mode)) {
      diag_error("--checks takes cached, fresh or none, got '%s'", value);
      return CSP_E_USAGE;
    }
    *(const char **)field = value;
    break;
  }
  case OPT_LOG_FORMAT:
    if (strcmp(value, "text") && strcmp(value, "json")) {
      diag_error("--log-format takes text or json, got '%s'", value);
      return CSP_E_USAGE;
    }
    opts->json_logs = !strcmp(value, "json");
    break;
  case OPT_INT:
    if (!(rc = parse_number(def->name, value, &n)) && (n < 1 || n > 100000)) {
      diag_error("%s must be between 1 and 100000", def->name);
      rc = CSP_E_USAGE;
    }
    *(int *)field = (int)n;
    break;
  case OPT_LLONG:
    rc = parse_number(def->name, value, field);
    break;
  case OPT_CHAR:
    rc = parse_delimiter(value, field);
    break;
  case OPT_ONLY:
    if (!strcmp(value, "create") || !strcmp(value, "invite"))
      opts->only = !strcmp(value, "create") ? ONLY_CREATE : ONLY_INVITE;
    else {
      diag_error("--only takes create or invite, got '%s'", value);
      rc = CSP_E_USAGE;
    }
    break;
  }
  return rc;
}

static void set_defaults(struct options *opts)
{
  memset(opts, 0, sizeof(*opts));
  opts->config_path = "csponboard.yaml";
}

int options_parse_command(const struct command *cmd, int argc, char **argv, struct options *opts,
                          struct cmd_args *args)
{
  struct cmd_args local;
  struct cmd_args *a = args ? args : &local;
  set_defaults(opts);
  int rc = command_parse(cmd, argc, argv, opts, a);
  opts->input = a->count ? a->operand[0] : NULL;
  opts->help = a->help;
  return rc;
}

/* Every group above: what options_parse (for callers that name no command) accepts. */
static const struct opt_group *const every_group[] = {
    &options_config,  &options_rules,    &options_input,     &options_files,
    &options_summary, &options_endpoint, &options_sandbox,   &options_online,
    &options_checks,  &options_writes,   &options_selection, &options_limits,
    &options_sync,    &options_progress, &options_logging,   NULL,
};

static const struct command any_command = {
    .name = "",
    .operands = "INPUT",
    .summary = "any option of struct options",
    .groups = every_group,
};

int options_parse(int argc, char **argv, struct options *opts)
{
  return options_parse_command(&any_command, argc, argv, opts, NULL);
}

void options_usage(FILE *out, const char *subcommand)
{
  (void)subcommand;
  command_usage(&any_command, out);
}

static size_t stem_length(const char *path, const char *ext_dot_from)
{
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(path, '.');
  if (ext_dot_from && dot && (!slash || dot > slash) && !strcmp(dot, ext_dot_from))
    return (size_t)(dot - path);
  if (!ext_dot_from && dot && (!slash || dot > slash) && dot != path)
    return (size_t)(dot - path);
  return strlen(path);
}

/* A report fed back as input (REPORT.csv) keeps the journal the run that wrote it used by
 * default, REPORT.journal.sqlite, when that exists: rows done and invitations mailed then are
 * known, and nothing is sent twice. Writes the path into buf; returns its size with the NUL,
 * or 0 when there is none. */
static size_t refed_report_journal(const char *input, char *buf, size_t cap)
{
  if (!input || !strcmp(input, "-"))
    return 0;
  int n = snprintf(buf, cap, "%.*s.journal.sqlite", (int)stem_length(input, ".csv"), input);
  if (n < 0 || (size_t)n >= cap || access(buf, F_OK) != 0)
    return 0;
  return (size_t)n + 1;
}

int options_default_paths(struct options *opts, char *buf, size_t cap)
{
  size_t used = 0;
  if (!opts->journal_path && (used = refed_report_journal(opts->input, buf, cap)) != 0)
    opts->journal_path = buf;
  if (!opts->report_path) {
    const char *in = opts->input && strcmp(opts->input, "-") ? opts->input : "stdin";
    int n = snprintf(buf + used, cap - used, "%.*s.report.csv", (int)stem_length(in, NULL), in);
    if (n < 0 || (size_t)n >= cap - used)
      return CSP_E_USAGE;
    opts->report_path = buf + used;
    used += (size_t)n + 1;
  }
  const char *rep = opts->report_path;
  int stem = (int)stem_length(rep, ".csv");
  if (!opts->journal_path) {
    int n = snprintf(buf + used, cap - used, "%.*s.journal.sqlite", stem, rep);
    if (n < 0 || (size_t)n >= cap - used)
      return CSP_E_USAGE;
    opts->journal_path = buf + used;
    used += (size_t)n + 1;
  }
  int n = snprintf(buf + used, cap - used, "%.*s.credentials.csv", stem, rep);
  if (n < 0 || (size_t)n >= cap - used)
    return CSP_E_USAGE;
  opts->credentials_path = buf + used;
  return CSP_E_OK;
}
