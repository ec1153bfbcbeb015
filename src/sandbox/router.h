/* The route table and the request pipeline: match method and path (404, 405), then for /v1
 * routes: fault draw, latency, rate limit (429), injected faults, bearer token (401), admin
 * role (403), app+user requirement (403), the handler, and the post-handler faults; finally
 * count the reply per route pattern. */
#ifndef CSP_SANDBOX_ROUTER_H
#define CSP_SANDBOX_ROUTER_H

#include "sandbox/context.h"
#include "sandbox/http.h"

/* Fills resp for req (always: an internal failure becomes a 500). */
void sb_router_dispatch(struct sb_ctx *ctx, struct sb_request *req, struct sb_response *resp);

#endif
