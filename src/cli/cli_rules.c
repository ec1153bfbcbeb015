/* `csponboard rules`: list the markets with rules, show one market's effective rules, lint
 * every rule file, or sync markets from Partner Center's country validation rules. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_internal.h"
#include "base/diag.h"
#include "base/errors.h"
#include "rules/rules.h"
#include "cli/rules_sync.h"
#include "base/clock.h"

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

/* rules sync CC... [options]: the codes come first, then the options of run that apply
 * (--config, --out, --sandbox, --sandbox-url, --api-url, --token-url). */
static int rules_sync_command(const char *rules_dir, int argc, char **argv)
{
  int ncodes = 1;
  while (ncodes < argc && strncmp(argv[ncodes], "--", 2))
    ncodes++;
  if (ncodes == 1) {
    diag_error("usage: csponboard rules sync CC... [--out DIR] [--config FILE] "
               "[--sandbox | --sandbox-url URL | --api-url URL]");
    return CLI_EXIT_USAGE;
  }
  char *opt_argv[64] = {"rules sync"};
  int opt_argc = 1;
  for (int i = ncodes; i < argc && opt_argc < 63; i++)
    opt_argv[opt_argc++] = argv[i];
  struct session s;
  struct execution x;
  struct summary sum;
  memset(&x, 0, sizeof(x));
  summary_init(&sum, "rules sync", clock_now_ms());
  struct api_endpoint ep;
  int rc = open_session(&s, opt_argc, opt_argv, 0);
  if (!rc && !(rc = rules_load(rules_dir, false, &s.rules)) &&
      !(rc = resolve_endpoint(&s, &x, &ep))) {
    rc = api_session_open(&x.api, &s.cfg, &ep);
    x.api_open = true;
  }
  if (!rc)
    rc = rules_sync(&x.api, s.rules, rules_dir, s.opts.out_dir, argv + 1, (size_t)ncodes - 1);
  int code = rc ? exit_code_for(rc, &sum) : CLI_EXIT_OK;
  end_execution(&x, &sum);
  close_session(&s);
  return code;
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
  if (!strcmp(verb, "sync"))
    return rules_sync_command(dir, argc - argi, argv + argi);
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
