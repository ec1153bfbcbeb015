/* The driver. pipeline_run() reads like SPEC §2: open the input and map its header, then for
 * each row map -> normalize -> validate -> classify -> execute, and report rows in input
 * order as the front of the window becomes final. It holds no CSV, YAML, JSON or curl detail:
 * each stage is one call into its own module.
 *
 * Stopping early (--max-errors, a fatal API error, a signal) never loses a row: reading goes
 * on, every later row is still validated and classified, and a row that would have been sent
 * is reported not_attempted instead. */
#include "pipeline/pipeline.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/classify.h"
#include "base/clock.h"
#include "base/diag.h"
#include "base/errors.h"
#include "execute/execute.h"
#include "input/mapping.h"
#include "input/source.h"
#include "base/limits.h"
#include "rules/normalize_row.h"
#include "report/progress.h"
#include "report/report.h"
#include "pipeline/row_pipe.h"
#include "pipeline/row_window.h"
#include "rules/validate.h"
#include "dedup/dedup.h"
#include "base/signals.h"

#define DRY_RUN_WINDOW 4
/* A dry run reads and validates on a second thread (row_pipe.h): rows in flight between the
 * two threads, and rows handed over per lock. */
#define DRY_RUN_PIPE 1024
#define DRY_RUN_PIPE_BATCH 128

struct pipeline {
  struct pipeline_setup setup;
  struct executor *executor;      /* NULL: dry run */
  struct journal *lookup_journal; /* a dry run's view of an earlier run's journal, or NULL */
  struct source *src;
  struct mapping map;
  bool map_built;
  struct seen *seen;
  struct validate_scratch *scratch; /* this thread's match block for validation */
  struct report *report;
  struct row_window window;
  struct classify_context cctx;
  struct summary *sum;
  struct progress progress;
  long long executed; /* rows handed to execution, for --limit */
  long long errors;   /* invalid and failed rows, for --max-errors */
  int stop_rc;        /* why no further row is executed; 0 while running */
  bool threaded;      /* a dry run: the reading thread owns src, map and the rules' match block */
  _Atomic long long read_done, read_total; /* the reading thread's progress, for show_progress */
};

/* --- opening: everything that can fail before any row is written --- */

static int open_input(struct pipeline *p)
{
  const struct options *o = p->setup.opts;
  struct source_options so = {o->delimiter, o->encoding, o->sheet};
  int rc = source_open(o->input, &so, &p->src);
  if (rc)
    return rc;
  size_t ncells;
  const char *const *header = source_header(p->src, &ncells);
  rc = mapping_build(header, ncells, o->map_path, &p->map);
  p->map_built = true; /* released in every case, failure included (mapping.h) */
  return rc;
}

static int open_output(struct pipeline *p)
{
  size_t ncells;
  const char *const *header = source_header(p->src, &ncells);
  size_t capacity = p->executor ? CSP_ROW_WINDOW : DRY_RUN_WINDOW;
  int rc = row_window_init(&p->window, capacity);
  if (!rc)
    rc = seen_open(&p->seen);
  if (!rc && !(p->scratch = validate_scratch_new()))
    rc = CSP_E_NOMEM;
  if (!rc)
    rc = report_open(p->setup.opts->report_path, header, ncells,
                     mapping_first_original_column(&p->map), &p->report);
  return rc;
}

/* --- the per-row stages --- */

/* The identity duplicates and lookups go by (normalize.h): only a row that could be read and
 * has no error has one. */
static bool checked_identity(const struct row *row, char *out, size_t cap)
{
  return !row->input_problem && !row_has_errors(row) && row_identity(row, out, cap);
}

/* Validates a read row with a thread's own match block and hashes its identity for the
 * duplicate index (row.h: identity_hash), where the row is: a dry run does this on either of
 * its threads. */
static void validate_and_hash(const struct rules *rules, struct validate_scratch *scratch,
                              struct row *row)
{
  if (row->input_problem != REASON_NONE)
    return;
  validate_row_with(rules, scratch, row);
  char identity[CSP_IDENTITY_BYTES];
  if (checked_identity(row, identity, sizeof(identity)))
    row->identity_hash = seen_hash(identity);
}

static struct classify_facts gather_facts(struct pipeline *p, struct row *row)
{
  struct classify_facts facts = {0};
  facts.country_group = rules_market_group(p->setup.rules, row_get(row, FIELD_COUNTRY));
  facts.rejected_reason = rules_market_rejected_reason(p->setup.rules, row_get(row, FIELD_COUNTRY));
  if (!row->identity_hash)
    return facts; /* no identity: nothing to compare */
  if (seen_add_hashed(p->seen, row->identity_hash, row->number, &facts.duplicate_of))
    diag_warn("row %zu: the duplicate index failed; duplicates may go unnoticed", row->number);
  char identity[CSP_IDENTITY_BYTES]; /* the lookups want the text */
  if ((p->executor || p->lookup_journal) && checked_identity(row, identity, sizeof(identity))) {
    if (p->executor)
      execute_lookup(p->executor, identity, row, &facts);
    execute_journal_lookup(p->lookup_journal, identity, row, &facts);
  }
  return facts;
}

