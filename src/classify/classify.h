/* The classify stage (SPEC §7): given a validated row, the partner's context and what the
 * lookups found (duplicates, journal, customer list, domain check), decide its fate. A
 * decision table, first match wins; a row that survives every entry is to be executed (or,
 * in a dry run, reported as would_create / would_invite). */
#ifndef CSP_CLASSIFY_H
#define CSP_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/config.h"
#include "pipeline/row.h"

struct classify_context {
  enum partner_type partner_type;
  const char *partner_group; /* market group of the partner's own market; NULL: none */
  bool dry_run;
};

/* What the pipeline's lookups found for one row. */
struct classify_facts {
  const char *country_group;   /* market group of the row's country; NULL: none */
  const char *rejected_reason; /* the country's market is embargoed: why (else NULL) */
  size_t duplicate_of;         /* earlier row with the same identity; 0: none */
  bool done_before;            /* the journal has it done in an earlier run */
  bool already_customer;       /* in the partner's customer list */
  bool domain_taken;           /* a create whose .onmicrosoft.com prefix exists */
};

/* Sets row->status and reason when the row's fate is decided here; leaves it ROW_PENDING
 * when the row is to be executed. Returns the decided status. */
enum row_status classify_row(const struct classify_context *ctx, const struct classify_facts *facts,
                             struct row *row);

#endif
