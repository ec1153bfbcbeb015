/* Subcommand front ends: parse options, set up logging, load configuration and rules, run the
 * pipeline, and turn the outcome into the exit code of SPEC §3. The only place that maps run
 * errors to exit statuses. */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "diag.h"
#include "errors.h"
#include "input/fields.h"
#include "options.h"
#include "pipeline.h"
#include "report.h"
#include "rules/rules.h"
#include "signals.h"
#include "summary.h"

struct session {
  struct options opts;
  struct config cfg;
  struct rules *rules;
  char paths[8192];
};

static int exit_code_for(int rc, const struct summary *sum)
{
  switch (rc) {
  case CSP_E_OK:
    return summary_has_problems(sum) ? CLI_EXIT_ROWS : CLI_EXIT_OK;
  case CSP_E_LOCKED:
    return CLI_EXIT_LOCKED;
  case CSP_E_INTERRUPTED:
    return signals_caught() == 15 ? CLI_EXIT_SIGTERM : CLI_EXIT_SIGINT;
  case CSP_E_AUTH:
  case CSP_E_FORBIDDEN:
  case CSP_E_UNREACHABLE:
  case CSP_E_PROTOCOL:
  case CSP_E_SANDBOX:
    return CLI_EXIT_FATAL;
  default:
    return CLI_EXIT_USAGE;
  }
}

static void setup_logging(const struct options *o)
{
  diag_setup(o->json_logs ? DIAG_JSON : DIAG_TEXT, o->quiet ? DIAG_ERROR : DIAG_INFO, NULL);
}

/* Options, logging, configuration and rules: everything before the first row. */
static int open_session(struct session *s, int argc, char **argv, bool needs_input)
{
  memset(s, 0, sizeof(*s));
  config_init(&s->cfg);
  int rc = options_parse(argc, argv, &s->opts);
  setup_logging(&s->opts);
  if (rc || s->opts.help)
    return rc;
  if (needs_input && !s->opts.input) {
    diag_error("%s needs an INPUT file (see 'csponboard %s --help')", argv[0], argv[0]);
    return CSP_E_USAGE;
  }
  if ((rc = options_default_paths(&s->opts, s->paths, sizeof(s->paths))))
    return rc;
  if (access(s->opts.config_path, F_OK) != 0) {
    diag_error("no configuration file %s: copy samples/csponboard.yaml and set your partner "
               "details, or pass --config FILE", s->opts.config_path);
    return CSP_E_CONFIG;
  }
  if ((rc = config_load(&s->cfg, s->opts.config_path)))
    return rc;
  return rules_load(s->opts.rules_dir, false, &s->rules);
}

static void close_session(struct session *s)
{
  rules_free(s->rules);
  config_release(&s->cfg);
}

static int finish(const struct session *s, int rc, struct summary *sum)
{
  sum->exit_code = exit_code_for(rc, sum);
  if (sum->rows || rc == CSP_E_OK || sum->stopped_because) {
    if (!s->opts.quiet)
      summary_print(sum, diag_stream());
    if (s->opts.summary_json && summary_save_json(sum, s->opts.summary_json))
      sum->exit_code = sum->exit_code ? sum->exit_code : CLI_EXIT_USAGE;
  }
  return sum->exit_code;
}

int cli_validate(int argc, char **argv)
{
  struct session s;
  struct summary sum;
  summary_init(&sum, "validate", clock_now_ms());
  int rc = open_session(&s, argc, argv, true);
  if (!rc && s.opts.help) {
    options_usage(stdout, "validate");
    close_session(&s);
    return CLI_EXIT_OK;
  }
  if (!rc) {
    struct pipeline_setup setup = {.opts = &s.opts, .cfg = &s.cfg, .rules = s.rules};
    rc = pipeline_run(&setup, &sum);
  }
  int code = finish(&s, rc, &sum);
  close_session(&s);
  return code;
}

