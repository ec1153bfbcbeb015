/* `csponboard auth login | status | logout`: the one-time interactive sign-in of the Secure
 * Application Model (the device authorization grant: the user signs in with MFA in any
 * browser, on any machine), what the stored sign-in holds and can do, and forgetting it.
 * Each subcommand takes the configuration, the endpoint (--api-url, --token-url: no
 * sandbox options, a sign-in is for a real app) and logging; the session and the signed-in
 * API session are the same as a run's (cli_internal.h, api_session.h), so `auth status`
 * proves what the next run will do. See docs/AUTH.md. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "execute/api_reads.h"
#include "base/secret_source.h"
#include "cli/cli.h"
#include "cli/cli_internal.h"
#include "cli/command.h"
#include "cli/options.h"
#include "base/clock.h"
#include "base/diag.h"
#include "base/errors.h"
#include "http/transfer.h"
#include "partner_center/device_login.h"
#include "partner_center/responses.h"
#include "partner_center/token_claims.h"
#include "partner_center/token_store.h"
#include "base/signals.h"

static int store_path(const struct config *cfg, char *out, size_t cap)
{
  char msg[256];
  if (cfg->auth.token_store[0]) {
    snprintf(out, cap, "%s", cfg->auth.token_store);
    return CSP_E_OK;
  }
  int rc = token_store_default_path(out, cap, msg, sizeof(msg));
  if (rc)
    diag_error("%s", msg);
  return rc;
}

static void format_time(long long t, char *out, size_t cap)
{
  time_t tt = (time_t)t;
  struct tm tm;
  if (t <= 0 || !gmtime_r(&tt, &tm) || !strftime(out, cap, "%Y-%m-%d %H:%M:%S UTC", &tm))
    snprintf(out, cap, "unknown");
}

/* --- login --- */

struct login_io {
  long timeout_s;
  const char *proxy;
};

static int io_send(void *ctx, const struct http_request *req, struct http_response *res)
{
  const struct login_io *io = ctx;
  struct http_request copy = *req;
  copy.proxy = io->proxy;
  return http_transfer(&copy, io->timeout_s, false, res);
}

static void io_sleep(void *ctx, long long seconds)
{
  (void)ctx;
  struct timespec ts = {(time_t)seconds, 0};
  (void)nanosleep(&ts, NULL); /* a signal cuts it short; the loop then sees it */
}

static time_t io_now(void *ctx)
{
  (void)ctx;
  return clock_wall_s();
}

static void io_slowed(void *ctx, long long interval_s)
{
  (void)ctx;
  diag_info("the sign-in service asked to slow down: polling every %lld s", interval_s);
}

/* Asks for a device code and shows the user where to sign in. */
static int request_code(const struct auth_config *ac, struct login_io *io, struct device_code *dc)
{
  struct arena a;
  arena_init(&a, 0);
  struct http_request req;
  struct http_response res;
  http_response_init(&res);
  char msg[512] = "";
  int rc = device_build_code_request(ac, &a, &req);
  if (rc == CSP_E_CONFIG)
    diag_error("the token endpoint %s does not end in /token: no device code endpoint beside it",
               ac->token_url);
  if (!rc && (rc = io_send(io, &req, &res)) != 0)
    diag_error("cannot reach the sign-in service at %s", req.url);
  if (!rc && (rc = device_parse_code(res.status, res.body, res.body_len, dc, msg, sizeof(msg))))
    diag_error("%s", msg);
  http_response_release(&res);
  arena_release(&a);
  if (!rc) {
    printf("To sign in, open %s in a browser and enter the code %s\n"
           "(sign in as a partner user with the admin agent role; MFA is required)\n",
           dc->verification_uri, dc->user_code);
    fflush(stdout);
  }
  return rc;
}

