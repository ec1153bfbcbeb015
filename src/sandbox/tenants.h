/* The --tenants file: pre-existing Microsoft tenants for invite scenarios, as
 * {"tenants":[{"tenant_id","domain","company_name","country","customer"}]} (docs/SANDBOX.md). */
#ifndef CSP_SANDBOX_TENANTS_H
#define CSP_SANDBOX_TENANTS_H

#include "sandbox/state.h"

/* Reads path and adds every tenant to st (default country: default_country). Returns 0,
 * CSP_E_USAGE (unreadable or malformed, logged with the file name) or CSP_E_NOMEM. */
int sb_tenants_load(struct sb_state *st, const char *path, const char *default_country);

#endif