static bool outside_selection(struct pipeline *p, const struct row *row)
{
  const struct options *o = p->setup.opts;
  if ((o->only == ONLY_CREATE && row->action != ACTION_CREATE) ||
      (o->only == ONLY_INVITE && row->action != ACTION_INVITE))
    return true;
  return o->limit && p->executed >= o->limit;
}

static void dispatch(struct pipeline *p, struct row *row)
{
  if (outside_selection(p, row)) {
    row_finish(row, ROW_SKIPPED, REASON_LIMIT_REACHED, "not executed: outside --only or --limit");
    return;
  }
  if (row->status != ROW_PENDING)
    return; /* a dry run's would_create / would_invite */
  if (p->stop_rc) {
    row_finish(row, ROW_NOT_ATTEMPTED, REASON_RUN_ABORTED, "the run stopped before this row: %s",
               csp_error_message(p->stop_rc));
    return;
  }
  p->executed++;
  execute_submit(p->executor, row);
}

/* Map and normalize: what a row needs from its own cells. */
static void prepare_row(struct pipeline *p, struct row *row)
{
  mapping_apply(&p->map, row);
  normalize_row(row);
}

/* Map, normalize, validate: what a row needs from its own cells and the rules alone. */
static void check_row(struct pipeline *p, struct row *row)
{
  prepare_row(p, row);
  validate_and_hash(p->setup.rules, p->scratch, row);
}

/* Classify (and execute): what needs the rows before it (duplicates) and the run. */
static void decide_row(struct pipeline *p, struct row *row)
{
  struct classify_facts facts = gather_facts(p, row);
  enum row_status status = classify_row(&p->cctx, &facts, row);
  if (status == ROW_PENDING || status == ROW_WOULD_CREATE || status == ROW_WOULD_INVITE)
    dispatch(p, row);
}

/* --- reporting in input order --- */

static void note_stop(struct pipeline *p, int rc)
{
  if (p->stop_rc || !rc)
    return;
  p->stop_rc = rc;
  p->sum->stopped_because = csp_error_message(rc);
  diag_warn("stopping: %s; the remaining rows are reported not_attempted", csp_error_message(rc));
}

static void show_progress(struct pipeline *p)
{
  if (!p->progress.enabled)
    return;
  long long done = 0, total = 0;
  if (p->threaded) {
    done = atomic_load_explicit(&p->read_done, memory_order_relaxed);
    total = atomic_load_explicit(&p->read_total, memory_order_relaxed);
  } else {
    source_progress(p->src, &done, &total);
  }
  if (p->executor)
    execute_stats(p->executor, p->sum);
  progress_update(&p->progress, clock_now_ms(), p->sum->rows, done, total, p->sum->throttled);
}

/* Counts a final row and writes its report line. */
static int report_row(struct pipeline *p, const struct row *row)
{
  summary_add(p->sum, row);
  if (row->status == ROW_INVALID || row->status == ROW_FAILED)
    p->errors++;
  long long max = p->setup.opts->max_errors;
  if (max && p->errors >= max)
    note_stop(p, CSP_E_MAX_ERRORS);
  return report_write(p->report, row);
}

static int flush_finished(struct pipeline *p)
{
  struct row *row;
  while ((row = row_window_front(&p->window)) && row->status != ROW_PENDING) {
    int rc = report_row(p, row);
    if (rc)
      return rc;
    row_window_pop(&p->window);
  }
  show_progress(p);
  return CSP_E_OK;
}

/* Lets execution progress until the window has room (or, at the end, until it is empty). */
static int wait_for_rows(struct pipeline *p, bool until_empty)
{
  while (until_empty ? p->window.count > 0 : row_window_full(&p->window)) {
    if (signals_caught())
      note_stop(p, CSP_E_INTERRUPTED);
    if (p->executor)
      note_stop(p, execute_poll(p->executor, p->stop_rc != 0, 100));
    int rc = flush_finished(p);
    if (rc)
      return rc;
  }
  return CSP_E_OK;
}

static int stream_rows(struct pipeline *p)
{
  for (;;) {
    int rc = wait_for_rows(p, false);
    if (rc)
      return rc;
    struct row *row = row_window_push(&p->window);
    bool eof = false;
    rc = source_next(p->src, row, &eof);
    if (rc || eof) {
      row_window_unpush(&p->window);
      return rc;
    }
    if (signals_caught())
      note_stop(p, CSP_E_INTERRUPTED);
    check_row(p, row);
    decide_row(p, row);
    if (p->executor) /* keep transfers moving while rows are read */
      note_stop(p, execute_poll(p->executor, p->stop_rc != 0, 0));
    if ((rc = flush_finished(p)))
      return rc;
  }
}