/* Stores the sign-in of tok (its refresh token, who it is) under the store's lock. */
static int store_signin(const char *path, const struct api_session *s, const struct token *tok,
                        const struct token_claims *claims)
{
  char msg[512];
  int lock = -1;
  struct stored_token st;
  stored_token_init(&st);
  long long now = (long long)clock_wall_s();
  st.client_id = strdup(s->auth.client_id);
  st.tenant_id = strdup(s->tenant_id);
  st.token_url = strdup(s->auth.token_url);
  st.account = claims->account[0] ? strdup(claims->account) : NULL;
  st.signed_in_at_s = st.renewed_at_s = now;
  int rc = st.client_id && st.tenant_id && st.token_url ? CSP_E_OK : CSP_E_NOMEM;
  if (!rc)
    rc = stored_token_set_refresh(&st, tok->refresh_token);
  if (!rc)
    rc = token_store_lock(path, &lock, msg, sizeof(msg));
  if (!rc)
    rc = token_store_write(path, &st, msg, sizeof(msg));
  if (rc && rc != CSP_E_NOMEM)
    diag_error("%s", msg);
  token_store_unlock(lock);
  stored_token_release(&st);
  return rc;
}

static void report_signin(const struct token_claims *c, const char *path)
{
  printf("Signed in as %s%s%s%s (tenant %s).\n", c->account[0] ? c->account : "(no account claim)",
         c->name[0] ? " (" : "", c->name, c->name[0] ? ")" : "", c->tenant[0] ? c->tenant : "?");
  printf("The sign-in is kept in %s (mode 0600); every run renews it.\n", path);
  if (!c->mfa)
    diag_warn("the token carries no MFA claim: Partner Center refuses App+User calls without "
              "MFA (since 1 April 2026)");
}

/* The session's app and endpoint, with the client secret, without a refresh token. */
static int login_session(struct session *s, const struct api_endpoint *ep, struct api_session *as)
{
  memset(as, 0, sizeof(*as));
  arena_init(&as->arena, 0);
  auth_credentials_init(&as->creds);
  token_init(&as->token);
  as->auth.grant = AUTH_GRANT_REFRESH_TOKEN;
  as->auth.client_id = ep->client_id;
  as->auth.resource = s->cfg.api.resource;
  as->auth.scope = *s->cfg.api.scope ? s->cfg.api.scope : NULL;
  as->tenant_id = s->cfg.partner.tenant_id;
  char msg[512];
  struct secret_source src = {s->cfg.auth.client_secret_file, s->cfg.auth.client_secret_command,
                              s->cfg.auth.client_secret_timeout_s, s->cfg.auth.client_secret_env,
                              "the client secret"};
  int rc = auth_token_url(&as->arena, ep->token_url, s->cfg.partner.tenant_id, &as->auth.token_url);
  if (!rc && (rc = secret_source_read(&src, &as->creds.client_secret, msg, sizeof(msg))))
    diag_error("%s", msg);
  return rc;
}

static int auth_login(struct session *s, const struct api_endpoint *ep, const char *path)
{
  struct api_session as;
  struct device_code dc;
  device_code_init(&dc);
  struct login_io ctx = {s->cfg.limits.timeout_s, s->cfg.api.proxy};
  struct device_login_io io = {io_send, io_sleep, io_now, io_slowed, &ctx};
  char msg[512] = "";
  int rc = login_session(s, ep, &as);
  if (!rc)
    rc = request_code(&as.auth, &ctx, &dc);
  if (!rc) {
    signals_install();
    rc = device_login_wait(&as.auth, &as.creds, &dc, &io, signals_caught, &as.token, msg,
                           sizeof(msg));
    if (rc == CSP_E_UNREACHABLE)
      diag_error("no usable answer from the sign-in service at %s", as.auth.token_url);
    else if (rc && rc != CSP_E_INTERRUPTED)
      diag_error("sign-in failed: %s", msg);
  }
  if (!rc && !as.token.refresh_token) {
    diag_error("the sign-in gave no refresh token (for a v2 scope, offline_access is needed)");
    rc = CSP_E_AUTH;
  }
  struct token_claims claims;
  if (!rc)
    (void)token_claims_read(as.token.access_token, &claims);
  if (!rc && !(rc = store_signin(path, &as, &as.token, &claims)))
    report_signin(&claims, path);
  device_code_release(&dc);
  api_session_release(&as);
  return rc;
}

/* --- status --- */

static int one_customer(const struct pc_call *call, void *ctx, struct http_request *req)
{
  (void)ctx;
  return pc_request_customers_page(call, 1, req);
}

static int org_profile(const struct pc_call *call, void *ctx, struct http_request *req)
{
  (void)ctx;
  return pc_request_organization_profile(call, req);
}

