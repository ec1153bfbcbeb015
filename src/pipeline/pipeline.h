/* The driver (SPEC §2): source -> map -> normalize -> validate -> classify -> execute ->
 * report, one row at a time, with a bounded window of rows between reading and reporting so
 * that rows execute concurrently while the report keeps input order. */
#ifndef CSP_PIPELINE_H
#define CSP_PIPELINE_H

#include <stdbool.h>

#include "cli/config.h"
#include "cli/options.h"
#include "rules/rules.h"
#include "report/summary.h"

struct executor;
struct journal;

/* What the driver is given; every pointer is borrowed for the pipeline's life. */
struct pipeline_setup {
  const struct options *opts;
  const struct config *cfg;
  const struct rules *rules;
};

struct pipeline;

/* Opens the input and maps its header: every fatal input problem (unreadable file, missing
 * columns) shows here, before the caller signs in or writes anything. Returns 0,
 * CSP_E_IO, CSP_E_INPUT, CSP_E_ENCODING or CSP_E_MISSING_COLUMNS. *out is the caller's to
 * pipeline_close. */
int pipeline_open(const struct pipeline_setup *setup, struct pipeline **out);
/* A journal to consult for rows done in an earlier run, in a dry run (validate); borrowed. */
void pipeline_set_lookup_journal(struct pipeline *p, struct journal *j);
/* Executes pending rows through ex (borrowed); without one, the run is a dry run. */
void pipeline_set_executor(struct pipeline *p, struct executor *ex);
/* Marks the run stopped before its first row by rc, a fatal error while setting up execution
 * (sign-in refused, API unreachable, 403): pipeline_run still reads, validates and classifies
 * every row, reports each one that would have been sent not_attempted, and returns rc. */
void pipeline_stop(struct pipeline *p, int rc);
/* Runs the whole file. Fills sum (counts, stop reason) and returns 0 when every row reached
 * the report, or the run-level error that stopped it: CSP_E_AUTH / CSP_E_FORBIDDEN /
 * CSP_E_UNREACHABLE during the run (remaining rows not_attempted, report written),
 * CSP_E_INTERRUPTED after a signal (report written), CSP_E_IO when the report cannot be
 * written. */
int pipeline_run(struct pipeline *p, struct summary *sum);
void pipeline_close(struct pipeline *p);

#endif
