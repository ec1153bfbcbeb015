/* Applies a market's rules to one row: normalize steps first (trim, upper, lower, digits and
 * the phone's national form), then every check of every field, collecting every violation
 * as field:code with a message naming the expected format. */
#ifndef CSP_VALIDATE_H
#define CSP_VALIDATE_H

#include "pipeline/row.h"
#include "rules/rules.h"

/* Validates row against the rules of row's country (value[FIELD_COUNTRY]: a 2-letter code,
 * or a name or alpha-3 code that is rewritten to it with a warning; empty on an invite: the
 * partner's market, with a warning). Rewrites normalized values (new strings in the row's
 * arena, or the rule set's own strings for aliases, subdivisions and countries: the rule set
 * must outlive the row) and appends findings with row_add_violation, then the cross-field
 * warnings (docs/RULES.md). An empty country on a create gets country:missing, a country with
 * no rules country:not_in_list, and then common.yaml's rules still check the other fields; a
 * market with status embargoed is not checked (classify rejects the row). row->action is
 * already resolved (create or invite), so rules may depend on it. The first row of a market
 * reads its file (thread-safe). Not thread-safe for one rule set otherwise: patterns share
 * the rule set's match block (use validate_row_with from several threads). */
void validate_row(const struct rules *rules, struct row *row);

/* A thread's own working memory for pattern matches: with one each, several threads may
 * validate rows against one rule set at once (validate_row_with). NULL when out of memory. */
struct validate_scratch;
struct validate_scratch *validate_scratch_open(void);
void validate_scratch_close(struct validate_scratch *s);
/* validate_row, using s instead of the rule set's own match block. */
void validate_row_with(const struct rules *rules, struct validate_scratch *s, struct row *row);

#endif
