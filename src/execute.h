/* The execute stage's face towards the driver: look up what earlier runs and the partner's
 * customer list know about a row, hand a row over for execution, and let execution progress.
 * Behind it: the journal, the online checks, the Partner Center jobs and the HTTP executor. */
#ifndef CSP_EXECUTE_H
#define CSP_EXECUTE_H

#include <stdbool.h>

#include "classify.h"
#include "row.h"

struct executor;

/* Fills facts->done_before (copying the earlier outcome into row) and
 * facts->already_customer (with the customer id) for a row with this identity. */
void execute_lookup(struct executor *ex, const char *identity, struct row *row,
                    struct classify_facts *facts);
/* Takes row (borrowed until its status is no longer ROW_PENDING) for execution. */
void execute_submit(struct executor *ex, struct row *row);
/* Runs transfers for a while (at most ~100 ms) and finishes rows whose work is done. With
 * stopping, queued rows that have not started are finished as not_attempted. Returns 0, or the
 * fatal error that must stop the run (CSP_E_AUTH, CSP_E_FORBIDDEN, CSP_E_UNREACHABLE). */
int execute_poll(struct executor *ex, bool stopping);

#endif
