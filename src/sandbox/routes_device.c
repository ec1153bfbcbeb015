/* The device authorization grant's sandbox side: POST /{tenant}/oauth2/devicecode (Azure AD
 * v1: resource, verification_url, numbers as strings) and .../oauth2/v2.0/devicecode (v2:
 * scope, verification_uri, numbers), and the stand-in for the user's browser: GET
 * /sandbox/device says how to approve, POST /sandbox/device/approve approves one pending code
 * ({"user_code":"…"}) or, without a body, every pending one. The polls themselves go to the
 * token endpoint (auth.c), answered from signins.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/errors.h"
#include "sandbox/ids.h"
#include "sandbox/routes.h"

#define DEVICE_CODE_LEN 64
#define USER_CODE_LEN 9
#define USER_CODE_ALPHABET "BCDFGHJKLMNPQRSTVWXZ23456789"
#define CODE_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#define CODE_LIFETIME_S 900

struct device_form {
  char *client_id, *resource, *scope;
};

/* The page the user is sent to: this server's own /sandbox/device. */
static void verification_url(const struct sb_request *req, char *out, size_t cap)
{
  const char *host = sb_header(req, "Host");
  snprintf(out, cap, "http://%s/sandbox/device", host ? host : "127.0.0.1");
}

static cJSON *code_reply(const struct sb_ctx *ctx, const struct sb_request *req, bool v2,
                         const char *device_code, const char *user_code)
{
  char url[300], message[600], interval[16], expires[16];
  verification_url(req, url, sizeof(url));
  snprintf(message, sizeof(message),
           "To sign in, use a web browser to open the page %s and enter the code %s to "
           "authenticate.",
           url, user_code);
  snprintf(interval, sizeof(interval), "%u", ctx->opts.device_interval_s);
  snprintf(expires, sizeof(expires), "%d", CODE_LIFETIME_S);
  cJSON *body = cJSON_CreateObject();
  cJSON_AddStringToObject(body, "user_code", user_code);
  cJSON_AddStringToObject(body, "device_code", device_code);
  cJSON_AddStringToObject(body, v2 ? "verification_uri" : "verification_url", url);
  if (v2) {
    cJSON_AddNumberToObject(body, "expires_in", CODE_LIFETIME_S);
    cJSON_AddNumberToObject(body, "interval", ctx->opts.device_interval_s);
  } else {
    cJSON_AddStringToObject(body, "expires_in", expires);
    cJSON_AddStringToObject(body, "interval", interval);
  }
  cJSON_AddStringToObject(body, "message", message);
  return body;
}

static int issue_code(struct sb_ctx *ctx, const struct sb_request *req, bool v2,
                      struct sb_response *resp)
{
  char device_code[DEVICE_CODE_LEN + 1], user_code[USER_CODE_LEN + 1];
  int rc = sb_random_text(device_code, DEVICE_CODE_LEN, CODE_ALPHABET);
  if (!rc)
    rc = sb_random_text(user_code, USER_CODE_LEN, USER_CODE_ALPHABET);
  if (!rc)
    rc = sb_signins_add_device(&ctx->signins, device_code, user_code);
  return rc ? rc : sb_reply_json(resp, 200, code_reply(ctx, req, v2, device_code, user_code));
}

int sb_route_device_code(struct sb_ctx *ctx, const struct sb_request *req, struct sb_response *resp)
{
  static const char *const names[] = {"client_id", "resource", "scope"};
  struct device_form form = {0};
  char **const slots[] = {&form.client_id, &form.resource, &form.scope};
  bool v2 = strstr(req->path, "/v2.0/") != NULL;
  char *copy = strdup(req->body);
  if (!copy)
    return CSP_E_NOMEM;
  sb_form_parse(copy, names, slots, 3);
  int rc;
  if (!form.client_id || strcmp(form.client_id, ctx->opts.client_id) != 0)
    rc = sb_oauth_error(resp, 400, "invalid_client",
                        "AADSTS700016: Application not found in the directory.");
  else if (v2 ? !form.scope || !form.scope[0] : !form.resource || !form.resource[0])
    rc = sb_oauth_error(resp, 400, "invalid_request",
                        v2 ? "AADSTS900144: The request body must contain the parameter 'scope'."
                           : "AADSTS50001: The request body must contain the parameter "
                             "'resource'.");
  else if (v2 && !strstr(form.scope, "offline_access"))
    rc = sb_oauth_error(resp, 400, "invalid_scope",
                        "The sandbox needs offline_access in the scope, or no refresh token "
                        "would be issued.");
  else
    rc = issue_code(ctx, req, v2, resp);
  free(copy);
  return rc;
}

int sb_route_device_approve(struct sb_ctx *ctx, const struct sb_request *req,
                            struct sb_response *resp)
{
  cJSON *body = req->body_len ? sb_parse_body(req) : NULL;
  if (req->body_len && !body)
    return sb_reply_error_named(resp, 400, "InvalidRequestBody", "The body is not JSON.");
  const char *user_code = sb_json_str(body, "user_code");
  unsigned approved = sb_signins_approve(&ctx->signins, user_code);
  int rc;
  if (!approved)
    rc = sb_reply_error_named(resp, 404, "NotFound", "No pending device code%s%s.",
                              user_code ? " with user code " : "", user_code ? user_code : "");
  else {
    cJSON *reply = cJSON_CreateObject();
    cJSON_AddNumberToObject(reply, "approved", approved);
    rc = sb_reply_json(resp, 200, reply);
  }
  cJSON_Delete(body);
  return rc;
}

int sb_route_device_page(struct sb_ctx *ctx, const struct sb_request *req, struct sb_response *resp)
{
  (void)ctx;
  char url[300], how[500];
  verification_url(req, url, sizeof(url));
  snprintf(how, sizeof(how),
           "This is the sandbox: nobody signs in here. Approve a pending sign-in with: curl -X "
           "POST %s/approve -d '{\"user_code\":\"CODE\"}' (or no body to approve every one).",
           url);
  cJSON *reply = cJSON_CreateObject();
  cJSON_AddStringToObject(reply, "message", how);
  return sb_reply_json(resp, 200, reply);
}
