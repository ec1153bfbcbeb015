/* The one mapping from a run's error to the process exit code (README: exit codes). Exit 2
 * promises that nothing was sent, so an error after the first request is never 2. */
#include <signal.h>

#include "base/errors.h"
#include "base/signals.h"
#include "cli/cli.h"
#include "cli/cli_internal.h"

int exit_code_for(int rc, const struct summary *sum)
{
  switch (rc) {
  case CSP_E_OK:
    return summary_has_problems(sum) ? CLI_EXIT_ROWS : CLI_EXIT_OK;
  case CSP_E_LOCKED:
    return CLI_EXIT_LOCKED;
  case CSP_E_INTERRUPTED:
    return signals_caught() == SIGTERM ? CLI_EXIT_SIGTERM : CLI_EXIT_SIGINT;
  case CSP_E_AUTH:
  case CSP_E_FORBIDDEN:
  case CSP_E_UNREACHABLE:
  case CSP_E_PROTOCOL:
  case CSP_E_SANDBOX:
    return CLI_EXIT_FATAL;
  default:
    /* 2 says nothing was sent: an error after the first request (the report or the summary
     * could not be written) is a fatal error of the run instead. */
    return sum && sum->requests > 0 ? CLI_EXIT_FATAL : CLI_EXIT_USAGE;
  }
}