/* Whether the signed-in user may work on customers: a one-item customer list read. */
static bool check_role(struct api_session *as)
{
  struct arena a;
  arena_init(&a, 0);
  struct http_response res;
  http_response_init(&res);
  int rc = api_get(as, &a, "reading one customer (the admin agent role check)", one_customer, NULL,
                   &res);
  http_response_release(&res);
  arena_release(&a);
  printf("admin agent role: %s\n", rc == CSP_E_OK          ? "yes (the customer list can be read)"
                                   : rc == CSP_E_FORBIDDEN ? "NO (Partner Center answered 403)"
                                                           : "unknown (the check failed)");
  return rc == CSP_E_OK;
}

/* Whether partner.market is the market of the partner's organization profile. */
static bool check_market(struct api_session *as, const char *market)
{
  struct arena a;
  arena_init(&a, 0);
  struct http_response res;
  http_response_init(&res);
  struct pc_org_profile profile = {NULL, NULL};
  int rc = api_get(as, &a, "reading the organization profile", org_profile, NULL, &res);
  if (!rc)
    rc = pc_parse_organization_profile(res.body, res.body_len, &a, &profile);
  bool same = !rc && profile.country && !strcasecmp(profile.country, market);
  if (rc || !profile.country)
    printf("partner market: %s (configured); the organization profile could not be read\n", market);
  else
    printf("partner market: %s (configured) %s %s, the country of %s's organization profile\n",
           market, same ? "matches" : "DOES NOT MATCH", profile.country,
           profile.company_name ? profile.company_name : "the partner");
  http_response_release(&res);
  arena_release(&a);
  return same;
}

/* What the store said before this command renewed it (st: NULL when it could not be read). */
static void show_store(const char *path, const struct api_session *as,
                       const struct stored_token *st)
{
  char when[64], renewed[64];
  if (as->refresh_env) {
    printf("refresh token: from the environment variable %s (the token store is not used)\n",
           as->refresh_env);
    return;
  }
  if (!st)
    return;
  format_time(st->signed_in_at_s, when, sizeof(when));
  format_time(st->renewed_at_s, renewed, sizeof(renewed));
  printf("token store: %s (mode 0600)\nsigned in: %s as %s\nlast renewed: %s (renewed again "
         "now, as every run does)\n",
         path, when, st->account ? st->account : "?", renewed);
}

static void show_token(const struct api_session *as)
{
  struct token_claims c;
  char until[64];
  if (token_claims_read(as->token.access_token, &c) != CSP_E_OK) {
    printf("account: (the access token carries no readable claims)\n");
    return;
  }
  format_time(c.expires_at_s, until, sizeof(until));
  printf("account: %s%s%s%s\ntenant: %s\nmfa: %s\naccess token valid until: %s\n",
         c.account[0] ? c.account : "?", c.name[0] ? " (" : "", c.name, c.name[0] ? ")" : "",
         c.tenant[0] ? c.tenant : "?", c.mfa ? "yes" : "NO (App+User calls need MFA)", until);
}

/* Signs in with the stored sign-in and checks what a run needs. Returns 0, the session's
 * error, or CSP_E_FORBIDDEN when signed in but the role or the market check failed. */
static int auth_status(struct session *s, struct execution *x, const struct api_endpoint *ep,
                       const char *path)
{
  char msg[512];
  struct stored_token st;
  bool found = token_store_read(path, &st, msg, sizeof(msg)) == CSP_E_OK;
  int rc = api_session_init(&x->api, &s->cfg, ep);
  x->api_open = rc == CSP_E_OK;
  if (!rc)
    show_store(path, &x->api, found ? &st : NULL);
  if (found)
    stored_token_release(&st);
  if (rc)
    return rc;
  show_token(&x->api);
  bool role = check_role(&x->api);
  bool market = check_market(&x->api, s->cfg.partner.market);
  return role && market ? CSP_E_OK : CSP_E_FORBIDDEN;
}

static int auth_logout(const char *path)
{
  char msg[512];
  int lock = -1;
  bool signed_in = access(path, F_OK) == 0;
  int rc = token_store_lock(path, &lock, msg, sizeof(msg));
  if (!rc)
    rc = token_store_remove(path, msg, sizeof(msg));
  token_store_unlock(lock);
  if (rc)
    diag_error("%s", msg);
  else
    printf(signed_in ? "Signed out: removed %s\n" : "Not signed in (no token store at %s)\n", path);
  return rc;
}

