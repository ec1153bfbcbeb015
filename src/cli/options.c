/* The option table of run / validate / invites. Each row names an option, whether it takes a
 * value, where the value lands and the help line; parsing and --help both walk the table, so
 * the two cannot disagree. */
#include "cli/options.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/errors.h"

enum opt_kind {
  OPT_FLAG,
  OPT_NO_FLAG,
  OPT_STRING,
  OPT_INT,
  OPT_LLONG,
  OPT_CHAR,
  OPT_ONLY,
  OPT_LOG_FORMAT
};

struct option_def {
  const char *name;
  enum opt_kind kind;
  size_t offset;
  const char *arg;
  const char *help;
};

#define OPT(name, kind, member, arg, help) \
  { \
    name, kind, offsetof(struct options, member), arg, help \
  }

static const struct option_def table[] = {
    OPT("--config", OPT_STRING, config_path, "FILE", "configuration (default ./csponboard.yaml)"),
    OPT("--report", OPT_STRING, report_path, "FILE", "result CSV (default INPUT.report.csv)"),
    OPT("--journal", OPT_STRING, journal_path, "FILE",
        "journal (default REPORT without .csv + .journal.sqlite)"),
    OPT("--rules", OPT_STRING, rules_dir, "DIR", "rule folder (default schemas)"),
    OPT("--out", OPT_STRING, out_dir, "DIR",
        "rules sync: output rule folder (default schemas.synced)"),
    OPT("--map", OPT_STRING, map_path, "FILE", "header mapping YAML {\"Their header\": field}"),
    OPT("--sheet", OPT_STRING, sheet, "NAME", "XLSX sheet (default the first visible)"),
    OPT("--delimiter", OPT_CHAR, delimiter, "C", "CSV delimiter , ; | or tab (default sniffed)"),
    OPT("--encoding", OPT_STRING, encoding, "NAME", "input encoding, e.g. WINDOWS-1252"),
    OPT("--summary-json", OPT_STRING, summary_json, "FILE", "write the summary as JSON"),
    OPT("--html", OPT_STRING, html_path, "FILE",
        "summary page (default REPORT without .csv + .html)"),
    OPT("--no-html", OPT_FLAG, no_html, NULL, "write no summary page"),
    OPT("--api-url", OPT_STRING, api_url, "URL", "API base (token endpoint URL/{tenant}/...)"),
    OPT("--token-url", OPT_STRING, token_url, "URL", "token endpoint"),
    OPT("--sandbox-url", OPT_STRING, sandbox_url, "URL", "use a running sandbox"),
    OPT("--sandbox", OPT_FLAG, sandbox, NULL, "start the sandbox in-process and use it"),
    OPT("--online", OPT_FLAG, online, NULL, "validate: add read-only API checks"),
    OPT("--strict-address", OPT_FLAG, strict_address, NULL, "unverified address is invalid"),
    OPT("--attest-mca", OPT_FLAG, attest_mca, NULL, "record MCA acceptance for every create"),
    OPT("--send-invites", OPT_FLAG, send_invites, NULL, "email the invitation link per row"),
    OPT("--quiet", OPT_FLAG, quiet, NULL, "errors only on stderr"),
    OPT("--progress", OPT_FLAG, progress, NULL, "progress line on stderr"),
    OPT("--no-progress", OPT_NO_FLAG, progress, NULL, "no progress line"),
    OPT("--only", OPT_ONLY, only, "create|invite", "execute only these rows"),
    OPT("--concurrency", OPT_INT, concurrency, "N", "requests in flight (default 8)"),
    OPT("--rate", OPT_STRING, rate, "N/s|N/min", "request rate (default 400/min)"),
    OPT("--max-attempts", OPT_INT, max_attempts, "N", "attempts per request (default 6)"),
    OPT("--limit", OPT_LLONG, limit, "N", "execute at most N rows"),
    OPT("--max-errors", OPT_LLONG, max_errors, "N", "stop after N invalid or failed rows"),
    OPT("--log-format", OPT_LOG_FORMAT, json_logs, "text|json", "log line format"),
    OPT("--help", OPT_FLAG, help, NULL, "this help"),
};

#define TABLE_SIZE (sizeof(table) / sizeof(table[0]))

void options_usage(FILE *out, const char *subcommand)
{
  fprintf(out, "usage: csponboard %s [options] INPUT\n\noptions:\n", subcommand);
  for (size_t i = 0; i < TABLE_SIZE; i++) {
    char left[48];
    snprintf(left, sizeof(left), "%s%s%s", table[i].name, table[i].arg ? " " : "",
             table[i].arg ? table[i].arg : "");
    fprintf(out, "  %-30s %s\n", left, table[i].help);
  }
}

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

static int store(const struct option_def *def, const char *value, struct options *opts)
{
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

static const struct option_def *find(const char *name, size_t len)
{
  for (size_t i = 0; i < TABLE_SIZE; i++)
    if (strlen(table[i].name) == len && !strncmp(table[i].name, name, len))
      return &table[i];
  return NULL;
}

static int parse_one(int argc, char **argv, int *i, struct options *opts)
{
  const char *arg = argv[*i];
  const char *eq = strchr(arg, '=');
  size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
  const struct option_def *def = find(arg, len);
  if (!def) {
    diag_error("unknown option '%s' (see --help)", arg);
    return CSP_E_USAGE;
  }
  bool takes_value = def->kind != OPT_FLAG && def->kind != OPT_NO_FLAG;
  const char *value = NULL;
  if (takes_value) {
    if (eq)
      value = eq + 1;
    else if (*i + 1 < argc)
      value = argv[++*i];
    else {
      diag_error("%s needs a value (%s)", def->name, def->arg);
      return CSP_E_USAGE;
    }
  } else if (eq) {
    diag_error("%s takes no value", def->name);
    return CSP_E_USAGE;
  }
  return store(def, value, opts);
}

int options_parse(int argc, char **argv, struct options *opts)
{
  memset(opts, 0, sizeof(*opts));
  opts->config_path = "csponboard.yaml";
  opts->rules_dir = "schemas";
  opts->out_dir = "schemas.synced";
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1] == '-') {
      int rc = parse_one(argc, argv, &i, opts);
      if (rc)
        return rc;
    } else if (!opts->input) {
      opts->input = argv[i];
    } else {
      diag_error("unexpected argument '%s': one INPUT file per run", argv[i]);
      return CSP_E_USAGE;
    }
  }
  return CSP_E_OK;
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

int options_default_paths(struct options *opts, char *buf, size_t cap)
{
  size_t used = 0;
  if (!opts->report_path) {
    const char *in = opts->input && strcmp(opts->input, "-") ? opts->input : "stdin";
    int n = snprintf(buf, cap, "%.*s.report.csv", (int)stem_length(in, NULL), in);
    if (n < 0 || (size_t)n >= cap)
      return CSP_E_USAGE;
    opts->report_path = buf;
    used = (size_t)n + 1;
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
