/* The partner's existing customers, paged once from Partner Center into a local index (SPEC
 * §7: not one call per row). Keys are row identities ("tenant:GUID", "domain:NAME"), so a
 * row is looked up with the identity it already has. */
#ifndef CSP_CUSTOMER_INDEX_H
#define CSP_CUSTOMER_INDEX_H

#include <stddef.h>

struct customer_index;

/* Returns 0 or CSP_E_NOMEM. */
int customer_index_open(struct customer_index **out);
void customer_index_close(struct customer_index *ix);
/* Records a customer under its tenant id and its domain (either may be NULL/empty); keys are
 * compared case-insensitively. Returns 0 or CSP_E_NOMEM. */
int customer_index_add(struct customer_index *ix, const char *customer_id, const char *tenant_id,
                       const char *domain);
/* The customer id for an identity, or NULL. Borrowed until customer_index_close. */
const char *customer_index_find(const struct customer_index *ix, const char *identity);
/* Customers added (not keys: a customer is found by tenant id and by domain). */
size_t customer_index_count(const struct customer_index *ix);

#endif
