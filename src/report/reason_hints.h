/* How to fix a row, per reason code: one line of advice for each report reason_code and each
 * validation code, shown beside the reason on the summary page. */
#ifndef CSP_REASON_HINTS_H
#define CSP_REASON_HINTS_H

/* The hint for a summary reason key: a reason_code ("domain_taken") or a validation
 * "field:code" pair (the code's hint). NULL when the key is unknown. */
const char *reason_hint(const char *key);

#endif
