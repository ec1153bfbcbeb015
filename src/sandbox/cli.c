/* `csponboard sandbox [options]`: the option table, parsing into sandbox_options, and the
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
#include "http/ratelimit.h"
#include "sandbox/sandbox.h"

#define EXIT_USAGE 2
#define EXIT_FAILED 3

enum opt_kind { OPT_UINT, OPT_ULONG, OPT_DOUBLE, OPT_STR, OPT_FLAG, OPT_MARKET };

struct opt {
  const char *name;
  enum opt_kind kind;
  size_t offset;
  const char *help;
};

#define FIELD(f) offsetof(struct sandbox_options, f)

static const struct opt opts_table[] = {
    {"--port", OPT_UINT, FIELD(port), "N       port on 127.0.0.1 (0: a free one; default 0)"},
    {"--seed", OPT_ULONG, FIELD(seed), "N       seed of fault draws, latency jitter and ids"},
    {"--latency-ms", OPT_UINT, FIELD(latency_ms), "N mean added latency per /v1 request"},
    {"--rate", OPT_DOUBLE, FIELD(rate_per_s),
     "N|N/s|N/min   /v1 requests allowed before 429 (0: no limit)"},
    {"--faults", OPT_STR, FIELD(faults),
     "SPEC  KIND=P[,KIND=P…]: 500, 503, reset, "
     "timeout_after_commit, bad_json, token_expiry"},
    {"--tenants", OPT_STR, FIELD(tenants_file), "FILE pre-existing tenants (docs/SANDBOX.md)"},
    {"--deny-admin", OPT_FLAG, FIELD(deny_admin), "    every /v1 call gets 403 (no admin role)"},
    {"--partner-market", OPT_MARKET, FIELD(partner_market), "CC the partner's country (US)"},
    {"--partner-type", OPT_STR, FIELD(partner_type),
     "T direct|indirect_provider|indirect_reseller|advisor"},
    {"--partner-tenant-id", OPT_STR, FIELD(partner_tenant_id), "ID the partner's tenant"},
    {"--partner-id", OPT_STR, FIELD(partner_mpn_id), "N  the partner's MPN id"},
    {"--provider-tenant-id", OPT_STR, FIELD(provider_tenant_id),
     "ID indirect provider of an indirect reseller"},
    {"--client-id", OPT_STR, FIELD(client_id), "X  accepted client id (sandbox-app)"},
    {"--client-secret", OPT_STR, FIELD(client_secret), "X accepted secret (sandbox-secret)"},
    {"--refresh-token", OPT_STR, FIELD(refresh_token), "X accepted refresh token"},
    {"--token-ttl", OPT_UINT, FIELD(token_ttl_s), "S  access token lifetime (3600)"},
    {"--hang-ms", OPT_UINT, FIELD(hang_ms), "N    how long timeout_after_commit withholds"},
    {"--page-size", OPT_UINT, FIELD(page_cap), "N  most customers per list page (100)"},
    {"--quiet", OPT_FLAG, FIELD(quiet), "       no request log on stderr"},
};

static void usage(FILE *out)
{
  fputs("usage: csponboard sandbox [options]\n\noptions:\n", out);
  for (size_t i = 0; i < sizeof(opts_table) / sizeof(opts_table[0]); i++)
    fprintf(out, "  %s %s\n", opts_table[i].name, opts_table[i].help);
}

static int set_number(const struct opt *o, const char *value, void *field)
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

static int set_option(const struct opt *o, const char *value, struct sandbox_options *out)
{
  void *field = (char *)out + o->offset;
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

/* Parses argv[1..] into out. Returns 0, CSP_E_USAGE (message logged), or -1 for --help. */
static int parse_args(int argc, char **argv, struct sandbox_options *out)
{
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
      return -1;
    const char *arg = argv[i], *eq = strchr(arg, '=');
    size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
    const struct opt *o = NULL;
    for (size_t k = 0; k < sizeof(opts_table) / sizeof(opts_table[0]); k++)
      if (strlen(opts_table[k].name) == name_len && !strncmp(opts_table[k].name, arg, name_len))
        o = &opts_table[k];
    if (!o) {
      diag_error("sandbox: unknown option '%s'", arg);
      return CSP_E_USAGE;
    }
    const char *value = eq ? eq + 1 : NULL;
    if (o->kind != OPT_FLAG && !value && i + 1 < argc)
      value = argv[++i];
    if ((o->kind == OPT_FLAG && value) || (o->kind != OPT_FLAG && !value) ||
        set_option(o, value, out) != 0) {
      diag_error("sandbox: bad value for %s (see --help)", o->name);
      return CSP_E_USAGE;
    }
  }
  return 0;
}

int sandbox_main(int argc, char **argv)
{
  struct sandbox_options opts;
  struct sandbox *sb = NULL;
  sigset_t stop_signals;
  int sig = 0;
  sandbox_options_init(&opts);
  int rc = parse_args(argc, argv, &opts);
  if (rc == -1) {
    usage(stdout);
    return 0;
  }
  if (rc)
    return EXIT_USAGE;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, NULL); /* inherited by the server's threads */
  if ((rc = sandbox_start(&opts, &sb)) != 0)
    return rc == CSP_E_USAGE ? EXIT_USAGE : EXIT_FAILED;
  printf("listening on http://127.0.0.1:%u\n", sandbox_port(sb));
  fflush(stdout);
  while (sigwait(&stop_signals, &sig) != 0)
    ;
  if (!opts.quiet)
    diag_info("sandbox: stopping on signal %d", sig);
  sandbox_free(sb);
  return 0;
}
