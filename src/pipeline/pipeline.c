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
#include "base/csv_formula.h"
#include "report/progress.h"
#include "report/report.h"
#include "pipeline/row_feed.h"
#include "rules/validate.h"
#include "dedup/dedup.h"
#include "base/signals.h"

/* A dry run reads and validates on a second thread (row_pipe.h): rows in flight between the
 * two threads, and rows handed over per lock. */
#define DRY_RUN_PIPE 1024
#define DRY_RUN_PIPE_BATCH 128
/* The progress line is considered every this many rows reported (and while waiting). */
#define PROGRESS_EVERY_ROWS 128

struct pipeline {
  struct pipeline_setup setup;
  struct executor *executor;      /* NULL: dry run */
  struct journal *lookup_journal; /* a dry run's view of an earlier run's journal, or NULL */
  struct source *src;
  struct mapping map;
  bool map_built;
  struct dedup *seen;
  struct validate_scratch *scratch;        /* this thread's match block for validation */
  struct validate_scratch *reader_scratch; /* a dry run's reading thread's */
  struct report *report;
  struct row_feed *feed;
  struct classify_context cctx;
  struct summary *sum;
  struct progress progress;
  long long executed; /* rows handed to execution, for --limit */
  long long reported; /* rows written to the report */
  long long errors;   /* invalid and failed rows, for --max-errors */
  int stop_rc;        /* why no further row is executed; 0 while running */
  /* The feed's reading progress (its reading thread's, in a dry run), for show_progress. */
  _Atomic long long read_done, read_total, read_rows;
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
  rc = mapping_init(header, ncells, o->map_path, &p->map);
  p->map_built = true; /* released in every case, failure included (mapping.h) */
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
    row->identity_hash = dedup_hash(identity);
}

static struct classify_facts gather_facts(struct pipeline *p, struct row *row)
{
  struct classify_facts facts = {0};
  facts.country_group = rules_market_group(p->setup.rules, row_get(row, FIELD_COUNTRY));
  facts.rejected_reason = rules_market_rejected_reason(p->setup.rules, row_get(row, FIELD_COUNTRY));
  if (!row->identity_hash)
    return facts; /* no identity: nothing to compare */
  if (dedup_add_hashed(p->seen, row->identity_hash, row->number, &facts.duplicate_of))
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

static void dispatch(struct pipeline *p, const struct classify_facts *facts, struct row *row)
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
  execute_submit(p->executor, &p->cctx, facts, row);
}

/* A report fed back as input: each value without the leading ' the report's formula guard
 * added, i.e. what the user typed ("'@SUM(1+1) Corp" is "@SUM(1+1) Corp"); a ' the guard would
 * not have added stays. The cells themselves pass through to the new report unchanged. */
static void drop_report_guards(struct row *row)
{
  for (int f = 0; f < FIELD_COUNT; f++)
    if (row->value[f] && row->value[f][0] == '\'' && csv_cell_is_formula(row->value[f] + 1))
      row->value[f]++;
}

/* Map and normalize: what a row needs from its own cells. */
static void prepare_row(struct pipeline *p, struct row *row)
{
  mapping_apply(&p->map, row);
  if (mapping_first_original_column(&p->map))
    drop_report_guards(row);
  normalize_row(row);
}

/* Classify (and execute): what needs the rows before it (duplicates) and the run. */
static void decide_row(struct pipeline *p, struct row *row)
{
  struct classify_facts facts = gather_facts(p, row);
  enum row_status status = classify_row(&p->cctx, &facts, row);
  if (status == ROW_PENDING || status == ROW_WOULD_CREATE || status == ROW_WOULD_INVITE)
    dispatch(p, &facts, row);
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
  struct progress_sample s = {
      .rows_done = p->sum->rows,
      .rows_read = atomic_load_explicit(&p->read_rows, memory_order_relaxed),
      .bytes_done = atomic_load_explicit(&p->read_done, memory_order_relaxed),
      .bytes_total = atomic_load_explicit(&p->read_total, memory_order_relaxed),
  };
  if (p->executor) {
    execute_stats(p->executor, p->sum);
    s.requests = p->sum->requests;
    s.rate_per_s = execute_rate_per_s(p->executor);
  }
  s.throttled = p->sum->throttled;
  progress_update(&p->progress, clock_now_ms(), &s);
}

/* Counts a final row and writes its report line. */
static int report_row(struct pipeline *p, const struct row *row)
{
  summary_add(p->sum, row);
  if (row->status == ROW_INVALID || row->status == ROW_FAILED)
    p->errors++;
  long long max = p->setup.opts->max_errors;
  if (max && p->errors >= max && p->executor) /* a dry run sends nothing: nothing to stop */
    note_stop(p, CSP_E_MAX_ERRORS);
  return report_write(p->report, row);
}

/* Reports the rows at the front that are final, in input order. */
static int flush_finished(struct pipeline *p)
{
  struct row *row;
  while ((row = row_feed_front(p->feed)) && row->status != ROW_PENDING) {
    int rc = report_row(p, row);
    if (rc)
      return rc;
    row_feed_release(p->feed);
    if (++p->reported % PROGRESS_EVERY_ROWS == 0)
      show_progress(p);
  }
  return CSP_E_OK;
}

