/* OAuth for Partner Center: secrets from the environment, the token request as a URL-encoded
 * form, the token reply parsed (expires_in as a number or, as Microsoft's v1 endpoint sends
 * it, a numeric string), and the refresh decision. The access token is 1-2 KB and the refresh
 * token several hundred bytes, so every secret is heap- or arena-allocated to its size, never
 * copied into a fixed buffer. Secrets are wiped with explicit_bzero when released. */
#include "partner_center/auth.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/errors.h"
#include "http/url.h"
#include "base/limits.h"
#include "partner_center/pc_json.h"

#define DEFAULT_LIFETIME_S 3600

void auth_secret_free(char *secret)
{
  if (secret) {
    explicit_bzero(secret, strlen(secret));
    free(secret);
  }
}

void auth_credentials_init(struct auth_credentials *creds)
{
  creds->client_secret = NULL;
  creds->refresh_token = NULL;
}

void auth_credentials_release(struct auth_credentials *creds)
{
  auth_secret_free(creds->client_secret);
  auth_secret_free(creds->refresh_token);
  auth_credentials_init(creds);
}

/* Copies the value of the environment variable named by name (the config key says which) into
 * *out. */
static int read_env(const char *name, const char *config_key, char **out, char *msg, size_t cap)
{
  if (!name || !name[0]) {
    snprintf(msg, cap, "%s names no environment variable", config_key);
    return CSP_E_CONFIG;
  }
  const char *value = getenv(name);
  if (!value || !value[0]) {
    snprintf(msg, cap, "environment variable %s (named by %s) is not set or empty", name,
             config_key);
    return CSP_E_CONFIG;
  }
  *out = strdup(value);
  if (!*out) {
    snprintf(msg, cap, "out of memory reading %s", name);
    return CSP_E_NOMEM;
  }
  return CSP_E_OK;
}

int auth_credentials_from_env(const char *client_secret_env, const char *refresh_token_env,
                              struct auth_credentials *creds, char *msg, size_t msg_cap)
{
  auth_credentials_init(creds);
  int rc =
      read_env(client_secret_env, "auth.client_secret_env", &creds->client_secret, msg, msg_cap);
  if (rc == CSP_E_OK && refresh_token_env)
    rc = read_env(refresh_token_env, "auth.refresh_token_env", &creds->refresh_token, msg, msg_cap);
  if (rc != CSP_E_OK)
    auth_credentials_release(creds);
  return rc;
}

int auth_token_url(struct arena *a, const char *url_template, const char *tenant_id,
                   const char **out)
{
  static const char placeholder[] = "{tenant}";
  const size_t plen = sizeof(placeholder) - 1;
  const char *tenant = http_url_escape(a, tenant_id);
  const char *url = arena_strdup(a, "");
  const char *rest = url_template, *hit;
  while (tenant && url && (hit = strstr(rest, placeholder)) != NULL) {
    url = arena_printf(a, "%s%.*s%s", url, (int)(hit - rest), rest, tenant);
    rest = hit + plen;
  }
  *out = (tenant && url) ? arena_printf(a, "%s%s", url, rest) : NULL;
  return *out ? CSP_E_OK : CSP_E_LIMIT;
}

int auth_form_add(struct arena *a, const char **form, const char *key, const char *value)
{
  const char *escaped = http_url_escape(a, value);
  if (escaped)
    *form = *form ? arena_printf(a, "%s&%s=%s", *form, key, escaped)
                  : arena_printf(a, "%s=%s", key, escaped);
  return (escaped && *form) ? CSP_E_OK : CSP_E_LIMIT;
}

/* The form body of cfg->grant; *form lives in a. */
static int token_form(const struct auth_config *cfg, const struct auth_credentials *creds,
                      struct arena *a, const char **form)
{
  bool refresh = cfg->grant == AUTH_GRANT_REFRESH_TOKEN;
  bool v2 = cfg->scope && cfg->scope[0];
  *form = NULL;
  if (refresh && (!creds->refresh_token || !creds->refresh_token[0]))
    return CSP_E_CONFIG;
  int rc = auth_form_add(a, form, "grant_type", refresh ? "refresh_token" : "client_credentials");
  if (rc == CSP_E_OK && refresh)
    rc = auth_form_add(a, form, "refresh_token", creds->refresh_token);
  if (rc == CSP_E_OK)
    rc = auth_form_add(a, form, "client_id", cfg->client_id);
  if (rc == CSP_E_OK && creds->client_secret && creds->client_secret[0])
    rc = auth_form_add(a, form, "client_secret", creds->client_secret);
  if (rc == CSP_E_OK)
    rc = auth_form_add(a, form, v2 ? "scope" : "resource", v2 ? cfg->scope : cfg->resource);
  return rc;
}

