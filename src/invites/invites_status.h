/* `csponboard invites status` (SPEC §3): for every invited row of a journal, has the customer
 * accepted the reseller relationship yet, that is, does its tenant or domain now appear in the
 * partner's customer list? Writes one CSV line per invited row and records each acceptance in
 * the journal (accepted_at, customer_id). No network here: the caller pages the customer list
 * into an index first (api_read_customers). */
#ifndef CSP_INVITES_STATUS_H
#define CSP_INVITES_STATUS_H

#include <stdio.h>
#include <time.h>

#include "partner_center/customer_index.h"
#include "journal/journal.h"

struct invites_tally {
  long long invited;        /* invited rows in the journal (done invites, emailed or not) */
  long long accepted;       /* of those, in the customer list now */
  long long newly_accepted; /* accepted, and not yet recorded by an earlier check */
};

/* The CSV header written first: row,identity,tenant_id,domain,invited_at,accepted,customer_id. */
#define INVITES_STATUS_HEADER "row,identity,tenant_id,domain,invited_at,accepted,customer_id"

/* Writes the header and one line per invited row of j (done invites, in row order) to out:
 * invited_at is when the email went out, or when the row was last done if none was sent
 * (ISO 8601 UTC); accepted is "yes" or "no"; customer_id is the customer's id once accepted.
 * Records newly seen acceptances at now. j and customers are borrowed. Fills *tally. Returns 0,
 * CSP_E_JOURNAL, CSP_E_NOMEM or CSP_E_IO (out could not be written). */
int invites_status_write(struct journal *j, const struct customer_index *customers, FILE *out,
                         time_t now, struct invites_tally *tally);

#endif
