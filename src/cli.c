/* Subcommand front ends: parse options, load config and rules, hand over to the pipeline.
 * (Skeleton: filled in by the offline pipeline work.) */
#include "cli.h"

#include "diag.h"

static int not_yet(const char *name)
{
  diag_error("'%s' is not implemented yet", name);
  return CLI_EXIT_USAGE;
}

int cli_run(int argc, char **argv)
{
  (void)argc;
  return not_yet(argv[0]);
}

int cli_validate(int argc, char **argv)
{
  (void)argc;
  return not_yet(argv[0]);
}

int cli_template(int argc, char **argv)
{
  (void)argc;
  return not_yet(argv[0]);
}

int cli_rules(int argc, char **argv)
{
  (void)argc;
  return not_yet(argv[0]);
}

int cli_invites(int argc, char **argv)
{
  (void)argc;
  return not_yet(argv[0]);
}
