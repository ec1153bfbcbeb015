/* Authentication: the token endpoint (POST /{tenant}/oauth2/token and .../oauth2/v2.0/token,
 * form body) and the bearer check every /v1 route goes through. Grants: refresh_token,
 * client_credentials, and the device code grant (v1 "device_code" with "code", v2
 * "urn:ietf:params:oauth:grant-type:device_code" with "device_code"), whose polls signins.c
 * answers. Access tokens are JWT-shaped — a base64url JSON payload with the claims a client
 * shows (upn, name, tid, amr with mfa), padded with random text to a real token's size — and
 * remembered in the state with their expiry and whether they are app-only. With rotation on,
 * every app+user token comes with a new random refresh token. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/errors.h"
#include "base/hex.h"
#include "sandbox/ids.h"
#include "sandbox/routes.h"

#define TOKEN_HEADER "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6InNhbmRib3gifQ."
#define TOKEN_BODY_LEN 1100
#define TOKEN_SIG_LEN 342
#define B64URL "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

#define V2_DEVICE_GRANT "urn:ietf:params:oauth:grant-type:device_code"
#define SANDBOX_ACCOUNT "admin@sandboxpartner.onmicrosoft.com"
#define REFRESH_LEN 400

struct token_form {
  char *grant_type, *refresh_token, *client_id, *client_secret, *resource, *scope, *code,
      *device_code;
};

/* Decodes application/x-www-form-urlencoded text in place ('+' is a space, %XX a byte). */
static void form_decode(char *s)
{
  char *out = s;
  for (; *s; s++) {
    int hi, lo;
    if (*s == '+') {
      *out++ = ' ';
    } else if (*s == '%' && (hi = hex_digit_value(s[1])) >= 0 &&
               (lo = hex_digit_value(s[2])) >= 0) {
      *out++ = (char)(hi * 16 + lo);
      s += 2;
    } else {
      *out++ = *s;
    }
  }
  *out = '\0';
}

void sb_form_parse(char *body, const char *const *names, char **const *slots, size_t n)
{
  for (char *pair = body; pair && *pair;) {
    char *next = strchr(pair, '&');
    if (next)
      *next++ = '\0';
    char *eq = strchr(pair, '=');
    if (eq) {
      *eq = '\0';
      form_decode(pair);
      form_decode(eq + 1);
      for (size_t i = 0; i < n; i++)
        if (!strcmp(pair, names[i]))
          *slots[i] = eq + 1;
    }
    pair = next;
  }
}

/* Splits the copy of the body into pairs and points the known fields at decoded values. */
static void form_parse(char *body, struct token_form *form)
{
  static const char *const names[] = {"grant_type", "refresh_token", "client_id", "client_secret",
                                      "resource",   "scope",         "code",      "device_code"};
  char **const slots[] = {&form->grant_type,    &form->refresh_token, &form->client_id,
                          &form->client_secret, &form->resource,      &form->scope,
                          &form->code,          &form->device_code};
  sb_form_parse(body, names, slots, sizeof(names) / sizeof(names[0]));
}

int sb_oauth_error(struct sb_response *resp, int status, const char *error, const char *description)
{
  cJSON *body = cJSON_CreateObject();
  if (body) {
    cJSON_AddStringToObject(body, "error", error);
    cJSON_AddStringToObject(body, "error_description", description);
  }
  return sb_reply_json(resp, status, body);
}

static void b64url(const unsigned char *in, size_t len, char *out)
{
  size_t o = 0;
  for (size_t i = 0; i < len; i += 3) {
    unsigned long v = (unsigned long)in[i] << 16;
    if (i + 1 < len)
      v |= (unsigned long)in[i + 1] << 8;
    if (i + 2 < len)
      v |= in[i + 2];
    out[o++] = B64URL[(v >> 18) & 63];
    out[o++] = B64URL[(v >> 12) & 63];
    if (i + 1 < len)
      out[o++] = B64URL[(v >> 6) & 63];
    if (i + 2 < len)
      out[o++] = B64URL[v & 63];
  }
  out[o] = '\0';
}

/* The claims of an access token: who (app+user only), which tenant, until when, and random
 * padding so that no two tokens are alike. */
