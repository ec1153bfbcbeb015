/* GET /v1/profiles/organization (app+user only, as documented by Partner Center): the
 * partner's own organization profile. Its defaultAddress.country is the partner's market
 * (--partner-market), which `csponboard auth status` compares with partner.market. */
#include <stdio.h>

#include "sandbox/routes.h"

int sb_route_org_profile(struct sb_ctx *ctx, const struct sb_request *req, struct sb_response *resp)
{
  (void)req;
  const struct sandbox_options *o = &ctx->opts;
  cJSON *body = cJSON_CreateObject();
  cJSON *address = cJSON_CreateObject();
  cJSON_AddStringToObject(address, "country", o->partner_market);
  cJSON_AddStringToObject(address, "city", "Redmond");
  cJSON_AddStringToObject(address, "addressLine1", "1 Sandbox Way");
  cJSON_AddStringToObject(body, "id", o->partner_tenant_id);
  cJSON_AddStringToObject(body, "companyName", "Sandbox Partner");
  cJSON_AddItemToObject(body, "defaultAddress", address);
  cJSON_AddStringToObject(body, "tenantId", o->partner_tenant_id);
  cJSON_AddStringToObject(body, "domain", "sandboxpartner.onmicrosoft.com");
  cJSON_AddStringToObject(body, "email", "admin@sandboxpartner.onmicrosoft.com");
  cJSON_AddStringToObject(body, "language", "en");
  cJSON_AddStringToObject(body, "culture", "en-US");
  cJSON *attributes = cJSON_AddObjectToObject(body, "attributes");
  cJSON_AddStringToObject(attributes, "objectType", "OrganizationProfile");
  return sb_reply_json(resp, 200, body);
}
