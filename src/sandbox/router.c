/* The route table and the per-request pipeline (router.h). Routes are data: method, path
 * pattern ({x} matches one segment), the key the request counters use, flags, handler. A
 * /v1 request then goes through, in order: its fault draw, latency, the rate limit (429),
 * injected 500/503/reset, the bearer check (401, also the token_expiry fault), the admin
 * role (--deny-admin: 403), the app+user requirement (403), the handler, and bad_json or
 * timeout_after_commit on the reply. The token endpoint and /sandbox routes get no faults. */
#include "sandbox/router.h"

#include <stdio.h>
#include <string.h>

#include "base/errors.h"
#include "sandbox/routes.h"

enum route_flags {
  ROUTE_V1 = 1,       /* bearer token, rate limit, faults */
  ROUTE_APP_USER = 2, /* an app-only token gets 403 */
  ROUTE_UNCOUNTED = 4 /* not in the request counters (the /sandbox routes) */
};

struct route {
  const char *method;
  const char *pattern;
  const char *key;
  unsigned flags;
  sb_handler *handler;
};

static const struct route routes[] = {
    {"POST", "/{tenant}/oauth2/token", "POST /oauth2/token", 0, sb_route_token},
    {"POST", "/{tenant}/oauth2/v2.0/token", "POST /oauth2/token", 0, sb_route_token},
    {"POST", "/{tenant}/oauth2/devicecode", "POST /oauth2/devicecode", 0, sb_route_device_code},
    {"POST", "/{tenant}/oauth2/v2.0/devicecode", "POST /oauth2/devicecode", 0,
     sb_route_device_code},
    {"GET", "/v1/profiles/organization", "GET /v1/profiles/organization", ROUTE_V1 | ROUTE_APP_USER,
     sb_route_org_profile},
    {"POST", "/v1/customers", "POST /v1/customers", ROUTE_V1, sb_route_create_customer},
    {"GET", "/v1/customers", "GET /v1/customers", ROUTE_V1, sb_route_list_customers},
    {"GET", "/v1/customers/relationshiprequests", "GET /v1/customers/relationshiprequests",
     ROUTE_V1 | ROUTE_APP_USER, sb_route_relationship},
    {"POST", "/v1/customers/{id}/agreements", "POST /v1/customers/agreements",
     ROUTE_V1 | ROUTE_APP_USER, sb_route_attest},
    {"HEAD", "/v1/domains/{domain}", "HEAD /v1/domains", ROUTE_V1, sb_route_domain},
    {"POST", "/v1/validations/address", "POST /v1/validations/address", ROUTE_V1,
     sb_route_validate_address},
    {"GET", "/v1/customers/{id}/users", "GET /v1/customers/users", ROUTE_V1 | ROUTE_APP_USER,
     sb_route_customer_users},
    {"PATCH", "/v1/customers/{id}/users/{user}/resetpassword",
     "PATCH /v1/customers/users/resetpassword", ROUTE_V1 | ROUTE_APP_USER, sb_route_reset_password},
    {"GET", "/v1/countryvalidationrules/{cc}", "GET /v1/countryvalidationrules", ROUTE_V1,
     sb_route_country_rules},
    {"GET", "/v1/agreements", "GET /v1/agreements", ROUTE_V1 | ROUTE_APP_USER, sb_route_agreements},
    {"GET", "/sandbox/state", "GET /sandbox/state", ROUTE_UNCOUNTED, sb_route_state},
    {"POST", "/sandbox/invitations/{tenant}/accept", "POST /sandbox/invitations/accept",
     ROUTE_UNCOUNTED, sb_route_accept},
    {"POST", "/sandbox/budget/{n}", "POST /sandbox/budget", ROUTE_UNCOUNTED, sb_route_budget},
    {"POST", "/sandbox/faults/off", "POST /sandbox/faults/off", ROUTE_UNCOUNTED,
     sb_route_faults_off},
    {"POST", "/sandbox/hold-creates/{n}", "POST /sandbox/hold-creates", ROUTE_UNCOUNTED,
     sb_route_hold_creates},
    {"POST", "/sandbox/release-creates", "POST /sandbox/release-creates", ROUTE_UNCOUNTED,
     sb_route_release_creates},
    {"GET", "/sandbox/holds", "GET /sandbox/holds", ROUTE_UNCOUNTED, sb_route_holds},
    {"POST", "/sandbox/device/approve", "POST /sandbox/device/approve", ROUTE_UNCOUNTED,
     sb_route_device_approve},
    {"GET", "/sandbox/device", "GET /sandbox/device", ROUTE_UNCOUNTED, sb_route_device_page},
};

#define PATH_MAX_BYTES 2048

/* Matches path against pattern, copying {…} segments into buf and pointing params at them. */
static bool match(const char *pattern, const char *path, char *buf, const char **params)
{
  unsigned n = 0;
  size_t used = 0;
  while (*pattern && *path) {
    if (*pattern++ != '/' || *path++ != '/')
      return false;
    size_t plen = strcspn(pattern, "/"), len = strcspn(path, "/");
    if (pattern[0] == '{') {
      if (len == 0 || n == SB_MAX_PARAMS || used + len + 1 > PATH_MAX_BYTES)
        return false;
      memcpy(buf + used, path, len);
      buf[used + len] = '\0';
      params[n++] = buf + used;
      used += len + 1;
    } else if (plen != len || memcmp(pattern, path, len) != 0) {
      return false;
    }
    pattern += plen;
    path += len;
  }
  return !*pattern && !*path;
}

