/* Server-side validation of a create-customer body, in Partner Center's order and with its
 * status codes: 400 3000 (required or invalid property), 600049/600050/600051/600002
 * (registration number, phone), 403 2030 (market rule), 400 800016 (associated partner).
 * Pure: no state, no HTTP. */
#ifndef CSP_SANDBOX_CUSTOMER_CHECK_H
#define CSP_SANDBOX_CUSTOMER_CHECK_H

#include <cjson/cJSON.h>

#include "sandbox/patterns.h"

struct sb_check_error {
  int status; /* 0: the body is acceptable */
  long code;
  char description[512];
};

/* Checks body for a partner in partner_market. Returns 0 when acceptable, else 1 with err
 * filled. */
int sb_customer_check(const struct sb_patterns *pats, const char *partner_market, const cJSON *body,
                      struct sb_check_error *err);
/* The domain the create asks for, with ".onmicrosoft.com" appended to a bare prefix, into
 * out. Returns 0, or 1 when it does not fit. */
int sb_customer_domain(const char *requested, char *out, unsigned long size);

#endif
