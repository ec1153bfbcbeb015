/* The driver (SPEC §2): source -> map -> normalize -> validate -> classify -> execute ->
 * report, one row at a time, with a bounded window of rows between reading and reporting so
 * that rows execute concurrently while the report keeps input order. */
#ifndef CSP_PIPELINE_H
#define CSP_PIPELINE_H

#include <stdbool.h>

#include "config.h"
#include "options.h"
#include "rules/rules.h"
#include "summary.h"

struct executor;
struct journal;
struct customer_index;

/* What the driver is given; every pointer is borrowed for the duration of pipeline_run. */
struct pipeline_setup {
  const struct options *opts;
  const struct config *cfg;
  const struct rules *rules;
  struct journal *journal;           /* NULL: no journal (validate) */
  struct executor *executor;         /* NULL: dry run (validate) */
  struct customer_index *customers;  /* NULL: offline */
};

/* Runs the whole file. Fills sum (counts, stop reason) and returns 0 when every row reached
 * the report, or the run-level error that stopped it: CSP_E_IO / CSP_E_INPUT /
 * CSP_E_MISSING_COLUMNS before any row (nothing written), CSP_E_AUTH / CSP_E_FORBIDDEN /
 * CSP_E_UNREACHABLE during the run (remaining rows not_attempted, report written),
 * CSP_E_INTERRUPTED after a signal (report written). */
int pipeline_run(const struct pipeline_setup *setup, struct summary *sum);

#endif
