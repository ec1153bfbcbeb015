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
sb_handler sb_route_customer_users;   /* GET /v1/customers/{id}/users */
sb_handler sb_route_reset_password;   /* PATCH /v1/customers/{id}/users/{user}/resetpassword */
sb_handler sb_route_state;            /* GET /sandbox/state */
sb_handler sb_route_accept;           /* POST /sandbox/invitations/{tenant}/accept */
sb_handler sb_route_budget;           /* POST /sandbox/budget/{n} */
sb_handler sb_route_faults_off;       /* POST /sandbox/faults/off */
sb_handler sb_route_hold_creates;     /* POST /sandbox/hold-creates/{n} */
sb_handler sb_route_release_creates;  /* POST /sandbox/release-creates */
sb_handler sb_route_holds;            /* GET /sandbox/holds */
sb_handler sb_route_device_code;      /* POST /{tenant}/oauth2[/v2.0]/devicecode */
sb_handler sb_route_device_approve;   /* POST /sandbox/device/approve */
sb_handler sb_route_device_page;      /* GET /sandbox/device */
sb_handler sb_route_org_profile;      /* GET /v1/profiles/organization */

/* Decodes an application/x-www-form-urlencoded body (body is modified in place) and points
 * *slots[i] at the value of names[i] when present (auth.c). */
void sb_form_parse(char *body, const char *const *names, char **const *slots, size_t n);
/* Replies an OAuth error {"error","error_description"} with status (auth.c). */
int sb_oauth_error(struct sb_response *resp, int status, const char *error,
                   const char *description);

/* The bearer check of auth.c: 0 with req->app_only set when the token is valid, else 1 with
 * a 401 reply in resp. expire_now is the token_expiry fault. */
int sb_auth_check(struct sb_ctx *ctx, struct sb_request *req, struct sb_response *resp,
                  bool expire_now);

#endif
