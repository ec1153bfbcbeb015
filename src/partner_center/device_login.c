/* RFC 8628 against Microsoft's identity platform (device_login.h). Azure AD's v1 endpoint
 * predates the RFC and differs in names: verification_url instead of verification_uri,
 * numbers as strings, grant_type "device_code" with the code in "code", and its own error
 * names (code_expired, authorization_declined) beside the RFC's; both are accepted. */
#include "partner_center/device_login.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/errors.h"
#include "base/limits.h"
#include "partner_center/pc_json.h"

#define V2_GRANT "urn:ietf:params:oauth:grant-type:device_code"

void device_code_init(struct device_code *dc)
{
  memset(dc, 0, sizeof(*dc));
}

void device_code_release(struct device_code *dc)
{
  auth_secret_free(dc->device_code);
  device_code_init(dc);
}

static bool is_v2(const struct auth_config *cfg)
{
  return cfg->scope && cfg->scope[0];
}

int device_code_url(struct arena *a, const char *token_url, const char **out)
{
  static const char tail[] = "/token";
  size_t len = token_url ? strlen(token_url) : 0, tlen = sizeof(tail) - 1;
  *out = NULL;
  if (len < tlen || strcmp(token_url + len - tlen, tail) != 0)
    return CSP_E_CONFIG;
  *out = arena_printf(a, "%.*s/devicecode", (int)(len - tlen), token_url);
  return *out ? CSP_E_OK : CSP_E_LIMIT;
}

/* The v2 scope with offline_access (which asks for the refresh token) added when missing. */
static const char *v2_scope(struct arena *a, const char *scope)
{
  return strstr(scope, "offline_access") ? scope : arena_printf(a, "%s offline_access", scope);
}

int device_build_code_request(const struct auth_config *cfg, struct arena *a,
                              struct http_request *req)
{
  memset(req, 0, sizeof(*req));
  const char *url = NULL, *form = NULL;
  int rc = device_code_url(a, cfg->token_url, &url);
  if (!rc)
    rc = auth_form_add(a, &form, "client_id", cfg->client_id);
  if (!rc && is_v2(cfg)) {
    const char *scope = v2_scope(a, cfg->scope);
    rc = scope ? auth_form_add(a, &form, "scope", scope) : CSP_E_LIMIT;
  } else if (!rc) {
    rc = auth_form_add(a, &form, "resource", cfg->resource);
  }
  return rc ? rc : auth_form_request(a, url, form, req);
}

static void copy_text(const cJSON *root, const char *key, const char *alt, char *out, size_t cap)
{
  const char *v = pc_json_string(root, key);
  if (!v && alt)
    v = pc_json_string(root, alt);
  snprintf(out, cap, "%s", v ? v : "");
}

/* A refusal or an outage of the device code endpoint, as a message. */
static int code_refusal(int status, const cJSON *root, char *msg, size_t cap)
{
  const char *error = pc_json_string(root, "error");
  const char *text = pc_json_string(root, "error_description");
  bool refused = status >= 400 && status < 500 && status != 429;
  snprintf(msg, cap, "the device code endpoint %s (HTTP %d)%s%s%s%s",
           refused ? "refused the request" : "is unavailable", status, error ? ": " : "",
           error ? error : "", text ? ": " : "", text ? text : "");
  for (char *p = msg; *p; p++)
    if (*p == '\r' || *p == '\n')
      *p = ' ';
  return refused ? CSP_E_AUTH : CSP_E_UNREACHABLE;
}

static void read_code(const cJSON *root, struct device_code *dc)
{
  copy_text(root, "user_code", NULL, dc->user_code, sizeof(dc->user_code));
  copy_text(root, "verification_uri", "verification_url", dc->verification_uri,
            sizeof(dc->verification_uri));
  copy_text(root, "message", NULL, dc->message, sizeof(dc->message));
  long long expires = pc_json_seconds(root, "expires_in");
  long long interval = pc_json_seconds(root, "interval");
  dc->expires_in_s = expires > 0 ? expires : CSP_DEVICE_EXPIRES_S;
  dc->interval_s = interval >= 0 ? interval : CSP_DEVICE_INTERVAL_S;
}

int device_parse_code(int status, const char *body, size_t len, struct device_code *dc, char *msg,
                      size_t cap)
{
  device_code_release(dc);
  cJSON *root = pc_json_parse(body, len);
  int rc = CSP_E_PROTOCOL;
  const char *code = pc_json_string(root, "device_code");
  if (status < 200 || status >= 300) {
    rc = code_refusal(status, root, msg, cap);
  } else if (code && code[0]) {
    read_code(root, dc);
    rc = dc->user_code[0] && dc->verification_uri[0] ? CSP_E_OK : CSP_E_PROTOCOL;
    if (!rc && !(dc->device_code = strdup(code)))
      rc = CSP_E_NOMEM;
  }
  if (rc == CSP_E_PROTOCOL)
    snprintf(msg, cap,
             "the device code endpoint answered HTTP %d without a device code, "
             "user code and verification URL",
             status);
  cJSON_Delete(root);
  return rc;
}

