/* csponboard's entry point: the command tree. Each command is defined beside its code
 * (src/cli/cli_<command>.c, src/sandbox/cli.c) with its own option groups; this list is
 * what the program offers, in the order help shows it. Only this file decides how the
 * process ends. */
#include "cli/cli.h"
#include "cli/command.h"
#include "sandbox/sandbox.h"

static const struct command *const commands[] = {
    &cli_run_command,   &cli_validate_command, &cli_template_command,
    &cli_rules_command, &cli_invites_command,  &cli_summary_command,
    &cli_auth_command,  &sandbox_command,      NULL,
};

static const struct command root = {
    .name = "",
    .summary = "Onboard customers into the Microsoft CSP program in bulk.",
    .subcommands = commands,
};

/* --sandbox's server: the core library (cli/) is handed it rather than including sandbox/. */
static const struct cli_sandbox in_process_sandbox = {sandbox_open_in_process,
                                                      sandbox_close_in_process};

int main(int argc, char **argv)
{
  cli_use_sandbox(&in_process_sandbox);
  return command_main(&root, argc, argv);
}
