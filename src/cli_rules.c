/* `csponboard rules`: list the markets with rules, show one market's effective rules, lint
 * every rule file, or sync markets from Partner Center's country validation rules. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_internal.h"
#include "diag.h"
#include "errors.h"
#include "rules/rules.h"

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