int device_build_poll_request(const struct auth_config *cfg, const struct auth_credentials *creds,
                              const struct device_code *dc, struct arena *a,
                              struct http_request *req)
{
  memset(req, 0, sizeof(*req));
  bool v2 = is_v2(cfg);
  const char *form = NULL;
  int rc = auth_form_add(a, &form, "grant_type", v2 ? V2_GRANT : "device_code");
  if (!rc)
    rc = auth_form_add(a, &form, "client_id", cfg->client_id);
  if (!rc)
    rc = auth_form_add(a, &form, v2 ? "device_code" : "code", dc->device_code);
  if (!rc && !v2)
    rc = auth_form_add(a, &form, "resource", cfg->resource);
  if (!rc && creds->client_secret && creds->client_secret[0])
    rc = auth_form_add(a, &form, "client_secret", creds->client_secret);
  return rc ? rc : auth_form_request(a, cfg->token_url, form, req);
}

static enum device_poll poll_error(const char *error)
{
  static const struct {
    const char *name;
    enum device_poll verdict;
  } names[] = {
      {"authorization_pending", DEVICE_POLL_PENDING},
      {"slow_down", DEVICE_POLL_SLOW_DOWN},
      {"access_denied", DEVICE_POLL_DENIED},
      {"authorization_declined", DEVICE_POLL_DENIED},
      {"expired_token", DEVICE_POLL_EXPIRED},
      {"code_expired", DEVICE_POLL_EXPIRED},
  };
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    if (!strcmp(error, names[i].name))
      return names[i].verdict;
  return DEVICE_POLL_FAILED;
}

enum device_poll device_classify_poll(int status, const char *body, size_t len, time_t now_s,
                                      struct token *tok, char *msg, size_t cap)
{
  if (status == 0) {
    snprintf(msg, cap, "no answer from the token endpoint");
    return DEVICE_POLL_RETRY;
  }
  int rc = auth_parse_token_response(status, body, len, now_s, tok, msg, cap);
  if (rc == CSP_E_OK)
    return DEVICE_POLL_DONE;
  if (rc == CSP_E_UNREACHABLE)
    return DEVICE_POLL_RETRY;
  return rc == CSP_E_AUTH ? poll_error(tok->error) : DEVICE_POLL_FAILED;
}

/* One poll: build, send, classify. */
static enum device_poll poll_once(const struct auth_config *cfg,
                                  const struct auth_credentials *creds,
                                  const struct device_code *dc, const struct device_login_io *io,
                                  struct token *tok, char *msg, size_t cap)
{
  struct arena a;
  arena_init(&a, 0);
  struct http_request req;
  struct http_response res;
  http_response_init(&res);
  enum device_poll verdict = DEVICE_POLL_FAILED;
  if (device_build_poll_request(cfg, creds, dc, &a, &req) != CSP_E_OK) {
    snprintf(msg, cap, "cannot build the sign-in request");
  } else {
    int sent = io->send(io->ctx, &req, &res);
    verdict = device_classify_poll(sent ? 0 : res.status, res.body, res.body_len,
                                   io->now_s(io->ctx), tok, msg, cap);
    auth_request_wipe(&req);
  }
  if (res.body)
    explicit_bzero(res.body, res.body_len);
  http_response_release(&res);
  arena_release(&a);
  return verdict;
}

/* The final answer of a verdict that ends the wait. */
static int ending(enum device_poll verdict, char *msg, size_t cap)
{
  switch (verdict) {
  case DEVICE_POLL_DONE:
    return CSP_E_OK;
  case DEVICE_POLL_DENIED:
    snprintf(msg, cap, "the sign-in was declined in the browser");
    return CSP_E_AUTH;
  case DEVICE_POLL_EXPIRED:
    snprintf(msg, cap,
             "the code expired before the sign-in was completed: run 'csponboard "
             "auth login' again");
    return CSP_E_AUTH;
  default:
    return CSP_E_AUTH; /* msg holds the refusal */
  }
}

int device_login_wait(const struct auth_config *cfg, const struct auth_credentials *creds,
                      struct device_code *dc, const struct device_login_io *io,
                      int (*interrupted)(void), struct token *tok, char *msg, size_t cap)
{
  time_t deadline = io->now_s(io->ctx) + (time_t)dc->expires_in_s;
  int outages = 0;
  for (;;) {
    io->sleep_s(io->ctx, dc->interval_s);
    if (interrupted && interrupted())
      return CSP_E_INTERRUPTED;
    if (io->now_s(io->ctx) >= deadline)
      return ending(DEVICE_POLL_EXPIRED, msg, cap);
    enum device_poll verdict = poll_once(cfg, creds, dc, io, tok, msg, cap);
    if (verdict == DEVICE_POLL_RETRY && ++outages >= CSP_DEFAULT_MAX_ATTEMPTS)
      return CSP_E_UNREACHABLE;
    if (verdict != DEVICE_POLL_RETRY)
      outages = 0;
    if (verdict == DEVICE_POLL_SLOW_DOWN) {
      dc->interval_s += CSP_DEVICE_SLOW_DOWN_S;
      if (io->slowed)
        io->slowed(io->ctx, dc->interval_s);
    }
    if (verdict != DEVICE_POLL_PENDING && verdict != DEVICE_POLL_SLOW_DOWN &&
        verdict != DEVICE_POLL_RETRY)
      return ending(verdict, msg, cap);
  }
}
