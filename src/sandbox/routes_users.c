/* A customer's users: GET /v1/customers/{id}/users lists the one user the sandbox knows per
 * customer, its first admin (admin@ the customer's domain; its id is the customer id read
 * backwards, so that a client mixing the two up is caught), and
 * PATCH /v1/customers/{id}/users/{user}/resetpassword sets that user's password (200 with the
 * user; 404 for another customer or user; 400 3000 without passwordProfile.password). The
 * password itself is never kept or logged: the state only counts the resets. */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "sandbox/routes.h"

static void admin_user_id(const char *customer_id, char *out, size_t cap)
{
  size_t n = strlen(customer_id);
  size_t i = 0;
  for (; i < n && i + 1 < cap; i++)
    out[i] = customer_id[n - 1 - i];
  out[i] = '\0';
}

static cJSON *admin_user(const char *customer_id, const char *domain)
{
  char id[128], upn[CSP_IDENTITY_BYTES];
  admin_user_id(customer_id, id, sizeof(id));
  snprintf(upn, sizeof(upn), "admin@%s", domain);
  cJSON *user = cJSON_CreateObject();
  cJSON_AddStringToObject(user, "id", id);
  cJSON_AddStringToObject(user, "userPrincipalName", upn);
  cJSON_AddStringToObject(user, "displayName", "admin");
  cJSON_AddStringToObject(user, "userDomainType", "none");
  cJSON *attributes = cJSON_AddObjectToObject(user, "attributes");
  cJSON_AddStringToObject(attributes, "objectType", "CustomerUser");
  return user;
}

int sb_route_customer_users(struct sb_ctx *ctx, const struct sb_request *req,
                            struct sb_response *resp)
{
  const char *customer_id = req->params[0];
  char domain[CSP_IDENTITY_BYTES];
  if (!sb_state_customer_domain(&ctx->state, customer_id, domain, sizeof(domain)))
    return sb_reply_error_named(resp, 404, "NotFound", "Customer %s was not found.", customer_id);
  cJSON *page = cJSON_CreateObject();
  cJSON *items = cJSON_AddArrayToObject(page, "items");
  cJSON_AddItemToArray(items, admin_user(customer_id, domain));
  cJSON_AddNumberToObject(page, "totalCount", 1);
  cJSON_AddObjectToObject(page, "links");
  return sb_reply_json(resp, 200, page);
}

int sb_route_reset_password(struct sb_ctx *ctx, const struct sb_request *req,
                            struct sb_response *resp)
{
  const char *customer_id = req->params[0], *user_id = req->params[1];
  char domain[CSP_IDENTITY_BYTES], admin_id[128];
  admin_user_id(customer_id, admin_id, sizeof(admin_id));
  if (!sb_state_customer_domain(&ctx->state, customer_id, domain, sizeof(domain)) ||
      strcmp(user_id, admin_id) != 0)
    return sb_reply_error_named(resp, 404, "NotFound", "User %s of customer %s was not found.",
                                user_id, customer_id);
  cJSON *body = sb_parse_body(req);
  const char *password = sb_json_str(cJSON_GetObjectItem(body, "passwordProfile"), "password");
  bool ok = password && *password;
  cJSON_Delete(body);
  if (!ok)
    return sb_reply_error(resp, 400, 3000, "The property 'passwordProfile.password' is required.");
  sb_state_note_password_reset(&ctx->state);
  return sb_reply_json(resp, 200, admin_user(customer_id, domain));
}