/* The reading thread's step (row_pipe_produce): the next row, read, mapped and normalized. */
static int read_row(void *ctx, struct row *row, bool *eof)
{
  struct pipeline *p = ctx;
  int rc = source_next(p->src, row, eof);
  if (rc || *eof)
    return rc;
  prepare_row(p, row);
  if (p->progress.enabled) {
    long long done = 0, total = 0;
    source_progress(p->src, &done, &total);
    atomic_store_explicit(&p->read_done, done, memory_order_relaxed);
    atomic_store_explicit(&p->read_total, total, memory_order_relaxed);
  }
  return CSP_E_OK;
}

/* A read row's second step (row_pipe_complete), on whichever thread has time: validation,
 * with that thread's own match block. */
static void validate_read_row(void *ctx, void *scratch, struct row *row)
{
  struct pipeline *p = ctx;
  validate_and_hash(p->setup.rules, scratch, row);
}

/* Starts fetching what classifying and reporting the rows ready at the front will touch: their
 * duplicate-index entries and their echoes, written on the other core. Returns how many rows
 * that covers. */
static size_t warm_up_ready_rows(struct pipeline *p, struct row_pipe *pipe)
{
  size_t ready = row_pipe_ready(pipe);
  for (size_t i = 0; i < ready; i++) {
    const struct row *row = row_pipe_peek(pipe, i);
    if (row->identity_hash)
      seen_prefetch(p->seen, row->identity_hash);
    for (size_t off = 0; row->echo && off < row->echo_len; off += 64)
      __builtin_prefetch(row->echo + off, 0);
  }
  return ready;
}

/* A dry run on two threads: rows are read, mapped and normalized on the reading thread and
 * validated on either (row_pipe.h), while this one classifies and reports them in input
 * order. Nothing is executed, so each row is final as soon as it is classified. */
static int stream_rows_threaded(struct pipeline *p)
{
  struct validate_scratch *theirs = validate_scratch_new();
  struct row_pipe_stages stages = {read_row, validate_read_row, p, theirs, p->scratch};
  struct row_pipe pipe;
  int rc = theirs ? row_pipe_start(&pipe, DRY_RUN_PIPE, DRY_RUN_PIPE_BATCH, &stages) : CSP_E_NOMEM;
  if (rc) {
    validate_scratch_free(theirs);
    return rc;
  }
  p->threaded = true;
  struct row *row;
  size_t n = 0, warm = 0; /* rows read; rows whose memory is being fetched */
  while (!rc && (row = row_pipe_front(&pipe))) {
    if (n == warm)
      warm = n + warm_up_ready_rows(p, &pipe);
    if (signals_caught())
      note_stop(p, CSP_E_INTERRUPTED);
    decide_row(p, row);
    rc = report_row(p, row);
    row_pipe_release(&pipe);
    if (++n % DRY_RUN_PIPE_BATCH == 0)
      show_progress(p);
  }
  int read_rc = row_pipe_finish(&pipe);
  validate_scratch_free(theirs);
  p->threaded = false;
  show_progress(p);
  return rc ? rc : read_rc;
}

void pipeline_free(struct pipeline *p)
{
  if (!p)
    return;
  report_free(p->report);
  validate_scratch_free(p->scratch);
  seen_free(p->seen);
  row_window_release(&p->window);
  if (p->map_built)
    mapping_release(&p->map);
  source_free(p->src);
  free(p);
}

int pipeline_open(const struct pipeline_setup *setup, struct pipeline **out)
{
  struct pipeline *p = calloc(1, sizeof(*p));
  *out = NULL;
  if (!p)
    return CSP_E_NOMEM;
  p->setup = *setup;
  int rc = open_input(p);
  if (rc) {
    pipeline_free(p);
    return rc;
  }
  *out = p;
  return CSP_E_OK;
}

void pipeline_set_lookup_journal(struct pipeline *p, struct journal *j)
{
  p->lookup_journal = j;
}

void pipeline_set_executor(struct pipeline *p, struct executor *ex)
{
  p->executor = ex;
}

void pipeline_stop(struct pipeline *p, int rc)
{
  p->stop_rc = rc;
}

int pipeline_run(struct pipeline *p, struct summary *sum)
{
  p->sum = sum;
  sum->report_path = p->setup.opts->report_path;
  if (p->stop_rc)
    sum->stopped_because = csp_error_message(p->stop_rc);
  p->cctx.partner_type = p->setup.cfg->partner.type;
  p->cctx.partner_group = rules_market_group(p->setup.rules, p->setup.cfg->partner.market);
  p->cctx.dry_run = p->executor == NULL && !p->stop_rc;
  const struct options *o = p->setup.opts;
  int mode = o->quiet || o->progress == PROGRESS_OFF ? -1 : o->progress == PROGRESS_ON ? 1 : 0;
  progress_init(&p->progress, mode, diag_stream(), clock_now_ms());
  int rc = open_output(p);
  if (!rc)
    rc = p->executor ? stream_rows(p) : stream_rows_threaded(p);
  if (!rc)
    rc = wait_for_rows(p, true);
  if (!rc)
    rc = report_commit(p->report);
  if (!rc)
    rc = p->stop_rc == CSP_E_MAX_ERRORS ? CSP_E_OK : p->stop_rc;
  sum->finished_ms = clock_now_ms();
  progress_finish(&p->progress);
  return rc;
}
