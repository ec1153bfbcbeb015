/* The Partner Center-compatible sandbox server (SPEC §10): a libmicrohttpd server on
 * 127.0.0.1 serving the routes of partner-center.md with its own rule data, for tests,
 * benchmarks and first runs. This header is the whole public surface: start it in-process,
 * ask its port, stop it; or run it as the `csponboard sandbox` subcommand. */
#ifndef CSP_SANDBOX_H
#define CSP_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

struct sandbox;
struct command;

struct sandbox_options {
  unsigned port;             /* 0: a free port */
  unsigned long seed;        /* drives latency jitter and fault draws */
  unsigned latency_ms;       /* mean added latency per request; 0 = none */
  double rate_per_s;         /* requests per second before 429; 0 = unlimited */
  const char *faults;        /* "500=0.1,reset=0.05,..." or NULL; borrowed during start */
  const char *tenants_file;  /* pre-existing tenants/domains, or NULL; borrowed during start */
  bool deny_admin;           /* every partner call gets the 403 role message */
  char partner_market[3];    /* "US" by default */
  const char *client_id;     /* default "sandbox-app" */
  const char *client_secret; /* default "sandbox-secret" */
  const char *refresh_token; /* default "sandbox-refresh-token" */
  unsigned token_ttl_s;      /* lifetime of issued access tokens; default 3600 */
  bool quiet;                /* no request log on stderr */
  /* Who the partner is: "direct" (default), "indirect_provider", "indirect_reseller" or
   * "advisor". An indirect reseller gets the indirect form of the relationship link and 403
   * 600006 on create. Borrowed during start. */
  const char *partner_type;
  const char *partner_tenant_id;  /* default 11111111-2222-3333-4444-555555555555 */
  const char *partner_mpn_id;     /* default "1234567" */
  const char *provider_tenant_id; /* indirect reseller's provider (indirectCSPId) */
  unsigned hang_ms;               /* how long timeout_after_commit withholds; default 120000 */
  unsigned page_cap;              /* most customers per list page; default 100 */
  /* Device login (docs/SANDBOX.md): the polling interval device codes announce (default 5;
   * 0 lets tests poll without waiting); the poll on which the simulated user approves (0: only
   * POST /sandbox/device/approve does); deny instead of approving; the code expires after N
   * polls (0: never); the first N polls answer slow_down. */
  unsigned device_interval_s;
  unsigned device_approve_after;
  bool device_deny;
  unsigned device_expire_after;
  unsigned device_slow_down;
  /* Rotating refresh tokens: every redemption (and device sign-in) issues a new refresh token,
   * and each is accepted this many times in all, then invalid_grant. 0 (default): no rotation,
   * the one --refresh-token is accepted forever. */
  unsigned refresh_token_uses;
};

/* Fills in the defaults above. */
void sandbox_options_init(struct sandbox_options *opts);

/* Starts a server on its own threads. On success *out is the caller's to sandbox_close.
 * Returns 0, CSP_E_USAGE for bad options (a message is logged), CSP_E_SANDBOX otherwise. */
int sandbox_open(const struct sandbox_options *opts, struct sandbox **out);
/* The port it listens on (the real one when opts.port was 0). */
unsigned sandbox_port(const struct sandbox *sb);
/* Stops the server and frees everything. sandbox_close(NULL) does nothing. */
void sandbox_close(struct sandbox *sb);

/* The server behind `run --sandbox` (cli/cli.h's struct cli_sandbox, passed in by main.c):
 * starts one quietly on a free port (with the demo tenants of tenants_file, when not NULL),
 * writes its "http://127.0.0.1:PORT" into base_url (cap bytes) and its handle into *server.
 * Returns 0 or sandbox_open's error; *server is then NULL. */
int sandbox_open_in_process(const char *tenants_file, char *base_url, size_t cap, void **server);
/* Stops a server sandbox_open_in_process started; NULL does nothing. */
void sandbox_close_in_process(void *server);

/* `csponboard sandbox [options]`: parses argv (argv[0] is "sandbox"), starts, prints
 * "listening on http://127.0.0.1:PORT" as the first stdout line (flushed), runs until SIGINT
 * or SIGTERM. Returns the process exit code. */
int sandbox_main(int argc, char **argv);
/* That command's entry in the command tree (its options, for help, man page, completion). */
extern const struct command sandbox_command;

#endif
