/* The commands behind main's table, and the process exit codes of SPEC §3. */
#ifndef CSP_CLI_H
#define CSP_CLI_H

enum cli_exit {
  CLI_EXIT_OK = 0,      /* every row succeeded or was skipped as already done */
  CLI_EXIT_ROWS = 1,    /* the run completed but some rows are invalid or failed */
  CLI_EXIT_USAGE = 2,   /* usage or configuration error: nothing was sent */
  CLI_EXIT_FATAL = 3,   /* fatal during the run: remaining rows not_attempted */
  CLI_EXIT_LOCKED = 75, /* another run holds the journal lock */
  CLI_EXIT_SIGINT = 130,
  CLI_EXIT_SIGTERM = 143,
};

#include "cli/command.h"

/* The commands of the core, each defined in its cli_<command>.c (main.c lists them). */
extern const struct command cli_run_command;
extern const struct command cli_validate_command;
extern const struct command cli_template_command;
extern const struct command cli_rules_command;
extern const struct command cli_invites_command;
extern const struct command cli_summary_command;
extern const struct command cli_auth_command;

/* The in-process API server behind --sandbox. The program passes it in (main.c gives the
 * sandbox's), so that the core library does not depend on the test server. start writes the
 * server's base URL into base_url (cap bytes) and a handle for stop into *server; it returns
 * 0 or an error (already logged). */
struct cli_sandbox {
  /* tenants_file: the demo tenants (config sandbox.tenants, else the shipped ones), or NULL */
  int (*start)(const char *tenants_file, char *base_url, size_t cap, void **server);
  void (*stop)(void *server);
};

/* Sets the server --sandbox starts (borrowed for the process's life; NULL: --sandbox is
 * refused). Called once by main before any subcommand runs. */
void cli_use_sandbox(const struct cli_sandbox *sandbox);

/* Each takes argv without the program name (argv[0] is the subcommand) and returns the exit
 * code. */
int cli_run(int argc, char **argv);
int cli_validate(int argc, char **argv);

#endif