static cJSON *claims(const struct sb_ctx *ctx, const struct token_form *form, bool app_only,
                     long long now)
{
  char pad[TOKEN_BODY_LEN / 2];
  if (sb_random_text(pad, sizeof(pad) - 1, B64URL) != 0)
    return NULL;
  cJSON *c = cJSON_CreateObject();
  const char *aud = form->resource ? form->resource : form->scope ? form->scope : "";
  cJSON_AddStringToObject(c, "aud", aud);
  cJSON_AddStringToObject(c, "tid", ctx->opts.partner_tenant_id);
  cJSON_AddStringToObject(c, "appid", ctx->opts.client_id);
  cJSON_AddNumberToObject(c, "iat", (double)now);
  cJSON_AddNumberToObject(c, "exp", (double)(now + ctx->opts.token_ttl_s));
  if (!app_only) {
    cJSON_AddStringToObject(c, "upn", SANDBOX_ACCOUNT);
    cJSON_AddStringToObject(c, "name", "Sandbox Admin Agent");
    cJSON *amr = cJSON_AddArrayToObject(c, "amr");
    cJSON_AddItemToArray(amr, cJSON_CreateString("pwd"));
    cJSON_AddItemToArray(amr, cJSON_CreateString("mfa"));
  }
  cJSON_AddStringToObject(c, "sbx", pad);
  return c;
}

/* A JWT-shaped access token for the claims: header.payload.signature. Caller frees. */
static char *make_access_token(const struct sb_ctx *ctx, const struct token_form *form,
                               bool app_only, long long now)
{
  cJSON *c = claims(ctx, form, app_only, now);
  char *payload = c ? cJSON_PrintUnformatted(c) : NULL;
  cJSON_Delete(c);
  size_t plen = payload ? strlen(payload) : 0;
  size_t head = strlen(TOKEN_HEADER), body_len = (plen + 2) / 3 * 4;
  char *token = payload ? malloc(head + body_len + 1 + TOKEN_SIG_LEN + 1) : NULL;
  if (token) {
    memcpy(token, TOKEN_HEADER, head);
    b64url((const unsigned char *)payload, plen, token + head);
    size_t at = strlen(token);
    token[at] = '.';
    if (sb_random_text(token + at + 1, TOKEN_SIG_LEN, B64URL) != 0) {
      free(token);
      token = NULL;
    }
  }
  free(payload);
  return token;
}

static int issue_token(struct sb_ctx *ctx, const struct token_form *form, bool app_only,
                       const char *refresh_token, struct sb_response *resp)
{
  long long now = sb_wall_s();
  char *token = make_access_token(ctx, form, app_only, now);
  if (!token)
    return CSP_E_NOMEM;
  unsigned ttl = ctx->opts.token_ttl_s;
  int rc = sb_state_token_add(&ctx->state, token, sb_now_ms() + (uint64_t)ttl * 1000u, app_only);
  char expires_in[24], expires_on[24], not_before[24];
  snprintf(expires_in, sizeof(expires_in), "%u", ttl ? ttl - 1 : 0);
  snprintf(expires_on, sizeof(expires_on), "%lld", now + ttl);
  snprintf(not_before, sizeof(not_before), "%lld", now);
  cJSON *body = rc ? NULL : cJSON_CreateObject();
  if (body) {
    cJSON_AddStringToObject(body, "token_type", "Bearer");
    cJSON_AddStringToObject(body, "expires_in", expires_in);
    cJSON_AddStringToObject(body, "ext_expires_in", expires_in);
    cJSON_AddStringToObject(body, "expires_on", expires_on);
    cJSON_AddStringToObject(body, "not_before", not_before);
    cJSON_AddStringToObject(body, "resource", form->resource ? form->resource : "");
    cJSON_AddStringToObject(body, "access_token", token);
    if (refresh_token)
      cJSON_AddStringToObject(body, "refresh_token", refresh_token);
  }
  free(token);
  return rc ? rc : sb_reply_json(resp, 200, body);
}

/* An app+user token with the refresh token that goes with it: a new one when refresh tokens
 * rotate, otherwise the one --refresh-token accepts. */