/* Lets execution progress for up to wait_ms and notes why the run must stop, if it must. */
static void keep_executing(struct pipeline *p, int wait_ms)
{
  if (signals_caught())
    note_stop(p, CSP_E_INTERRUPTED);
  if (p->executor)
    note_stop(p, execute_poll(p->executor, p->stop_rc != 0, wait_ms));
}

/* Waits, executing, until the feed can give another row (or, at the end, until every row
 * taken has been reported). */
static int wait_for_rows(struct pipeline *p, bool until_empty)
{
  while (until_empty ? row_feed_held(p->feed) > 0 : !row_feed_has_room(p->feed)) {
    keep_executing(p, 100);
    int rc = flush_finished(p);
    if (rc)
      return rc;
    show_progress(p);
  }
  return CSP_E_OK;
}

/* The driver's one loop: take the next checked row, decide it (a pending row goes to
 * execution), let execution progress, report what is final at the front. */
static int stream_rows(struct pipeline *p)
{
  int rc = CSP_E_OK;
  struct row *row = NULL;
  while (!(rc = wait_for_rows(p, false)) && !(rc = row_feed_next(p->feed, &row)) && row) {
    if (signals_caught())
      note_stop(p, CSP_E_INTERRUPTED);
    decide_row(p, row);
    if (p->executor) /* keep transfers moving while rows are read */
      keep_executing(p, 0);
    if ((rc = flush_finished(p)))
      break;
  }
  if (!rc)
    rc = wait_for_rows(p, true);
  show_progress(p);
  return rc;
}

/* --- the feed: each row read, mapped, normalized and validated --- */

/* The feed's first step (on a dry run's reading thread): the next row, read, mapped and
 * normalized. */
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
    atomic_fetch_add_explicit(&p->read_rows, 1, memory_order_relaxed);
  }
  return CSP_E_OK;
}

/* The feed's second step, on whichever thread has time: validation, with that thread's own
 * match block. */
static void validate_read_row(void *ctx, void *scratch, struct row *row)
{
  struct pipeline *p = ctx;
  validate_and_hash(p->setup.rules, scratch, row);
}

/* Starts fetching what classifying and reporting a row ready ahead will touch: its
 * duplicate-index entry and its echo, written on the other core. */
static void warm_up_row(void *ctx, const struct row *row)
{
  struct pipeline *p = ctx;
  if (row->identity_hash)
    dedup_prefetch(p->seen, row->identity_hash);
  for (size_t off = 0; row->echo && off < row->echo_len; off += 64)
    __builtin_prefetch(row->echo + off, 0);
}

/* A run reads on this thread into a window where rows wait for their calls; a dry run, where
 * a row is final once classified, reads and validates on a second thread too. */
static int open_feed(struct pipeline *p)
{
  struct row_pipe_stages stages = {read_row, validate_read_row, p, NULL, p->scratch};
  if (p->executor)
    return row_feed_open_inline(&stages, CSP_ROW_WINDOW, &p->feed);
  if (!(p->reader_scratch = validate_scratch_open()))
    return CSP_E_NOMEM;
  stages.producer_scratch = p->reader_scratch;
  return row_feed_open_threaded(&stages, DRY_RUN_PIPE, DRY_RUN_PIPE_BATCH, warm_up_row, &p->feed);
}

static int open_output(struct pipeline *p)
{
  size_t ncells;
  const char *const *header = source_header(p->src, &ncells);
  int rc = dedup_open(&p->seen);
  if (!rc && !(p->scratch = validate_scratch_open()))
    rc = CSP_E_NOMEM;
  if (!rc)
    rc = report_open(p->setup.opts->report_path, header, ncells,
                     mapping_first_original_column(&p->map), p->setup.opts->report_bom, &p->report);
  if (!rc)
    rc = open_feed(p); /* last: a dry run's reading thread starts here */
  return rc;
}

void pipeline_close(struct pipeline *p)
{
  if (!p)
    return;
  (void)row_feed_close(p->feed); /* pipeline_run took its error; this is a failure path */
  validate_scratch_close(p->reader_scratch);
  report_close(p->report);
  validate_scratch_close(p->scratch);
  dedup_close(p->seen);
  if (p->map_built)
    mapping_release(&p->map);
  source_close(p->src);
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
    pipeline_close(p);
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
  p->cctx.strict_address = p->setup.opts->strict_address;
  const struct options *o = p->setup.opts;
  int mode = o->quiet || o->progress == PROGRESS_OFF ? -1 : o->progress == PROGRESS_ON ? 1 : 0;
  progress_init(&p->progress, mode, diag_stream(), clock_now_ms());
  int rc = open_output(p);
  if (!rc)
    rc = stream_rows(p);
  int read_rc = row_feed_close(p->feed);
  p->feed = NULL;
  if (!rc)
    rc = read_rc;
  if (!rc)
    rc = report_commit(p->report);
  if (!rc)
    rc = p->stop_rc == CSP_E_MAX_ERRORS ? CSP_E_OK : p->stop_rc;
  sum->finished_ms = clock_now_ms();
  progress_finish(&p->progress);
  return rc;
}
