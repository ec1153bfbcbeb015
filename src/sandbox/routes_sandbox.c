/* The sandbox-only routes, for tests and demos: GET /sandbox/state dumps what the server
 * holds; POST /sandbox/invitations/{tenant}/accept makes a tenant of --tenants accept the
 * reseller relationship, so that it appears in the customer list (404 for an unknown tenant,
 * 409 when it is a customer already); POST /sandbox/budget/{n} lets only n more /v1 requests
 * through (later ones are withheld unanswered; "off" lifts the limit); POST /sandbox/faults/off
 * stops the injected faults (a test that needs faults for one run only). The create hold gives
 * a test a fixed point in a run whatever the machine's load: POST /sandbox/hold-creates/{n}
 * lets n more creates through and holds the later ones (unanswered) until
 * POST /sandbox/release-creates; GET /sandbox/holds says {"armed", "held" (since armed),
 * "waiting" (now)}. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/errors.h"
#include "sandbox/routes.h"
#include "sandbox/routes_customers.h"

int sb_route_state(struct sb_ctx *ctx, const struct sb_request *req, struct sb_response *resp)
{
  (void)req;
  cJSON *dump = sb_state_dump(&ctx->state);
  if (dump)
    sb_signins_dump(&ctx->signins, dump);
  return sb_reply_json(resp, 200, dump);
}

static int accept_locked(struct sb_ctx *ctx, const char *tenant_id, struct sb_response *resp)
{
  int rc = CSP_E_NOMEM;
  struct sb_tenant *t = sb_state_tenant_find_locked(&ctx->state, tenant_id);
  if (!t)
    return sb_reply_error_named(resp, 404, "NotFound", "Tenant %s is not in the tenants file.",
                                tenant_id);
  if (t->customer)
    return sb_reply_error_named(resp, 409, "AlreadyCustomer", "Tenant %s is already a customer.",
                                tenant_id);
  cJSON *json = sb_customer_from_tenant(t);
  cJSON *reply = cJSON_Duplicate(json, true);
  struct sb_customer c = {t->tenant_id, t->domain, t->company_name, NULL, json, -1};
  char now[32];
  sb_wall_iso(now, sizeof(now));
  if (!json || (rc = sb_state_add_customer_locked(&ctx->state, &c)) != 0 ||
      (rc = sb_state_note_invitation_locked(&ctx->state, t, now)) != 0) {
    cJSON_Delete(reply);
    return rc;
  }
  t->customer = true;
  return sb_reply_json(resp, 200, reply);
}

int sb_route_hold_creates(struct sb_ctx *ctx, const struct sb_request *req,
                          struct sb_response *resp)
{
  char *end = NULL;
  unsigned long n = strtoul(req->params[0], &end, 10);
  if (*end || n > UINT_MAX)
    return sb_reply_error_named(resp, 400, "BadRequest", "hold-creates takes a count, not %s.",
                                req->params[0]);
  sb_ctx_arm_create_hold(ctx, (unsigned)n);
  return sb_route_holds(ctx, req, resp);
}

int sb_route_release_creates(struct sb_ctx *ctx, const struct sb_request *req,
                             struct sb_response *resp)
{
  sb_ctx_release_creates(ctx);
  return sb_route_holds(ctx, req, resp);
}

int sb_route_holds(struct sb_ctx *ctx, const struct sb_request *req, struct sb_response *resp)
{
  (void)req;
  struct sb_holds h = sb_ctx_holds(ctx);
  cJSON *json = cJSON_CreateObject();
  if (!json || !cJSON_AddBoolToObject(json, "armed", h.armed) ||
      !cJSON_AddNumberToObject(json, "held", h.held) ||
      !cJSON_AddNumberToObject(json, "waiting", h.waiting)) {
    cJSON_Delete(json);
    return CSP_E_NOMEM;
  }
  return sb_reply_json(resp, 200, json);
}

int sb_route_accept(struct sb_ctx *ctx, const struct sb_request *req, struct sb_response *resp)
{
  sb_state_lock(&ctx->state);
  int rc = accept_locked(ctx, req->params[0], resp);
  sb_state_unlock(&ctx->state);
  return rc;
}

int sb_route_faults_off(struct sb_ctx *ctx, const struct sb_request *req, struct sb_response *resp)
{
  (void)req;
  atomic_store(&ctx->faults.off, true);
  return sb_reply_raw(resp, 200, "{}");
}

int sb_route_budget(struct sb_ctx *ctx, const struct sb_request *req, struct sb_response *resp)
{
  const char *n = req->params[0];
  char *end = NULL;
  long budget = strcmp(n, "off") ? strtol(n, &end, 10) : -1;
  if (end && (*end || end == n || budget < 0))
    return sb_reply_error_named(resp, 400, "InvalidRequestBody",
                                "The budget is a count of requests or off.");
  sb_state_set_budget(&ctx->state, budget);
  return sb_reply_raw(resp, 200, "{}");
}
