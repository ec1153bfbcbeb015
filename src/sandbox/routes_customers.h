/* Customer representations shared by the create and list routes, the tenants file and
 * accepted invitations. */
#ifndef CSP_SANDBOX_ROUTES_CUSTOMERS_H
#define CSP_SANDBOX_ROUTES_CUSTOMERS_H

#include <cjson/cJSON.h>

#include "sandbox/state.h"

/* The list representation of a pre-existing tenant that is (or became) a customer. Caller
 * owns; NULL on no memory. */
cJSON *sb_customer_from_tenant(const struct sb_tenant *tenant);

#endif
