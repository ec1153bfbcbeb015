/* Private to the subcommand files (cli.c, cli_rules.c, cli_invites.c, cli_template.c): the
 * session every subcommand opens (options, logging, configuration, rules), the endpoint and
 * sign-in plumbing shared by run, validate --online, invites status and rules sync, and the
 * one mapping from run errors to exit codes. */
#ifndef CSP_CLI_INTERNAL_H
#define CSP_CLI_INTERNAL_H

#include <stdbool.h>

#include "execute/api_session.h"
#include "cli/command.h"
#include "journal/journal.h"
#include "cli/config.h"
#include "cli/options.h"
#include "rules/rules.h"
#include "report/summary.h"

struct executor;
struct journal;
struct pipeline;

struct session {
  struct options opts;
  struct cmd_args args; /* every operand, and --help */
  struct config cfg;
  struct rules *rules;
  char paths[8192];
  char rules_path[4096]; /* the installed rule folder, when no other is given */
  char page_path[4096];  /* the summary page run and validate write, or "" (--no-html) */
  enum { OUTPUTS_UNCHECKED, OUTPUTS_OK, OUTPUTS_REFUSED } outputs;
  const char *refused_output; /* OUTPUTS_REFUSED: the path found wrong */
};

/* What a subcommand needs before it starts (open_session). */
enum session_needs {
  NEEDS_INPUT = 1,            /* the positional INPUT */
  NEEDS_INPUT_OR_JOURNAL = 2, /* INPUT (for the default journal path) or --journal */
  NEEDS_RULES = 4,            /* the market rules */
};

/* Everything a run or an online validation holds besides the session. */
struct execution {
  struct pipeline *pipeline;
  void *sandbox; /* the --sandbox server (struct cli_sandbox's handle), or NULL */
  struct journal *journal;
  struct journal *lookup_journal; /* validate: an earlier run's journal, read only */
  /* validate without --online: the run lock alone (journal_lock.h) while lock_held */
  int lock_fd;
  char *lock_path;
  bool lock_held;
  struct api_session api;
  bool api_open;
  struct executor *executor;
  long long run_id;
  char base_url[256];
  char token_url[320];
};

/* Parses argv against cmd's own options (argv[0] is the command's word), sets up logging,
 * loads the configuration and, with NEEDS_RULES, the rules. Returns 0 or the error (already
 * logged). */
int open_command_session(struct session *s, const struct command *cmd, int argc, char **argv,
                         unsigned needs);
/* The same accepting any option of struct options (prefer open_command_session). */
int open_session(struct session *s, int argc, char **argv, unsigned needs);
void close_session(struct session *s);
/* Where the API is and who signs in: the sandbox (started here with --sandbox; its default
 * app), --sandbox-url, --api-url, or the configuration. */
int resolve_endpoint(struct session *s, struct execution *x, struct api_endpoint *ep);
/* Releases everything an execution holds (and records the run's end in the journal). */
void end_execution(struct execution *x, struct summary *sum);
/* SPEC §3's exit code for a run error and the rows' tally. */
int exit_code_for(int rc, const struct summary *sum);

#endif
