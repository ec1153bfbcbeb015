/* Authentication: the token endpoint (POST /{tenant}/oauth2/token, Azure AD v1 style, form
 * body) and the bearer check every /v1 route goes through. Tokens are long random strings
 * remembered in the state with their expiry and whether they are app-only
 * (client_credentials) or app+user (refresh_token). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/errors.h"
#include "sandbox/ids.h"
#include "sandbox/routes.h"

#define TOKEN_HEADER "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6InNhbmRib3gifQ."
#define TOKEN_BODY_LEN 1100
#define TOKEN_SIG_LEN 342
#define B64URL "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

struct token_form {
  char *grant_type, *refresh_token, *client_id, *client_secret, *resource;
};

static int hex_value(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes application/x-www-form-urlencoded text in place ('+' is a space, %XX a byte). */
static void form_decode(char *s)
{
  char *out = s;
  for (; *s; s++) {
    int hi, lo;
    if (*s == '+') {
      *out++ = ' ';
    } else if (*s == '%' && (hi = hex_value(s[1])) >= 0 && (lo = hex_value(s[2])) >= 0) {
      *out++ = (char)(hi * 16 + lo);
      s += 2;
    } else {
      *out++ = *s;
    }
  }
  *out = '\0';
}

/* Splits the copy of the body into pairs and points the known fields at decoded values. */
static void form_parse(char *body, struct token_form *form)
{
  static const char *const names[] = {"grant_type", "refresh_token", "client_id", "client_secret",
                                      "resource"};
  char **slots[] = {&form->grant_type, &form->refresh_token, &form->client_id, &form->client_secret,
                    &form->resource};
  for (char *pair = body; pair && *pair;) {
    char *next = strchr(pair, '&');
    if (next)
      *next++ = '\0';
    char *eq = strchr(pair, '=');
    if (eq) {
      *eq = '\0';
      form_decode(pair);
      form_decode(eq + 1);
      for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(pair, names[i]))
          *slots[i] = eq + 1;
    }
    pair = next;
  }
}

static int oauth_error(struct sb_response *resp, int status, const char *error,
                       const char *description)
{
  cJSON *body = cJSON_CreateObject();
  if (body) {
    cJSON_AddStringToObject(body, "error", error);
    cJSON_AddStringToObject(body, "error_description", description);
  }
  return sb_reply_json(resp, status, body);
}

static int issue_token(struct sb_ctx *ctx, const struct token_form *form, bool app_only,
                       struct sb_response *resp)
{
  char token[sizeof(TOKEN_HEADER) + TOKEN_BODY_LEN + 1 + TOKEN_SIG_LEN + 1];
  size_t head = strlen(TOKEN_HEADER);
  memcpy(token, TOKEN_HEADER, head);
  int rc = sb_random_text(token + head, TOKEN_BODY_LEN, B64URL);
  if (rc)
    return rc;
  token[head + TOKEN_BODY_LEN] = '.';
  if ((rc = sb_random_text(token + head + TOKEN_BODY_LEN + 1, TOKEN_SIG_LEN, B64URL)) != 0)
    return rc;
  unsigned ttl = ctx->opts.token_ttl_s;
  if ((rc = sb_state_token_add(&ctx->state, token, sb_now_ms() + (uint64_t)ttl * 1000u,
                               app_only)) != 0)
    return rc;
  char expires_in[24], expires_on[24], not_before[24];
  long long now = sb_wall_s();
  snprintf(expires_in, sizeof(expires_in), "%u", ttl ? ttl - 1 : 0);
  snprintf(expires_on, sizeof(expires_on), "%lld", now + ttl);
  snprintf(not_before, sizeof(not_before), "%lld", now);
  cJSON *body = cJSON_CreateObject();
  if (body) {
    cJSON_AddStringToObject(body, "token_type", "Bearer");
    cJSON_AddStringToObject(body, "expires_in", expires_in);
    cJSON_AddStringToObject(body, "ext_expires_in", expires_in);
    cJSON_AddStringToObject(body, "expires_on", expires_on);
    cJSON_AddStringToObject(body, "not_before", not_before);
    cJSON_AddStringToObject(body, "resource", form->resource ? form->resource : "");
    cJSON_AddStringToObject(body, "access_token", token);
    if (!app_only)
      cJSON_AddStringToObject(body, "refresh_token", ctx->opts.refresh_token);
  }
  return sb_reply_json(resp, 200, body);
}

static int grant(struct sb_ctx *ctx, const struct token_form *form, struct sb_response *resp)
{
  const struct sandbox_options *o = &ctx->opts;
  bool refresh = form->grant_type && !strcmp(form->grant_type, "refresh_token");
  bool app = form->grant_type && !strcmp(form->grant_type, "client_credentials");
  if (!refresh && !app)
    return oauth_error(resp, 400, "unsupported_grant_type",
                       "AADSTS70003: The grant type must be refresh_token or "
                       "client_credentials.");
  if (!form->client_id || strcmp(form->client_id, o->client_id) != 0)
    return oauth_error(resp, 401, "invalid_client",
                       "AADSTS700016: Application not found in the directory.");
  if (!form->client_secret || strcmp(form->client_secret, o->client_secret) != 0)
    return oauth_error(resp, 401, "invalid_client",
                       "AADSTS7000215: Invalid client secret provided.");
  if (form->resource && strstr(form->resource, "graph.windows.net"))
    return oauth_error(resp, 400, "invalid_resource",
                       "AADSTS900420: The resource is not valid for Partner Center.");
  if (refresh && (!form->refresh_token || strcmp(form->refresh_token, o->refresh_token) != 0))
    return oauth_error(resp, 400, "invalid_grant",
                       "AADSTS70000: The provided refresh token is invalid or expired.");
  return issue_token(ctx, form, app, resp);
}

int sb_route_token(struct sb_ctx *ctx, const struct sb_request *req, struct sb_response *resp)
{
  struct token_form form = {0};
  char *copy = strdup(req->body);
  if (!copy)
    return CSP_E_NOMEM;
  form_parse(copy, &form);
  int rc = grant(ctx, &form, resp);
  free(copy);
  return rc;
}

int sb_auth_check(struct sb_ctx *ctx, struct sb_request *req, struct sb_response *resp,
                  bool expire_now)
{
  const char *auth = sb_header(req, "Authorization");
  enum sb_token_check check = SB_TOKEN_UNKNOWN;
  bool app_only = false;
  if (auth && !strncasecmp(auth, "Bearer ", 7))
    check = sb_state_token_check(&ctx->state, auth + 7, sb_now_ms(), expire_now, &app_only);
  if (check == SB_TOKEN_OK) {
    req->app_only = app_only;
    return 0;
  }
  if (check == SB_TOKEN_EXPIRED)
    (void)sb_reply_error_named(resp, 401, "Unauthorized",
                               "The access token has expired. Request a new token.");
  else
    (void)sb_reply_error_named(resp, 401, "Unauthorized",
                               "Authorization has been denied: a valid bearer token is "
                               "required.");
  return 1;
}
