/* `csponboard invites status`: for the invited rows of a journal, which customers have
 * accepted (they now appear in the partner's customer list). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "execute/api_reads.h"
#include "cli/cli.h"
#include "cli/cli_internal.h"
#include "cli/options.h"
#include "base/clock.h"
#include "partner_center/customer_index.h"
#include "base/diag.h"
#include "base/errors.h"
#include "invites/invites_status.h"
#include "journal/journal.h"

/* invites status: page the customer list once, then check every invited row of the journal.
 * The journal must exist already (opening would create an empty one) and is locked like a
 * run's, so a check never overlaps a run (exit 75). */
static int check_invites(struct session *s, struct execution *x)
{
  const char *path = s->opts.journal_path;
  if (access(path, F_OK) != 0) {
    diag_error("no journal %s: invites status reads the journal of an earlier run (pass "
               "--journal FILE, or the INPUT of that run)",
               path);
    return CSP_E_USAGE;
  }
  struct api_endpoint ep;
  struct customer_index *customers = NULL;
  struct invites_tally tally;
  int rc = config_check_partner(&s->cfg, s->opts.config_path);
  if (!rc)
    rc = resolve_endpoint(s, x, &ep);
  if (!rc)
    rc = journal_open(path, &x->journal);
  if (!rc) {
    rc = api_session_init(&x->api, &s->cfg, &ep);
    x->api_open = rc == CSP_E_OK;
  }
  if (!rc)
    rc = api_read_customers(&x->api, &customers);
  if (!rc)
    rc = invites_status_write(x->journal, customers, stdout, clock_wall_s(), &tally);
  if (!rc)
    diag_info("invites status: %lld invited, %lld accepted (%lld new since the last check), "
              "%lld not yet",
              tally.invited, tally.accepted, tally.newly_accepted, tally.invited - tally.accepted);
  customer_index_close(customers);
  return rc;
}

static const struct command cli_invites_status_command;

static int invites_status_command(int argc, char **argv)
{
  struct session s;
  struct summary sum;
  struct execution x;
  memset(&x, 0, sizeof(x));
  summary_init(&sum, "invites status", clock_now_ms());
  int rc =
      open_command_session(&s, &cli_invites_status_command, argc, argv, NEEDS_INPUT_OR_JOURNAL);
  if (!rc)
    rc = check_invites(&s, &x);
  int code = exit_code_for(rc, &sum);
  if (rc == CSP_E_LOCKED)
    diag_error("a run holds %s; check again when it has finished", s.opts.journal_path);
  end_execution(&x, &sum);
  close_session(&s);
  return code;
}

static const struct opt_group *const status_groups[] = {
    &options_files, &options_config, &options_endpoint, &options_sandbox, &options_logging, NULL,
};

static const struct command cli_invites_status_command = {
    .name = "invites status",
    .operands = "[INPUT]",
    .summary =
        "for the invited rows of a journal (--journal, or INPUT's), which customers have accepted",
    .groups = status_groups,
    .run = invites_status_command,
};

static const struct command *const invites_subcommands[] = {&cli_invites_status_command, NULL};

const struct command cli_invites_command = {
    .name = "invites",
    .summary = "invitations sent by earlier runs",
    .subcommands = invites_subcommands,
};
