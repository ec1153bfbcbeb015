/* The sandbox behind `run --sandbox` and `validate --sandbox`: started quietly in the
 * program's own process on a free port, with the demo tenants of samples/ when run from the
 * source tree. main.c hands these two functions to the command line (cli_use_sandbox), so the
 * core library never includes the sandbox. */
#include <stdio.h>
#include <unistd.h>

#include "base/diag.h"
#include "sandbox/sandbox.h"

/* Demo tenants the in-process sandbox knows (invites, taken domains), when run from the
 * source tree. */
#define SANDBOX_DEMO_TENANTS "samples/sandbox-tenants.json"

int sandbox_start_in_process(char *base_url, size_t cap, void **server)
{
  struct sandbox_options so;
  sandbox_options_init(&so);
  so.quiet = true;
  if (access(SANDBOX_DEMO_TENANTS, R_OK) == 0)
    so.tenants_file = SANDBOX_DEMO_TENANTS;
  struct sandbox *sb = NULL;
  int rc = sandbox_start(&so, &sb);
  *server = sb;
  if (rc)
    return rc;
  (void)snprintf(base_url, cap, "http://127.0.0.1:%u", sandbox_port(sb));
  diag_info("sandbox listening on %s", base_url);
  return 0;
}

void sandbox_stop_in_process(void *server)
{
  sandbox_free(server);
}
