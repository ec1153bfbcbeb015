/* From argv to the command that runs: `help`, `--version`, the command word, then its
 * subcommand's word (options typed before it are moved after it, so they reach the
 * subcommand's parse), then `--help` anywhere answered from the tables without running the
 * command, so help never loads configuration or rules. */
#include "cli/command.h"

#include <string.h>

#include "base/diag.h"
#include "cli/cli.h"
#include "cli/version.h"
#include "http/transfer.h"

/* Index of the first operand of argv (argv[0] names cmd), skipping cmd's own options and
 * their values; 0 when there is none. */
static int first_operand(const struct command *cmd, int argc, char **argv)
{
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "--"))
      return i + 1 < argc ? i + 1 : 0;
    if (arg[0] != '-' || !strcmp(arg, "-"))
      return i;
    const char *eq = strchr(arg, '=');
    const struct opt_def *def =
        command_find_option(cmd, arg, eq ? (size_t)(eq - arg) : strlen(arg), NULL);
    if (def && def->arg && !eq)
      i++;
  }
  return 0;
}

/* Moves argv[from] to argv[1], keeping the order of the arguments between. */
static void rotate_to_front(char **argv, int from)
{
  char *word = argv[from];
  memmove(argv + 2, argv + 1, (size_t)(from - 1) * sizeof(*argv));
  argv[1] = word;
}

/* Descends from cmd (named by argv[0]) to the deepest subcommand argv names; argc and argv
 * then start at that subcommand's word. *unknown is set to a word that names no subcommand. */
static const struct command *descend(const struct command *cmd, int *argc, char ***argv,
                                     const char **unknown)
{
  *unknown = NULL;
  while (cmd->subcommands) {
    int at = first_operand(cmd, *argc, *argv);
    const struct command *sub = at ? command_find(cmd, (*argv)[at]) : NULL;
    if (!sub) {
      *unknown = at ? (*argv)[at] : NULL;
      return cmd;
    }
    rotate_to_front(*argv, at);
    (*argv)++;
    (*argc)--;
    cmd = sub;
  }
  return cmd;
}

static bool asks_help(int argc, char **argv)
{
  for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
      return true;
  return false;
}

static int run_command(const struct command *cmd, int argc, char **argv)
{
  const char *unknown;
  cmd = descend(cmd, &argc, &argv, &unknown);
  if (asks_help(argc, argv)) {
    command_usage(cmd, stdout);
    return CLI_EXIT_OK;
  }
  if (cmd->subcommands) {
    if (unknown)
      diag_error("unknown command 'csponboard %s %s'", cmd->name, unknown);
    else
      diag_error("'csponboard %s' needs a command", cmd->name);
    command_usage(cmd, diag_stream());
    return CLI_EXIT_USAGE;
  }
  if (http_global_init())
    return CLI_EXIT_FATAL;
  int code = cmd->run(argc, argv);
  http_global_release();
  return code;
}

int command_main(const struct command *root, int argc, char **argv)
{
  if (argc < 2) {
    command_usage(root, diag_stream());
    return CLI_EXIT_USAGE;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    command_usage(root, stdout);
    return CLI_EXIT_OK;
  }
  if (!strcmp(argv[1], "--version")) {
    version_print(stdout);
    return CLI_EXIT_OK;
  }
  if (!strcmp(argv[1], "help"))
    return command_help(root, argc - 1, argv + 1);
  const struct command *cmd = command_find(root, argv[1]);
  if (!cmd) {
    diag_error("unknown command '%s'", argv[1]);
    command_usage(root, diag_stream());
    return CLI_EXIT_USAGE;
  }
  return run_command(cmd, argc - 1, argv + 1);
}
