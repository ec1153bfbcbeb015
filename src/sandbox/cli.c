/* `csponboard sandbox [options]`: the option tables (cli/command.h) into sandbox_options, and the
 * foreground run: start, print "listening on http://127.0.0.1:PORT" first on stdout, wait
 * for SIGINT or SIGTERM (blocked in every thread and taken with sigwait, so no handler and
 * no global flag), stop, exit 0. */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/errors.h"
#include "cli/command.h"
#include "http/ratelimit.h"
#include "sandbox/sandbox.h"

#define EXIT_USAGE 2
#define EXIT_FAILED 3

enum sandbox_opt_kind { OPT_UINT, OPT_ULONG, OPT_DOUBLE, OPT_STR, OPT_FLAG, OPT_MARKET };

#define SB_OPT(name, kind, member, arg, help) \
  { \
    name, kind, offsetof(struct sandbox_options, member), arg, help \
  }

static const struct opt_def server_defs[] = {
    SB_OPT("--port", OPT_UINT, port, "N", "port on 127.0.0.1 (0: a free one; default 0)"),
    SB_OPT("--seed", OPT_ULONG, seed, "N", "seed of fault draws, latency jitter and ids"),
    SB_OPT("--latency-ms", OPT_UINT, latency_ms, "N", "mean added latency per /v1 request"),
    SB_OPT("--rate", OPT_DOUBLE, rate_per_s, "N|N/s|N/min",
           "/v1 requests allowed before 429 (0: no limit)"),
    SB_OPT("--faults", OPT_STR, faults, "SPEC",
           "KIND=P[,KIND=P...]: 500, 503, reset, timeout_after_commit, bad_json, token_expiry"),
    SB_OPT("--hang-ms", OPT_UINT, hang_ms, "N", "how long timeout_after_commit withholds"),
    SB_OPT("--page-size", OPT_UINT, page_cap, "N", "most customers per list page (100)"),
    SB_OPT("--quiet", OPT_FLAG, quiet, NULL, "no request log on stderr"),
};

static const struct opt_def partner_defs[] = {
    SB_OPT("--tenants", OPT_STR, tenants_file, "FILE", "pre-existing tenants (docs/SANDBOX.md)"),
    SB_OPT("--deny-admin", OPT_FLAG, deny_admin, NULL, "every /v1 call gets 403 (no admin role)"),
    SB_OPT("--partner-market", OPT_MARKET, partner_market, "CC", "the partner's country (US)"),
    SB_OPT("--partner-type", OPT_STR, partner_type,
           "direct|indirect_provider|indirect_reseller|advisor", "the kind of partner"),
    SB_OPT("--partner-tenant-id", OPT_STR, partner_tenant_id, "ID", "the partner's tenant"),
    SB_OPT("--partner-id", OPT_STR, partner_mpn_id, "N", "the partner's MPN id"),
    SB_OPT("--provider-tenant-id", OPT_STR, provider_tenant_id, "ID",
           "indirect provider of an indirect reseller"),
    SB_OPT("--client-id", OPT_STR, client_id, "X", "accepted client id (sandbox-app)"),
    SB_OPT("--client-secret", OPT_STR, client_secret, "X", "accepted secret (sandbox-secret)"),
    SB_OPT("--refresh-token", OPT_STR, refresh_token, "X", "accepted refresh token"),
    SB_OPT("--token-ttl", OPT_UINT, token_ttl_s, "S", "access token lifetime (3600)"),
};

static const struct opt_def device_defs[] = {
    SB_OPT("--device-interval", OPT_UINT, device_interval_s, "S",
           "polling interval device codes announce (5; 0 lets tests poll without waiting)"),
    SB_OPT("--device-approve-after", OPT_UINT, device_approve_after, "N",
           "the user approves on a code's N-th poll (0: only POST /sandbox/device/approve)"),
    SB_OPT("--device-deny", OPT_FLAG, device_deny, NULL, "the user declines the sign-in"),
    SB_OPT("--device-expire-after", OPT_UINT, device_expire_after, "N",
           "a code not approved expires after N polls (0: never)"),
    SB_OPT("--device-slow-down", OPT_UINT, device_slow_down, "N",
           "the first N polls of a code answer slow_down"),
    SB_OPT("--refresh-token-uses", OPT_UINT, refresh_token_uses, "N",
           "rotate refresh tokens: each is accepted N times in all (0: no rotation)"),
};

static int set_number(const struct opt_def *o, const char *value, void *field)
{
  char *end;
  errno = 0;
  if (o->kind == OPT_DOUBLE) { /* a rate, written as the client's --rate is */
    *(double *)field = 0;
    return strcmp(value, "0") && ratelimit_parse_rate(value, field) ? CSP_E_USAGE : 0;
  }
  if (value[0] == '-')
    return CSP_E_USAGE;
  unsigned long long v = strtoull(value, &end, 10);
  if (*end || !*value || errno || (o->kind == OPT_UINT && v > 0xffffffffULL))
    return CSP_E_USAGE;
  if (o->kind == OPT_UINT)
    *(unsigned *)field = (unsigned)v;
  else
    *(unsigned long *)field = (unsigned long)v;
  return 0;
}

static int set_value(const struct opt_def *o, const char *value, void *field)
{
  switch (o->kind) {
  case OPT_STR:
    *(const char **)field = value;
    return 0;
  case OPT_MARKET:
    if (strlen(value) != 2)
      return CSP_E_USAGE;
    memcpy(field, value, 3);
    return 0;
  case OPT_FLAG:
    *(bool *)field = true;
    return 0;
  default:
    return set_number(o, value, field);
  }
}

/* The store function of the sandbox's groups (cli/command.h). */
static int store(const struct opt_def *o, const char *value, void *target)
{
  if (set_value(o, value, (char *)target + o->offset) != 0) {
    diag_error("sandbox: bad value for %s (see --help)", o->name);
    return CSP_E_USAGE;
  }
  return 0;
}

static const struct opt_group server_group = OPT_GROUP("Sandbox server", server_defs, store);
static const struct opt_group partner_group =
    OPT_GROUP("Sandbox partner and sign-in", partner_defs, store);
static const struct opt_group device_group =
    OPT_GROUP("Sandbox device login and refresh tokens", device_defs, store);
static const struct opt_group *const sandbox_groups[] = {&server_group, &partner_group,
                                                         &device_group, NULL};

const struct command sandbox_command = {
    .name = "sandbox",
    .summary = "run the Partner Center-compatible sandbox server on 127.0.0.1",
    .groups = sandbox_groups,
    .run = sandbox_main,
};

int sandbox_main(int argc, char **argv)
{
  struct sandbox_options opts;
  struct sandbox *sb = NULL;
  sigset_t stop_signals;
  int sig = 0;
  sandbox_options_init(&opts);
  struct cmd_args args;
  int rc = command_parse(&sandbox_command, argc, argv, &opts, &args);
  if (!rc && args.help) {
    command_usage(&sandbox_command, stdout);
    return 0;
  }
  if (rc)
    return EXIT_USAGE;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, NULL); /* inherited by the server's threads */
  if ((rc = sandbox_open(&opts, &sb)) != 0)
    return rc == CSP_E_USAGE ? EXIT_USAGE : EXIT_FAILED;
  printf("listening on http://127.0.0.1:%u\n", sandbox_port(sb));
  fflush(stdout);
  while (sigwait(&stop_signals, &sig) != 0)
    ;
  if (!opts.quiet)
    diag_info("sandbox: stopping on signal %d", sig);
  sandbox_close(sb);
  return 0;
}
