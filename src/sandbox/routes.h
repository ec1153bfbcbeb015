/* Every route handler, one group per routes_*.c file (auth.c for the token endpoint). A
 * handler fills resp and returns 0, or an error code (the router then answers 500). By the
 * time a /v1 handler runs, the router has applied rate limit, faults and the bearer check. */
#ifndef CSP_SANDBOX_ROUTES_H
#define CSP_SANDBOX_ROUTES_H

#include "sandbox/context.h"
#include "sandbox/http.h"

typedef int sb_handler(struct sb_ctx *ctx, const struct sb_request *req, struct sb_response *resp);

sb_handler sb_route_token;            /* POST /{tenant}/oauth2/token */
sb_handler sb_route_create_customer;  /* POST /v1/customers */
sb_handler sb_route_list_customers;   /* GET /v1/customers */
sb_handler sb_route_domain;           /* HEAD /v1/domains/{domain} */
sb_handler sb_route_validate_address; /* POST /v1/validations/address */
sb_handler sb_route_country_rules;    /* GET /v1/countryvalidationrules/{cc} */
sb_handler sb_route_relationship;     /* GET /v1/customers/relationshiprequests */
sb_handler sb_route_agreements;       /* GET /v1/agreements */
sb_handler sb_route_attest;           /* POST /v1/customers/{id}/agreements */
sb_handler sb_route_state;            /* GET /sandbox/state */
sb_handler sb_route_accept;           /* POST /sandbox/invitations/{tenant}/accept */
sb_handler sb_route_hold_creates;     /* POST /sandbox/hold-creates/{n} */
sb_handler sb_route_release_creates;  /* POST /sandbox/release-creates */
sb_handler sb_route_holds;            /* GET /sandbox/holds */

/* The bearer check of auth.c: 0 with req->app_only set when the token is valid, else 1 with
 * a 401 reply in resp. expire_now is the token_expiry fault. */
int sb_auth_check(struct sb_ctx *ctx, struct sb_request *req, struct sb_response *resp,
                  bool expire_now);

#endif