int cli_run(int argc, char **argv)
{
  (void)argc;
  diag_error("'%s' needs the execution stage, which is not built yet; use 'validate'",
             argv[0]);
  return CLI_EXIT_USAGE;
}

static const char *const example_row[FIELD_COUNT] = {
    [FIELD_ACTION] = "create",
    [FIELD_COMPANY_NAME] = "Contoso Ltd",
    [FIELD_DOMAIN] = "contosoltd",
    [FIELD_FIRST_NAME] = "Avery",
    [FIELD_LAST_NAME] = "Smith",
    [FIELD_EMAIL] = "avery.smith@contoso.example",
    [FIELD_PHONE] = "+1 425 555 0100",
    [FIELD_ADDRESS_LINE1] = "1 Microsoft Way",
    [FIELD_CITY] = "Redmond",
    [FIELD_STATE] = "WA",
    [FIELD_POSTAL_CODE] = "98052",
    [FIELD_COUNTRY] = "US",
    [FIELD_CULTURE] = "en-US",
    [FIELD_LANGUAGE] = "en",
};

int cli_template(int argc, char **argv)
{
  (void)argv;
  if (argc > 1) {
    diag_error("template takes no arguments; it prints an empty input CSV on stdout");
    return CLI_EXIT_USAGE;
  }
  for (int f = 0; f < FIELD_COUNT; f++)
    printf("%s%s", f ? "," : "", field_name((enum field_id)f));
  putchar('\n');
  for (int f = 0; f < FIELD_COUNT; f++) {
    if (f)
      putchar(',');
    report_write_cell(stdout, example_row[f] ? example_row[f] : "");
  }
  putchar('\n');
  return CLI_EXIT_OK;
}

static int rules_list(const struct rules *rules)
{
  for (size_t i = 0; i < rules_market_count(rules); i++) {
    const char *cc = rules_market_code(rules, i);
    const char *group = rules_market_group(rules, cc);
    printf("%s  %-28s %s\n", cc, market_rules_name(rules_market(rules, cc)),
           group ? group : "(no market group)");
  }
  return CLI_EXIT_OK;
}

static int rules_show(const struct rules *rules, const char *cc)
{
  if (!cc || !rules_market(rules, cc)) {
    diag_error("rules show needs a market with rules (see 'csponboard rules list'), got '%s'",
               cc ? cc : "");
    return CLI_EXIT_USAGE;
  }
  rules_describe(rules, cc, stdout);
  return CLI_EXIT_OK;
}

int cli_rules(int argc, char **argv)
{
  const char *dir = "schemas";
  int argi = 1;
  if (argi + 1 < argc && !strcmp(argv[argi], "--rules")) {
    dir = argv[argi + 1];
    argi += 2;
  }
  const char *verb = argi < argc ? argv[argi] : "";
  if (!strcmp(verb, "sync")) {
    diag_error("'rules sync' needs the Partner Center client, which is not built yet");
    return CLI_EXIT_USAGE;
  }
  if (strcmp(verb, "list") && strcmp(verb, "show") && strcmp(verb, "check")) {
    diag_error("usage: csponboard rules [--rules DIR] list | show CC | check | sync CC...");
    return CLI_EXIT_USAGE;
  }
  struct rules *rules = NULL;
  int rc = rules_load(dir, !strcmp(verb, "check"), &rules);
  int code = rc ? CLI_EXIT_USAGE : CLI_EXIT_OK;
  if (!rc && !strcmp(verb, "list"))
    code = rules_list(rules);
  else if (!rc && !strcmp(verb, "show"))
    code = rules_show(rules, argi + 1 < argc ? argv[argi + 1] : NULL);
  else if (!rc)
    printf("%zu markets, every rule file is valid\n", rules_market_count(rules));
  rules_free(rules);
  return code;
}

int cli_invites(int argc, char **argv)
{
  (void)argc;
  diag_error("'%s status' needs the execution stage, which is not built yet", argv[0]);
  return CLI_EXIT_USAGE;
}
