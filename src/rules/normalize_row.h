/* The normalize stage (SPEC §2): the clean-up every row gets before the market rules see it,
 * and the resolution of action auto into create or invite (SPEC §7), which the rules need
 * (domain means a prefix for a create, an existing domain for an invite). */
#ifndef CSP_NORMALIZE_H
#define CSP_NORMALIZE_H

#include <stddef.h>

#include "pipeline/row.h"

/* Trims every value; upper-cases country (and writes UK as GB, with a warning); lower-cases
 * domain, tenant_id and action; resolves row->action; for a create, turns domain into its
 * .onmicrosoft.com prefix. Problems (unknown action, a create that carries a tenant_id) are
 * recorded as violations. */
void normalize_row(struct row *row);

/* The row's identity for duplicate detection and the journal: "tenant:GUID" for an invite
 * with a tenant id, else "domain:DOMAIN" (a create's domain as PREFIX.onmicrosoft.com).
 * Written into out (cap bytes); returns false when the row has none (no domain, no tenant). */
bool row_identity(const struct row *row, char *out, size_t cap);

#endif
