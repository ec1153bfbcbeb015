/* Row states in the journal: planning, the three marks (in_flight, done, failed), the
 * invitation marks (mailed, accepted), lookups, the in_flight iteration that drives
 * reconciliation after a crash, the filtered iteration behind `invites status`, and counts. The
 * transitions are enforced in SQL (a done row can never go back to in_flight or failed), so a
 * caller's mistake cannot make a second customer. Entries handed out own copies of their
 * strings; the statements they came from are reset before any callback runs. */
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/errors.h"
#include "journal/journal.h"
#include "journal/journal_internal.h"

static const char *const state_names[JOURNAL_STATE_COUNT] = {
    [JOURNAL_PLANNED] = "planned",
    [JOURNAL_IN_FLIGHT] = "in_flight",
    [JOURNAL_DONE] = "done",
    [JOURNAL_FAILED] = "failed",
};

const char *journal_state_name(enum journal_state state)
{
  if ((unsigned)state >= JOURNAL_STATE_COUNT)
    return "unknown";
  return state_names[state];
}

static enum journal_state state_from_name(const unsigned char *name)
{
  for (int i = 0; i < JOURNAL_STATE_COUNT; i++)
    if (name && strcmp((const char *)name, state_names[i]) == 0)
      return (enum journal_state)i;
  return JOURNAL_STATE_COUNT; /* the CHECK constraint makes this unreachable */
}

/* Reads the state of identity: 0 and *state, CSP_E_NOT_FOUND, or the mapped error. */
static int read_state(struct journal *j, const char *identity, enum journal_state *state)
{
  int rc = CSP_E_NOT_FOUND;
  sqlite3_stmt *st = j->stmt[STMT_STATE];
  (void)journal_bind_text(st, 1, identity);
  int src = sqlite3_step(st);
  if (src == SQLITE_ROW) {
    *state = state_from_name(sqlite3_column_text(st, 0));
    rc = 0;
  } else if (src != SQLITE_DONE) {
    rc = journal_db_error(j, src, "cannot read a row's state");
  }
  (void)sqlite3_reset(st);
  (void)sqlite3_clear_bindings(st);
  return rc;
}

/* After an UPDATE ... WHERE identity = ? AND state <> 'done' changed nothing: says why. */
static int explain_no_change(struct journal *j, const char *identity, const char *transition)
{
  enum journal_state state;
  int rc = read_state(j, identity, &state);
  if (rc == 0) {
    diag_error("journal %s: row %s is %s and cannot become %s", j->path, identity,
               journal_state_name(state), transition);
    rc = CSP_E_JOURNAL;
  }
  return rc;
}

int journal_plan(struct journal *j, const char *identity, long long row_number, const char *action,
                 const char *domain, long long run_id, time_t now, enum journal_state *state)
{
  sqlite3_stmt *st = j->stmt[STMT_PLAN];
  (void)journal_bind_text(st, 1, identity);
  (void)sqlite3_bind_int64(st, 2, row_number);
  (void)journal_bind_text(st, 3, action);
  (void)journal_bind_text(st, 4, domain);
  (void)sqlite3_bind_int64(st, 5, (sqlite3_int64)now);
  (void)sqlite3_bind_int64(st, 6, run_id);
  int rc = journal_exec_stmt(j, STMT_PLAN, "cannot plan a row");
  if (rc == 0)
    rc = journal_batch_wrote(j);
  if (rc == 0 && state)
    rc = read_state(j, identity, state);
  return rc;
}

int journal_mark_in_flight(struct journal *j, const char *identity, const char *request_id,
                           const char *correlation_id, int attempts, time_t now)
{
  sqlite3_stmt *st = j->stmt[STMT_MARK_IN_FLIGHT];
  (void)journal_bind_text(st, 1, identity);
  (void)journal_bind_text(st, 2, request_id);
  (void)journal_bind_text(st, 3, correlation_id);
  (void)sqlite3_bind_int(st, 4, attempts);
  (void)sqlite3_bind_int64(st, 5, (sqlite3_int64)now);
  int rc = journal_exec_stmt(j, STMT_MARK_IN_FLIGHT, "cannot mark a row in flight");
  if (rc == 0 && sqlite3_changes(j->db) == 0)
    rc = explain_no_change(j, identity, "in_flight");
  /* The request goes out after we return: this state must be committed now, batch or not.
   * A batch goes on in a fresh transaction. */
  if (rc == 0)
    rc = journal_batch_flush(j);
  return rc;
}

