/* GET /v1/customers/relationshiprequests: the one reseller-relationship link of the partner
 * (the indirect-reseller form when the partner is an indirect reseller). Each fetch is
 * recorded in the state. */
#include <stdio.h>
#include <string.h>

#include "sandbox/routes.h"

#define ADMIN_PORTAL "https://admin.microsoft.com/Adminportal/Home?"
#define INVITATION_FRAGMENT "#/BillingAccounts/partner-invitation"

int sb_route_relationship(struct sb_ctx *ctx, const struct sb_request *req,
                          struct sb_response *resp)
{
  (void)req;
  const struct sandbox_options *o = &ctx->opts;
  char url[512];
  if (!strcmp(o->partner_type, "indirect_reseller"))
    snprintf(url, sizeof(url),
             ADMIN_PORTAL "invType=IndirectResellerRelationship&partnerId=%s&msppId=%s"
                          "&indirectCSPId=%s&DAP=false" INVITATION_FRAGMENT,
             o->partner_tenant_id, o->partner_mpn_id, o->provider_tenant_id);
  else
    snprintf(url, sizeof(url),
             ADMIN_PORTAL
             "invType=ResellerRelationship&partnerId=%s&msppId=0&DAP=false" INVITATION_FRAGMENT,
             o->partner_tenant_id);
  sb_state_note_link_fetch(&ctx->state);
  cJSON *body = cJSON_CreateObject();
  cJSON_AddStringToObject(body, "url", url);
  return sb_reply_json(resp, 200, body);
}
