/* `csponboard help [COMMAND...]` and `CMD --help`: a command's usage line, its summary, its
 * subcommands and the options of its own groups, all read from the command tree. The hidden
 * modes `help --man`, `help --completion` and `help --commands` print the generated man page,
 * bash completion and the list of command paths. */
#include "cli/command.h"

#include <string.h>

#include "base/diag.h"
#include "cli/cli.h"

static void print_path(const struct command *cmd, FILE *out)
{
  fprintf(out, "csponboard%s%s", *cmd->name ? " " : "", cmd->name);
}

static void print_options(const struct command *cmd, FILE *out)
{
  for (const struct opt_group *const *g = cmd->groups; g && *g; g++) {
    fprintf(out, "\n%s:\n", (*g)->title);
    for (size_t i = 0; i < (*g)->count; i++) {
      const struct opt_def *d = &(*g)->defs[i];
      char left[64];
      snprintf(left, sizeof(left), "%s%s%s", d->name, d->arg ? " " : "", d->arg ? d->arg : "");
      fprintf(out, "  %-30s %s\n", left, d->help);
    }
  }
  fprintf(out, "\n  %-30s %s\n", "--help", "this help");
}

static void print_subcommands(const struct command *cmd, FILE *out)
{
  fputs("\ncommands:\n", out);
  for (const struct command *const *s = cmd->subcommands; *s; s++)
    fprintf(out, "  %-16s %s\n", command_word(*s), (*s)->summary);
  if (!*cmd->name)
    fprintf(out, "  %-16s %s\n", "help [COMMAND]", "a command's options (also: COMMAND --help)");
}

void command_usage(const struct command *cmd, FILE *out)
{
  fputs("usage: ", out);
  print_path(cmd, out);
  if (cmd->subcommands)
    fputs(" COMMAND", out);
  if (cmd->groups || cmd->subcommands)
    fputs(" [options]", out);
  if (cmd->operands)
    fprintf(out, " %s", cmd->operands);
  fprintf(out, "\n\n%s\n", cmd->summary);
  if (cmd->subcommands)
    print_subcommands(cmd, out);
  if (cmd->groups)
    print_options(cmd, out);
  if (cmd->subcommands) {
    fputs("\n'", out);
    print_path(cmd, out);
    fputs(" COMMAND --help' lists a command's options.\n", out);
  }
}

static void list_commands(const struct command *cmd, FILE *out)
{
  if (*cmd->name)
    fprintf(out, "%s\n", cmd->name);
  for (const struct command *const *s = cmd->subcommands; s && *s; s++)
    list_commands(*s, out);
}

int command_help(const struct command *root, int argc, char **argv)
{
  if (argc == 2 && !strcmp(argv[1], "--man"))
    command_write_man(root, stdout);
  else if (argc == 2 && !strcmp(argv[1], "--completion"))
    command_write_completion(root, stdout);
  else if (argc == 2 && !strcmp(argv[1], "--commands"))
    list_commands(root, stdout);
  else {
    const struct command *cmd = root;
    for (int i = 1; i < argc; i++)
      if (!(cmd = command_find(cmd, argv[i]))) {
        diag_error("no command 'csponboard help %s': see 'csponboard help'", argv[i]);
        return CLI_EXIT_USAGE;
      }
    command_usage(cmd, stdout);
  }
  return CLI_EXIT_OK;
}