int journal_mark_done(struct journal *j, const char *identity, const struct journal_done *done,
                      time_t now)
{
  sqlite3_stmt *st = j->stmt[STMT_MARK_DONE];
  (void)journal_bind_text(st, 1, identity);
  (void)journal_bind_text(st, 2, done->customer_id);
  (void)journal_bind_text(st, 3, done->tenant_id);
  (void)journal_bind_text(st, 4, done->invite_url);
  (void)journal_bind_text(st, 5, done->status);
  (void)journal_bind_text(st, 6, done->reason_code);
  (void)journal_bind_text(st, 7, done->reason);
  (void)sqlite3_bind_int(st, 8, done->http_status);
  (void)sqlite3_bind_int64(st, 9, (sqlite3_int64)now);
  int rc = journal_exec_stmt(j, STMT_MARK_DONE, "cannot mark a row done");
  if (rc == 0 && sqlite3_changes(j->db) == 0)
    rc = CSP_E_NOT_FOUND;
  if (rc == 0)
    rc = journal_batch_wrote(j);
  return rc;
}

int journal_mark_failed(struct journal *j, const char *identity,
                        const struct journal_failure *failure, time_t now)
{
  sqlite3_stmt *st = j->stmt[STMT_MARK_FAILED];
  (void)journal_bind_text(st, 1, identity);
  (void)sqlite3_bind_int(st, 2, failure->http_status);
  (void)journal_bind_text(st, 3, failure->error_code);
  (void)journal_bind_text(st, 4, failure->error);
  (void)journal_bind_text(st, 5, failure->status);
  (void)journal_bind_text(st, 6, failure->reason_code);
  (void)journal_bind_text(st, 7, failure->reason);
  (void)sqlite3_bind_int64(st, 8, (sqlite3_int64)now);
  int rc = journal_exec_stmt(j, STMT_MARK_FAILED, "cannot mark a row failed");
  if (rc == 0 && sqlite3_changes(j->db) == 0)
    rc = explain_no_change(j, identity, "failed");
  if (rc == 0)
    rc = journal_batch_wrote(j);
  return rc;
}

/* Fills e from the current row of a statement selecting ENTRY_COLUMNS (journal.c). */
static int read_entry(sqlite3_stmt *st, struct journal_entry *e)
{
  bool nomem = false;
  memset(e, 0, sizeof(*e));
  e->identity = journal_column_dup(st, 0, &nomem);
  e->row_number = sqlite3_column_int64(st, 1);
  e->action = journal_column_dup(st, 2, &nomem);
  e->state = state_from_name(sqlite3_column_text(st, 3));
  e->customer_id = journal_column_dup(st, 4, &nomem);
  e->tenant_id = journal_column_dup(st, 5, &nomem);
  e->domain = journal_column_dup(st, 6, &nomem);
  e->request_id = journal_column_dup(st, 7, &nomem);
  e->correlation_id = journal_column_dup(st, 8, &nomem);
  e->attempts = sqlite3_column_int(st, 9);
  e->http_status = sqlite3_column_int(st, 10);
  e->last_error_code = journal_column_dup(st, 11, &nomem);
  e->last_error = journal_column_dup(st, 12, &nomem);
  e->invite_url = journal_column_dup(st, 13, &nomem);
  e->status = journal_column_dup(st, 14, &nomem);
  e->reason_code = journal_column_dup(st, 15, &nomem);
  e->reason = journal_column_dup(st, 16, &nomem);
  e->updated_at = sqlite3_column_int64(st, 17);
  e->run_id = sqlite3_column_int64(st, 18);
  e->mail_sent_at = sqlite3_column_int64(st, 19);
  e->accepted_at = sqlite3_column_int64(st, 20);
  if (nomem)
    journal_entry_release(e);
  return nomem ? CSP_E_NOMEM : 0;
}

void journal_entry_release(struct journal_entry *e)
{
  char *strings[] = {e->identity,   e->action,     e->customer_id,    e->tenant_id,
                     e->domain,     e->request_id, e->correlation_id, e->last_error_code,
                     e->last_error, e->invite_url, e->status,         e->reason_code,
                     e->reason};
  for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
    free(strings[i]);
  memset(e, 0, sizeof(*e));
}

int journal_lookup(struct journal *j, const char *identity, struct journal_entry *out)
{
  int rc = CSP_E_NOT_FOUND;
  sqlite3_stmt *st = j->stmt[STMT_LOOKUP];
  memset(out, 0, sizeof(*out));
  (void)journal_bind_text(st, 1, identity);
  int src = sqlite3_step(st);
  if (src == SQLITE_ROW)
    rc = read_entry(st, out);
  else if (src != SQLITE_DONE)
    rc = journal_db_error(j, src, "cannot look a row up");
  (void)sqlite3_reset(st);
  (void)sqlite3_clear_bindings(st);
  return rc;
}

