/* The sandbox behind `run --sandbox` and `validate --sandbox`: started quietly in the
 * program's own process on a free port, with the demo tenants the command line found (the
 * configuration's sandbox.tenants, or the shipped ones: cli/data_dir.h). main.c hands these two
 * functions to the command line (cli_use_sandbox), so the core library never includes the sandbox.
 */
#include <stdio.h>

#include "base/diag.h"
#include "sandbox/sandbox.h"

int sandbox_open_in_process(const char *tenants_file, char *base_url, size_t cap, void **server)
{
  struct sandbox_options so;
  sandbox_options_init(&so);
  so.quiet = true;
  so.tenants_file = tenants_file;
  struct sandbox *sb = NULL;
  int rc = sandbox_open(&so, &sb);
  *server = sb;
  if (rc)
    return rc;
  (void)snprintf(base_url, cap, "http://127.0.0.1:%u", sandbox_port(sb));
  diag_info("sandbox listening on %s", base_url);
  return 0;
}

void sandbox_close_in_process(void *server)
{
  sandbox_close(server);
}
