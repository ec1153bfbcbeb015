/* Per-run records in the journal, for the summary page: a run keeps its report path, its
 * settings, how it ended and its requests over time (struct run_record), so that
 * `csponboard summary REPORT` can draw that run's page later. Beside them, the journal's
 * invitation counts (emails sent, invitations accepted, as `invites status` recorded them).
 * Schema version 3 added the columns and the run_requests table (journal.c's migrations).
 * Like the rest of the journal: one thread, nothing secret stored. */
#ifndef CSP_JOURNAL_RUNS_H
#define CSP_JOURNAL_RUNS_H

#include "journal/journal.h"
#include "journal/run_record.h"

/* Stores r (borrowed for the call) as run run_id's record: its mode, report, settings, stop
 * reason and request counts, and its timeline buckets (replacing any stored before). The
 * start, the end and the exit code stay journal_run_begin's and journal_run_end's. Returns 0,
 * CSP_E_NOT_FOUND for an unknown run, or CSP_E_JOURNAL / CSP_E_NOMEM. */
int journal_runs_save(struct journal *j, long long run_id, const struct run_record *r);

/* The latest run whose record names report (compared as given), in *run_id. Returns 0,
 * CSP_E_NOT_FOUND, or CSP_E_JOURNAL. Works on a read-only journal. */
int journal_runs_find(struct journal *j, const char *report, long long *run_id);

/* Fills r (run_record_init first) with run run_id's record, its start, end and exit code.
 * Returns 0, CSP_E_NOT_FOUND or CSP_E_JOURNAL. Works on a read-only journal. */
int journal_runs_load(struct journal *j, long long run_id, struct run_record *r);

/* Invitation rows done, emailed, and accepted, into r->invites_* (has_invites set). Returns 0
 * or CSP_E_JOURNAL. Works on a read-only journal. */
int journal_runs_invites(struct journal *j, struct run_record *r);

#endif