/* Reads every row the prepared statement id yields into a growing array (*entries, *count;
 * caller frees), then resets the statement and clears its bindings. */
static int read_entries(struct journal *j, enum journal_stmt id, struct journal_entry **entries,
                        size_t *count)
{
  int rc = 0, src = SQLITE_DONE;
  size_t cap = 0;
  sqlite3_stmt *st = j->stmt[id];
  while (rc == 0 && (src = sqlite3_step(st)) == SQLITE_ROW) {
    if (*count == cap) {
      size_t new_cap = cap ? cap * 2 : 16;
      struct journal_entry *grown = realloc(*entries, new_cap * sizeof(**entries));
      if (!grown) {
        rc = CSP_E_NOMEM;
        break;
      }
      *entries = grown;
      cap = new_cap;
    }
    rc = read_entry(st, &(*entries)[*count]);
    if (rc == 0)
      (*count)++;
  }
  if (rc == 0 && src != SQLITE_DONE)
    rc = journal_db_error(j, src, "cannot list rows");
  (void)sqlite3_reset(st);
  (void)sqlite3_clear_bindings(st);
  return rc;
}

/* Reads the rows of statement id, then calls fn on each (the statement is idle by then). */
static int visit(struct journal *j, enum journal_stmt id, journal_entry_fn *fn, void *ctx)
{
  struct journal_entry *entries = NULL;
  size_t count = 0;
  int rc = read_entries(j, id, &entries, &count);
  for (size_t i = 0; rc == 0 && i < count; i++)
    rc = fn(&entries[i], ctx);
  for (size_t i = 0; i < count; i++)
    journal_entry_release(&entries[i]);
  free(entries);
  return rc;
}

int journal_in_flight(struct journal *j, journal_entry_fn *fn, void *ctx)
{
  return visit(j, STMT_LIST_IN_FLIGHT, fn, ctx);
}

int journal_each(struct journal *j, const struct journal_filter *filter, journal_entry_fn *fn,
                 void *ctx)
{
  sqlite3_stmt *st = j->stmt[STMT_LIST_FILTERED];
  const char *state = filter->state < JOURNAL_STATE_COUNT ? state_names[filter->state] : NULL;
  (void)journal_bind_text(st, 1, state);
  (void)journal_bind_text(st, 2, filter->action);
  return visit(j, STMT_LIST_FILTERED, fn, ctx);
}

int journal_mark_mailed(struct journal *j, const char *identity, time_t now)
{
  sqlite3_stmt *st = j->stmt[STMT_MARK_MAILED];
  (void)journal_bind_text(st, 1, identity);
  (void)sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
  int rc = journal_exec_stmt(j, STMT_MARK_MAILED, "cannot record a sent invitation");
  if (rc == 0 && sqlite3_changes(j->db) == 0)
    rc = CSP_E_NOT_FOUND;
  if (rc == 0)
    rc = journal_batch_wrote(j);
  return rc;
}

int journal_mark_accepted(struct journal *j, const char *identity, const char *customer_id,
                          time_t now)
{
  sqlite3_stmt *st = j->stmt[STMT_MARK_ACCEPTED];
  (void)journal_bind_text(st, 1, identity);
  (void)journal_bind_text(st, 2, customer_id);
  (void)sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
  int rc = journal_exec_stmt(j, STMT_MARK_ACCEPTED, "cannot record an accepted invitation");
  if (rc == 0 && sqlite3_changes(j->db) == 0)
    rc = CSP_E_NOT_FOUND;
  if (rc == 0)
    rc = journal_batch_wrote(j);
  return rc;
}

int journal_count_by_state(struct journal *j, long long counts[JOURNAL_STATE_COUNT])
{
  int src;
  sqlite3_stmt *st = j->stmt[STMT_COUNT_STATES];
  memset(counts, 0, JOURNAL_STATE_COUNT * sizeof(counts[0]));
  while ((src = sqlite3_step(st)) == SQLITE_ROW) {
    enum journal_state state = state_from_name(sqlite3_column_text(st, 0));
    if (state < JOURNAL_STATE_COUNT)
      counts[state] = sqlite3_column_int64(st, 1);
  }
  (void)sqlite3_reset(st);
  return src == SQLITE_DONE ? 0 : journal_db_error(j, src, "cannot count rows");
}
