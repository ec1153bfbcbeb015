/* Applies a market's rules to one row: normalize steps first (trim, upper, lower, digits and
 * the phone's national form), then every check of every field, collecting every violation
 * as field:code with a message naming the expected format. */
#ifndef CSP_VALIDATE_H
#define CSP_VALIDATE_H

#include "pipeline/row.h"
#include "rules/rules.h"

/* Validates row against the rules of row's country (value[FIELD_COUNTRY], already upper
 * case). Rewrites normalized values (new strings in the row's arena; a case-insensitive enum
 * match takes the listed spelling) and appends findings with row_add_violation. An empty
 * country gets country:missing, a country with no rules country:not_in_list, and then
 * common.yaml's rules still check the other fields. row->action is already resolved (create
 * or invite), so rules may depend on it (required_if: {action: create}).
 * Not thread-safe for one rule set: patterns share the rule set's match block. */
void validate_row(const struct rules *rules, struct row *row);

/* A thread's own working memory for pattern matches: with one each, several threads may
 * validate rows against one rule set at once (validate_row_with). NULL when out of memory. */
struct validate_scratch;
struct validate_scratch *validate_scratch_new(void);
void validate_scratch_free(struct validate_scratch *s);
/* validate_row, using s instead of the rule set's own match block. */
void validate_row_with(const struct rules *rules, struct validate_scratch *s, struct row *row);

#endif
