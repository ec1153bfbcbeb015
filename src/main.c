/* csponboard's entry point: the subcommand table. Each subcommand is one function that
 * returns the process exit code; only this file decides how the process ends. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "http/transfer.h"
#include "sandbox/sandbox.h"

struct subcommand {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
};

static const struct subcommand subcommands[] = {
    {"run", cli_run, "validate, classify and execute; write the report"},
    {"validate", cli_validate, "the same without any write to Partner Center (dry run)"},
    {"template", cli_template, "print an empty input CSV with every column and an example row"},
    {"rules", cli_rules, "rules list | show CC | check | sync CC..."},
    {"invites", cli_invites, "invites status: which invited customers have accepted"},
    {"summary", cli_summary, "write the summary page (HTML) of a report and its journal"},
    {"sandbox", sandbox_main, "run the Partner Center-compatible sandbox server"},
};

static void print_usage(FILE *out)
{
  fputs("usage: csponboard COMMAND [options] [INPUT]\n\ncommands:\n", out);
  for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
    fprintf(out, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);
  fputs("\n'csponboard COMMAND --help' lists a command's options.\n", out);
}

int main(int argc, char **argv)
{
  if (argc < 2) {
    print_usage(stderr);
    return CLI_EXIT_USAGE;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    print_usage(stdout);
    return 0;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("csponboard %s\n", CSP_VERSION);
    return 0;
  }
  for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
    if (strcmp(argv[1], subcommands[i].name))
      continue;
    if (http_global_init())
      return CLI_EXIT_FATAL;
    int code = subcommands[i].run(argc - 1, argv + 1);
    http_global_cleanup();
    return code;
  }
  fprintf(stderr, "csponboard: unknown command '%s'\n", argv[1]);
  print_usage(stderr);
  return CLI_EXIT_USAGE;
}