int auth_build_token_request(const struct auth_config *cfg, const struct auth_credentials *creds,
                             struct arena *a, struct http_request *req)
{
  memset(req, 0, sizeof(*req));
  const char *form = NULL;
  int rc = token_form(cfg, creds, a, &form);
  return rc ? rc : auth_form_request(a, cfg->token_url, form, req);
}

int auth_form_request(struct arena *a, const char *url, const char *form, struct http_request *req)
{
  memset(req, 0, sizeof(*req));
  req->method = "POST";
  req->url = url ? arena_strdup(a, url) : NULL;
  req->body = form;
  req->body_len = strlen(form);
  bool ok = req->url &&
            http_request_add_header(req, "Content-Type", "application/x-www-form-urlencoded") &&
            http_request_add_header(req, "Accept", "application/json");
  return ok ? CSP_E_OK : CSP_E_LIMIT;
}

void auth_request_wipe(struct http_request *req)
{
  if (req->body)
    explicit_bzero((char *)req->body, req->body_len);
}

void token_init(struct token *tok)
{
  tok->access_token = NULL;
  tok->refresh_token = NULL;
  tok->obtained_at_s = 0;
  tok->expires_at_s = 0;
  tok->error[0] = '\0';
}

void token_release(struct token *tok)
{
  auth_secret_free(tok->access_token);
  auth_secret_free(tok->refresh_token);
  token_init(tok);
}

/* When the token of root expires: expires_in after now, else expires_on, else an hour. */
static time_t expiry_of(const cJSON *root, time_t now_s)
{
  long long in = pc_json_seconds(root, "expires_in");
  long long on = pc_json_seconds(root, "expires_on");
  if (in >= 0)
    return now_s + (time_t)in;
  if (on > now_s)
    return (time_t)on;
  return now_s + DEFAULT_LIFETIME_S;
}

/* Copies s into msg with control characters (AAD descriptions carry CR LF) made spaces. */
static void message(char *msg, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void message(char *msg, size_t cap, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, cap, fmt, ap);
  va_end(ap);
  for (char *p = msg; cap > 0 && *p; p++)
    if (iscntrl((unsigned char)*p))
      *p = ' ';
}

/* The error of a non-2xx token reply: CSP_E_AUTH for a refusal, CSP_E_UNREACHABLE otherwise.
 * The OAuth error goes to error (cap_error bytes). */
static int token_refusal(int status, const cJSON *root, char *error_out, size_t error_cap,
                         char *msg, size_t cap)
{
  const char *error = pc_json_string(root, "error");
  const char *text = pc_json_string(root, "error_description");
  snprintf(error_out, error_cap, "%s", error ? error : "");
  bool refused = status >= 400 && status < 500 && status != 429;
  message(msg, cap, "token endpoint %s (HTTP %d)%s%s%s%s",
          refused ? "refused the credentials" : "is unavailable", status, error ? ": " : "",
          error ? error : "", text ? ": " : "", text ? text : "");
  return refused ? CSP_E_AUTH : CSP_E_UNREACHABLE;
}

int auth_parse_token_response(int status, const char *body, size_t len, time_t now_s,
                              struct token *tok, char *msg, size_t msg_cap)
{
  int rc = CSP_E_PROTOCOL;
  cJSON *root = pc_json_parse(body, len);
  const char *access = pc_json_string(root, "access_token");
  const char *refresh = pc_json_string(root, "refresh_token");
  char *copy = NULL, *refresh_copy = NULL;
  tok->error[0] = '\0';
  if (status < 200 || status >= 300) {
    rc = token_refusal(status, root, tok->error, sizeof(tok->error), msg, msg_cap);
    goto out;
  }
  if (!access || !access[0]) {
    message(msg, msg_cap, "token endpoint answered HTTP %d without an access_token", status);
    goto out;
  }
  copy = strdup(access);
  refresh_copy = refresh && refresh[0] ? strdup(refresh) : NULL;
  rc = copy && (refresh_copy || !refresh || !refresh[0]) ? CSP_E_OK : CSP_E_NOMEM;
  if (rc) {
    auth_secret_free(copy);
    auth_secret_free(refresh_copy);
    goto out;
  }
  auth_secret_free(tok->access_token);
  auth_secret_free(tok->refresh_token);
  tok->access_token = copy;
  tok->refresh_token = refresh_copy;
  tok->obtained_at_s = now_s;
  tok->expires_at_s = expiry_of(root, now_s);
out:
  if (access)
    explicit_bzero((char *)access, strlen(access));
  if (refresh)
    explicit_bzero((char *)refresh, strlen(refresh));
  cJSON_Delete(root);
  return rc;
}

bool token_needs_refresh(const struct token *tok, time_t now_s)
{
  if (!tok->access_token)
    return true;
  time_t margin = CSP_TOKEN_REFRESH_MARGIN_S;
  time_t lifetime = tok->expires_at_s - tok->obtained_at_s;
  if (margin > lifetime / 2)
    margin = lifetime / 2;
  return now_s >= tok->expires_at_s - margin;
}