enum auth_verb { AUTH_LOGIN, AUTH_STATUS, AUTH_LOGOUT };

/* Opens the session of cmd (options, logging, configuration), resolves the endpoint and the
 * store, and runs verb. Returns the exit code. */
static int run_auth(const struct command *cmd, enum auth_verb verb, int argc, char **argv)
{
  struct session s;
  struct execution x;
  struct api_endpoint ep;
  char path[4096];
  memset(&x, 0, sizeof(x));
  int rc = open_command_session(&s, cmd, argc, argv, 0);
  if (!rc && s.opts.help) {
    command_usage(cmd, stdout);
    close_session(&s);
    return CLI_EXIT_OK;
  }
  if (!rc)
    rc = resolve_endpoint(&s, &x, &ep);
  if (!rc)
    rc = store_path(&s.cfg, path, sizeof(path));
  if (!rc && verb == AUTH_LOGIN)
    rc = auth_login(&s, &ep, path);
  else if (!rc && verb == AUTH_STATUS)
    rc = auth_status(&s, &x, &ep, path);
  else if (!rc)
    rc = auth_logout(path);
  int code = CLI_EXIT_OK;
  if (rc == CSP_E_FORBIDDEN && verb == AUTH_STATUS)
    code = CLI_EXIT_ROWS; /* signed in, but a check failed: the lines above say which */
  else if (rc)
    code = exit_code_for(rc, NULL);
  if (x.api_open)
    api_session_release(&x.api);
  close_session(&s);
  return code;
}

static const struct command cli_auth_login_command, cli_auth_status_command,
    cli_auth_logout_command;

static int auth_login_command(int argc, char **argv)
{
  return run_auth(&cli_auth_login_command, AUTH_LOGIN, argc, argv);
}

static int auth_status_command(int argc, char **argv)
{
  return run_auth(&cli_auth_status_command, AUTH_STATUS, argc, argv);
}

static int auth_logout_command(int argc, char **argv)
{
  return run_auth(&cli_auth_logout_command, AUTH_LOGOUT, argc, argv);
}

static const struct opt_group *const auth_groups[] = {
    &options_config,
    &options_endpoint,
    &options_logging,
    NULL,
};

static const struct command cli_auth_login_command = {
    .name = "auth login",
    .summary = "sign in once as a partner user (device code, MFA) and keep the sign-in",
    .details = "Sign in once as a partner user, as the Secure Application Model asks: the device "
               "authorization grant prints a verification URL and a code; open the URL in any "
               "browser, enter the code and sign in with MFA as a user with the admin agent "
               "role. The refresh token is kept in the token store (auth.token_store, default "
               "$XDG_CONFIG_HOME/csponboard/token.json or ~/.config/csponboard/token.json, mode "
               "0600); every later run renews it and stores the refresh token the renewal "
               "returns (docs/AUTH.md).",
    .groups = auth_groups,
    .run = auth_login_command,
};

static const struct command cli_auth_status_command = {
    .name = "auth status",
    .summary = "who is signed in, the tenant, the last renewal, the admin agent role, the market",
    .details = "Renew the stored sign-in as a run would and show the account, the tenant, MFA, "
               "when the store was last renewed, whether the user holds the admin agent role "
               "(a one-item customer list read) and whether partner.market matches the country "
               "of the partner's organization profile. Exit 0 when every check passes, 1 when "
               "signed in but a check failed, 2 when not signed in, 3 when the sign-in is "
               "refused.",
    .groups = auth_groups,
    .run = auth_status_command,
};

static const struct command cli_auth_logout_command = {
    .name = "auth logout",
    .summary = "remove the stored sign-in",
    .groups = auth_groups,
    .run = auth_logout_command,
};

static const struct command *const auth_subcommands[] = {
    &cli_auth_login_command,
    &cli_auth_status_command,
    &cli_auth_logout_command,
    NULL,
};

const struct command cli_auth_command = {
    .name = "auth",
    .summary = "the partner user's sign-in: login, status, logout (docs/AUTH.md)",
    .subcommands = auth_subcommands,
};
