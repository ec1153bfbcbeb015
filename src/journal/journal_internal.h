/* What journal.c (the file, its lock, schema and runs), journal_rows.c (row states) and
 * journal/journal_runs.c (per-run records) and journal_checks.c (check verdicts) share.
 * Private to those files: everything else uses journal.h. */
#ifndef CSP_JOURNAL_INTERNAL_H
#define CSP_JOURNAL_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>

#include "journal/journal.h"

/* Every statement the journal runs, prepared once at open (SQLITE_PREPARE_PERSISTENT). */
enum journal_stmt {
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_RUN_BEGIN,
  STMT_RUN_END,
  STMT_PLAN,
  STMT_STATE,
  STMT_MARK_IN_FLIGHT,
  STMT_MARK_DONE,
  STMT_MARK_FAILED,
  STMT_LOOKUP,
  STMT_LIST_IN_FLIGHT,
  STMT_COUNT_STATES,
  STMT_LIST_FILTERED,
  STMT_MARK_MAILED,
  STMT_MARK_ACCEPTED,
  STMT_CHECK_PUT,
  STMT_CHECK_GET,
  STMT_COUNT
};

struct journal {
  char *path;        /* for messages; owned */
  int lock_fd;       /* PATH.lock, flock'ed; -1 when not open */
  char *lock_path;   /* PATH.lock while held (journal_lock.h); owned */
  bool readonly;     /* journal_open_readonly: lookups only, no lock */
  sqlite3 *db;       /* owned */
  bool in_batch;     /* a batch transaction is open */
  long batch_writes; /* writes in the open batch transaction */
  sqlite3_stmt *stmt[STMT_COUNT];
};

/* Logs "journal PATH: what: SQLite's message" and maps the SQLite result code: SQLITE_NOMEM
 * gives CSP_E_NOMEM, anything else CSP_E_JOURNAL. */
int journal_db_error(struct journal *j, int sqlite_rc, const char *what);

/* Steps a statement that returns no rows, then resets it and clears its bindings (so
 * SQLITE_STATIC text bound by the caller is never read after the call). Returns 0 or the
 * mapped error. */
int journal_exec_stmt(struct journal *j, enum journal_stmt id, const char *what);

/* Commits the open batch and goes on in a new transaction; does nothing outside a batch.
 * Returns 0 or the error. */
int journal_batch_flush(struct journal *j);

/* Counts one write of a batch; every JOURNAL_BATCH_MAX_WRITES writes the batch is committed
 * and goes on in a new transaction. Does nothing outside a batch. Returns 0 or the error. */
int journal_batch_wrote(struct journal *j);

/* A copy of a text column, NULL for SQL NULL. Sets *nomem when the copy fails. */
char *journal_column_dup(sqlite3_stmt *st, int col, bool *nomem);

/* Binds s as text, or NULL when s is NULL. The text must outlive the statement's next step. */
int journal_bind_text(sqlite3_stmt *st, int index, const char *s);

#endif
