/* Placeholder until the sandbox lands (issue "sandbox"): delete when server.c exists. */
#include "sandbox/sandbox.h"

#include "diag.h"
#include "errors.h"

void sandbox_options_init(struct sandbox_options *opts)
{
  (void)opts;
}

int sandbox_start(const struct sandbox_options *opts, struct sandbox **out)
{
  (void)opts;
  *out = NULL;
  return CSP_E_SANDBOX;
}

unsigned sandbox_port(const struct sandbox *sb)
{
  (void)sb;
  return 0;
}

void sandbox_free(struct sandbox *sb)
{
  (void)sb;
}

int sandbox_main(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  diag_error("the sandbox is not built yet");
  return 2;
}
