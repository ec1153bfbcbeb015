/* HEAD /v1/domains/{domain}: 200 when the domain exists anywhere (a customer's domain or a
 * tenant of --tenants, customer or not), 404 when it is free. No body either way. */
#include "sandbox/routes.h"

int sb_route_domain(struct sb_ctx *ctx, const struct sb_request *req, struct sb_response *resp)
{
  bool taken = sb_state_domain_taken(&ctx->state, req->params[0]);
  return sb_reply_raw(resp, taken ? 200 : 404, NULL);
}