/* The route for req, or NULL; allow collects the methods of routes whose path matches. */
static const struct route *find_route(struct sb_request *req, char *buf, char *allow,
                                      size_t allow_size)
{
  for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
    const char *params[SB_MAX_PARAMS] = {0};
    if (!match(routes[i].pattern, req->path, buf, params))
      continue;
    size_t used = strlen(allow);
    snprintf(allow + used, allow_size - used, "%s%s", used ? ", " : "", routes[i].method);
    if (strcmp(routes[i].method, req->method) != 0)
      continue;
    memcpy(req->params, params, sizeof(params));
    return &routes[i];
  }
  return NULL;
}

/* Cuts a successful body short so that it is no longer JSON. */
static void corrupt_body(struct sb_response *resp)
{
  if (resp->status < 200 || resp->status > 299 || !resp->body || resp->body_len < 2)
    return;
  resp->body_len = resp->body_len / 2;
  resp->body[resp->body_len - 1] = '{';
}

static int before_handler(struct sb_ctx *ctx, const struct route *route, struct sb_request *req,
                          struct sb_draw draw, struct sb_response *resp)
{
  if (draw.latency_ms)
    (void)sb_ctx_sleep_ms(ctx, draw.latency_ms);
  unsigned wait_s = sb_faults_throttle(&ctx->faults, sb_now_ms());
  if (wait_s) {
    char body[128];
    snprintf(body, sizeof(body),
             "{\"statusCode\":429,\"message\":\"Rate limit is exceeded. Try again in %u "
             "seconds.\"}",
             wait_s);
    resp->retry_after_s = wait_s;
    return sb_reply_raw(resp, 429, body);
  }
  if (draw.fault == SB_FAULT_HTTP_500)
    return sb_reply_error_named(resp, 500, "InternalServerError", "An internal error occurred.");
  if (draw.fault == SB_FAULT_HTTP_503)
    return sb_reply_error_named(resp, 503, "ServiceUnavailable",
                                "The service is temporarily unavailable.");
  if (draw.fault == SB_FAULT_RESET) {
    resp->action = SB_RESET;
    return 0;
  }
  if (sb_auth_check(ctx, req, resp, draw.fault == SB_FAULT_TOKEN_EXPIRY))
    return 0;
  if (ctx->opts.deny_admin)
    return sb_reply_error_named(resp, 403, "Forbidden",
                                "The supplied role does not have the "
                                "rights to perform the requested operation");
  if ((route->flags & ROUTE_APP_USER) && req->app_only)
    return sb_reply_error_named(resp, 403, "Forbidden",
                                "This API can't be accessed by "
                                "application credentials.");
  return 0;
}

static int run_v1(struct sb_ctx *ctx, const struct route *route, struct sb_request *req,
                  struct sb_response *resp)
{
  if (!sb_state_take_budget(&ctx->state)) {
    resp->action = SB_WITHHOLD;
    return 0;
  }
  struct sb_draw draw = sb_faults_draw(&ctx->faults, sb_faults_next(&ctx->faults));
  int rc = before_handler(ctx, route, req, draw, resp);
  if (rc || resp->status || resp->action != SB_SEND)
    return rc;
  if ((rc = route->handler(ctx, req, resp)) != 0)
    return rc;
  if (draw.fault == SB_FAULT_BAD_JSON)
    corrupt_body(resp);
  if (draw.fault == SB_FAULT_TIMEOUT_AFTER_COMMIT)
    resp->action = SB_HANG;
  return 0;
}

static void count(struct sb_ctx *ctx, const char *key, const struct sb_response *resp)
{
  char status[16];
  if (resp->action == SB_RESET)
    snprintf(status, sizeof(status), "reset");
  else if (resp->action == SB_HANG)
    snprintf(status, sizeof(status), "timeout");
  else if (resp->action == SB_WITHHOLD)
    snprintf(status, sizeof(status), "withheld");
  else
    snprintf(status, sizeof(status), "%d", resp->status);
  (void)sb_state_count(&ctx->state, key, status);
}

void sb_router_dispatch(struct sb_ctx *ctx, struct sb_request *req, struct sb_response *resp)
{
  char buf[PATH_MAX_BYTES];
  int rc;
  const struct route *route = find_route(req, buf, resp->allow, sizeof(resp->allow));
  if (!route && resp->allow[0]) {
    rc = sb_reply_error_named(resp, 405, "MethodNotAllowed", "%s is not allowed on %s.",
                              req->method, req->path);
  } else if (!route) {
    rc = sb_reply_error_named(resp, 404, "NotFound", "No route for %s %s.", req->method, req->path);
  } else if (route->flags & ROUTE_V1) {
    rc = run_v1(ctx, route, req, resp);
  } else {
    rc = route->handler(ctx, req, resp);
  }
  if (route)
    resp->allow[0] = '\0';
  if (rc && sb_reply_error_named(resp, 500, "InternalServerError", "The sandbox failed: %s.",
                                 csp_error_message(rc)) != 0) {
    sb_response_release(resp);
    resp->status = 500;
  }
  if (!route || !(route->flags & ROUTE_UNCOUNTED))
    count(ctx, route ? route->key : "other", resp);
}
