/* `csponboard rules`: list every market of regions.yaml, show one market's effective rules,
 * lint every rule file, or sync markets from Partner Center's country validation rules into
 * their overlays. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_internal.h"
#include "cli/data_dir.h"
#include "base/limits.h"
#include "cli/options.h"
#include "base/diag.h"
#include "base/errors.h"
#include "rules/rules.h"
#include "cli/rules_sync.h"
#include "base/clock.h"

/* Every code of regions.yaml, with its market's name (each market file is read) and group. */
static int rules_list(const struct rules *rules)
{
  for (size_t i = 0; i < rules_region_count(rules); i++) {
    const char *cc = rules_region_code(rules, i);
    const char *group = rules_market_group(rules, cc);
    const struct market_rules *m = rules_market(rules, cc);
    const char *name = m                                  ? market_rules_name(m)
                       : rules_market_has_file(rules, cc) ? "(market file does not load)"
                                                          : "(no market file)";
    const char *reason = m ? market_rules_rejected_reason(m) : NULL;
    printf("%s  %-28s %s%s\n", cc, name, group ? group : "(no market group)",
           reason ? "  (embargoed: every row is rejected)" : "");
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

static const struct command cli_rules_list_command, cli_rules_show_command, cli_rules_check_command,
    cli_rules_sync_command;

/* rules sync CC... [options]: sign in as run does, fetch each market's rules, write them. */
static int rules_sync_command(int argc, char **argv)
{
  struct session s;
  struct execution x;
  struct summary sum;
  memset(&x, 0, sizeof(x));
  summary_init(&sum, "rules sync", clock_now_ms());
  struct api_endpoint ep;
  int rc = open_command_session(&s, &cli_rules_sync_command, argc, argv, NEEDS_INPUT);
  if (!rc && !(rc = resolve_endpoint(&s, &x, &ep))) {
    rc = api_session_init(&x.api, &s.cfg, &ep);
    x.api_open = rc == CSP_E_OK;
  }
  if (!rc)
    rc = rules_sync(&x.api, s.opts.rules_dir, s.opts.out_dir, s.args.operand, (size_t)s.args.count);
  int code = rc ? exit_code_for(rc, &sum) : CLI_EXIT_OK;
  end_execution(&x, &sum);
  close_session(&s);
  return code;
}

/* list, show and check: parse cmd's options (--rules), load the rules (checking every file
 * for check), then act. */
static int rules_read_command(const struct command *cmd, int argc, char **argv)
{
  struct options opts;
  struct cmd_args args;
  if (options_parse_command(cmd, argc, argv, &opts, &args))
    return CLI_EXIT_USAGE;
  bool check = cmd == &cli_rules_check_command;
  struct rules *rules = NULL;
  char installed[CSP_MAX_PATH];
  const char *dir = NULL;
  if (rules_dir_resolve(opts.rules_dir, NULL, installed, sizeof(installed), &dir))
    return CLI_EXIT_USAGE;
  int code = rules_open(dir, check, &rules) ? CLI_EXIT_USAGE : CLI_EXIT_OK;
  if (!code && cmd == &cli_rules_list_command)
    code = rules_list(rules);
  else if (!code && cmd == &cli_rules_show_command)
    code = rules_show(rules, opts.input);
  else if (!code)
    printf("%zu markets, every rule file is valid\n", rules_market_count(rules));
  rules_close(rules);
  return code;
}

static int rules_list_command(int argc, char **argv)
{
  return rules_read_command(&cli_rules_list_command, argc, argv);
}

static int rules_show_command(int argc, char **argv)
{
  return rules_read_command(&cli_rules_show_command, argc, argv);
}

static int rules_check_command(int argc, char **argv)
{
  return rules_read_command(&cli_rules_check_command, argc, argv);
}

static const struct opt_group *const rules_groups[] = {&options_rules, NULL};

static const struct command cli_rules_list_command = {
    .name = "rules list",
    .summary = "every market code of regions.yaml with its name and market group",
    .groups = rules_groups,
    .run = rules_list_command,
};

static const struct command cli_rules_show_command = {
    .name = "rules show",
    .operands = "CC",
    .summary = "one market's effective rules (common merged with the market)",
    .groups = rules_groups,
    .run = rules_show_command,
};

static const struct command cli_rules_check_command = {
    .name = "rules check",
    .summary = "lint every rule file: all markets read, their examples run, a file per code",
    .groups = rules_groups,
    .run = rules_check_command,
};

static const struct opt_group *const sync_groups[] = {
    &options_rules,   &options_sync, &options_config, &options_endpoint, &options_sandbox,
    &options_logging, NULL,
};

static const struct command cli_rules_sync_command = {
    .name = "rules sync",
    .operands = "CC...",
    .summary = "fetch Partner Center's country validation rules into the markets' overlays",
    .details = "Fetch Partner Center's country validation rules for the markets CC... and write "
               "each answer as the partner_center: block of the market's overlay, "
               "RULES/overlay/CC.yaml (--out DIR: DIR/overlay/CC.yaml), keeping the rest of "
               "the overlay; scripts/gen-markets then merges it into the market file.",
    .groups = sync_groups,
    .run = rules_sync_command,
};

static const struct command *const rules_subcommands[] = {
    &cli_rules_list_command,
    &cli_rules_show_command,
    &cli_rules_check_command,
    &cli_rules_sync_command,
    NULL,
};

const struct command cli_rules_command = {
    .name = "rules",
    .summary = "list, show, check or sync the market rules",
    .groups = rules_groups,
    .subcommands = rules_subcommands,
};