static int issue_user_token(struct sb_ctx *ctx, const struct token_form *form,
                            struct sb_response *resp)
{
  if (!ctx->opts.refresh_token_uses)
    return issue_token(ctx, form, false, ctx->opts.refresh_token, resp);
  char refresh[REFRESH_LEN + 8] = "sbrt.";
  int rc = sb_random_text(refresh + 5, REFRESH_LEN, B64URL);
  if (!rc)
    rc = sb_signins_add_refresh(&ctx->signins, refresh);
  return rc ? rc : issue_token(ctx, form, false, refresh, resp);
}

/* The refresh grant: the token must be valid (and, rotating, have a use left). */
static int refresh_grant(struct sb_ctx *ctx, const struct token_form *form,
                         struct sb_response *resp)
{
  bool valid;
  if (ctx->opts.refresh_token_uses) {
    valid = sb_signins_redeem(&ctx->signins, form->refresh_token);
  } else {
    valid = form->refresh_token && !strcmp(form->refresh_token, ctx->opts.refresh_token);
    sb_signins_count(&ctx->signins, valid);
  }
  if (!valid)
    return sb_oauth_error(resp, 400, "invalid_grant",
                          "AADSTS70000: The provided refresh token is invalid or expired.");
  return issue_user_token(ctx, form, resp);
}

/* A device code poll. v1 answers with Azure AD's own error names, v2 with RFC 8628's. */
static int device_grant(struct sb_ctx *ctx, const struct token_form *form, bool v2,
                        struct sb_response *resp)
{
  const char *code = v2 ? form->device_code : form->code;
  switch (sb_signins_poll(&ctx->signins, code)) {
  case SB_DEVICE_APPROVED:
    return issue_user_token(ctx, form, resp);
  case SB_DEVICE_PENDING:
    return sb_oauth_error(resp, 400, "authorization_pending",
                          "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.");
  case SB_DEVICE_SLOW_DOWN:
    return sb_oauth_error(resp, 400, "slow_down", "AADSTS70016: Polling too fast: slow down.");
  case SB_DEVICE_DENIED:
    return sb_oauth_error(resp, 400, v2 ? "access_denied" : "authorization_declined",
                          "AADSTS70000: The user declined the sign-in.");
  case SB_DEVICE_EXPIRED:
    return sb_oauth_error(resp, 400, v2 ? "expired_token" : "code_expired",
                          "AADSTS70019: The verification code expired.");
  default:
    return sb_oauth_error(resp, 400, "invalid_grant",
                          "AADSTS70000: The device code is unknown or already used.");
  }
}

static bool is_grant(const struct token_form *form, const char *name)
{
  return form->grant_type && !strcmp(form->grant_type, name);
}

static int grant(struct sb_ctx *ctx, const struct token_form *form, struct sb_response *resp)
{
  const struct sandbox_options *o = &ctx->opts;
  bool refresh = is_grant(form, "refresh_token"), app = is_grant(form, "client_credentials");
  bool device_v2 = is_grant(form, V2_DEVICE_GRANT);
  bool device = device_v2 || is_grant(form, "device_code");
  if (!refresh && !app && !device)
    return sb_oauth_error(resp, 400, "unsupported_grant_type",
                          "AADSTS70003: The grant type must be refresh_token, client_credentials "
                          "or a device code grant.");
  if (!form->client_id || strcmp(form->client_id, o->client_id) != 0)
    return sb_oauth_error(resp, 401, "invalid_client",
                          "AADSTS700016: Application not found in the directory.");
  /* A device code poll may come from a public client, without a secret. */
  bool secret_needed = !device || form->client_secret;
  if (secret_needed && (!form->client_secret || strcmp(form->client_secret, o->client_secret) != 0))
    return sb_oauth_error(resp, 401, "invalid_client",
                          "AADSTS7000215: Invalid client secret provided.");
  if (form->resource && strstr(form->resource, "graph.windows.net"))
    return sb_oauth_error(resp, 400, "invalid_resource",
                          "AADSTS900420: The resource is not valid for Partner Center.");
  if (device)
    return device_grant(ctx, form, device_v2, resp);
  return refresh ? refresh_grant(ctx, form, resp) : issue_token(ctx, form, true, NULL, resp);
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
