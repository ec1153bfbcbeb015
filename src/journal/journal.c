/* The journal's file: the run lock (PATH.lock), opening SQLite in WAL mode, the versioned
 * schema, the prepared statements, batches and the runs table. The one place that links
 * SQLite (with journal_rows.c, which records row states). See journal.h for the durability
 * and locking decisions. A journal owns its SQLite connection, its statements and the lock
 * descriptor, and gives them up in journal_close, lock last. */
#include "journal/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/errors.h"
#include "journal/journal_internal.h"
#include "journal/journal_lock.h"

/* "CSPB": PRAGMA application_id marks the file as ours (file(1) shows it too). */
#define JOURNAL_APPLICATION_ID 0x43535042
/* A reader such as the sqlite3 shell may hold a lock for a moment; wait rather than fail. */
#define JOURNAL_BUSY_TIMEOUT_MS 5000

/* migrations[v] takes a journal from schema version v to v + 1. Append, never edit. */
static const char *const migrations[] = {
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY,"
    "  started_at INTEGER NOT NULL,"
    "  finished_at INTEGER,"
    "  input TEXT,"
    "  exit_code INTEGER,"
    "  counts_json TEXT);"
    "CREATE TABLE rows ("
    "  identity TEXT PRIMARY KEY,"
    "  row_number INTEGER NOT NULL,"
    "  action TEXT NOT NULL,"
    "  state TEXT NOT NULL CHECK (state IN ('planned', 'in_flight', 'done', 'failed')),"
    "  customer_id TEXT, tenant_id TEXT, domain TEXT, request_id TEXT, correlation_id TEXT,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  http_status INTEGER NOT NULL DEFAULT 0,"
    "  last_error_code TEXT, last_error TEXT, invite_url TEXT,"
    "  status TEXT, reason_code TEXT, reason TEXT,"
    "  updated_at INTEGER NOT NULL,"
    "  run_id INTEGER REFERENCES runs (id));"
    /* Small (only rows in flight) and ordered for journal_in_flight. */
    "CREATE INDEX rows_in_flight ON rows (row_number) WHERE state = 'in_flight';",
    /* 1 -> 2: invitations. When the invitation email went out (NULL: not sent, so a run with
     * --send-invites sends it), and when `invites status` first saw the customer accept. */
    "ALTER TABLE rows ADD COLUMN mail_sent_at INTEGER;"
    "ALTER TABLE rows ADD COLUMN accepted_at INTEGER;",
    /* 2 -> 3: the summary page's per-run record (journal/journal_runs.c): the run's report,
     * settings, stop reason and request counts, and its requests, 429s and retries over time
     * in buckets of bucket_ms. */
    "ALTER TABLE runs ADD COLUMN mode TEXT;"
    "ALTER TABLE runs ADD COLUMN report TEXT;"
    "ALTER TABLE runs ADD COLUMN stopped_because TEXT;"
    "ALTER TABLE runs ADD COLUMN partner_id TEXT;"
    "ALTER TABLE runs ADD COLUMN partner_type TEXT;"
    "ALTER TABLE runs ADD COLUMN market TEXT;"
    "ALTER TABLE runs ADD COLUMN api TEXT;"
    "ALTER TABLE runs ADD COLUMN rate TEXT;"
    "ALTER TABLE runs ADD COLUMN checks TEXT;"
    "ALTER TABLE runs ADD COLUMN concurrency INTEGER;"
    "ALTER TABLE runs ADD COLUMN max_attempts INTEGER;"
    "ALTER TABLE runs ADD COLUMN requests INTEGER;"
    "ALTER TABLE runs ADD COLUMN throttled INTEGER;"
    "ALTER TABLE runs ADD COLUMN retries INTEGER;"
    "ALTER TABLE runs ADD COLUMN throttle_wait_ms INTEGER;"
    "ALTER TABLE runs ADD COLUMN bucket_ms INTEGER;"
    "CREATE TABLE run_requests ("
    "  run_id INTEGER NOT NULL REFERENCES runs (id),"
    "  bucket INTEGER NOT NULL,"
    "  started INTEGER NOT NULL, throttled INTEGER NOT NULL, retried INTEGER NOT NULL,"
    "  PRIMARY KEY (run_id, bucket));",
    /* 3 -> 4 (execution): check verdicts. Every answer of a domain check (subject: the
     * .onmicrosoft.com prefix; verdict taken or free) and of an address validation (subject:
     * the address as sent; verified or not_verified, with Partner Center's status and
     * suggestion), with when it came, so that a restart or a run after `validate --online`
     * reuses it instead of asking again (journal_checks.c). */
    "CREATE TABLE checks ("
    "  kind TEXT NOT NULL CHECK (kind IN ('domain', 'address')),"
    "  subject TEXT NOT NULL,"
    "  verdict TEXT NOT NULL,"
    "  status TEXT, suggested TEXT,"
    "  checked_at INTEGER NOT NULL,"
    "  PRIMARY KEY (kind, subject));",
};

#define ENTRY_COLUMNS \
  "identity, row_number, action, state, customer_id, tenant_id, domain, request_id, " \
  "correlation_id, attempts, http_status, last_error_code, last_error, invite_url, status, " \
  "reason_code, reason, updated_at, run_id, mail_sent_at, accepted_at"

/* Indexed by enum journal_stmt. Parameter numbers are documented where they are bound. */
static const char *const statements[STMT_COUNT] = {
    [STMT_BEGIN] = "BEGIN IMMEDIATE",
    [STMT_COMMIT] = "COMMIT",
    [STMT_RUN_BEGIN] = "INSERT INTO runs (started_at, input) VALUES (?1, ?2)",
    [STMT_RUN_END] = "UPDATE runs SET finished_at = ?2, exit_code = ?3, counts_json = ?4 "
                     "WHERE id = ?1",
    [STMT_PLAN] =
        "INSERT INTO rows (identity, row_number, action, state, domain, updated_at, run_id) "
        "VALUES (?1, ?2, ?3, 'planned', ?4, ?5, ?6) "
        "ON CONFLICT (identity) DO UPDATE SET row_number = excluded.row_number, "
        "run_id = excluded.run_id, "
        "action = iif(state = 'planned', excluded.action, action), "
        "domain = iif(state = 'planned', excluded.domain, domain), "
        "updated_at = iif(state = 'planned', excluded.updated_at, updated_at)",
    [STMT_STATE] = "SELECT state FROM rows WHERE identity = ?1",
    [STMT_MARK_IN_FLIGHT] = "UPDATE rows SET state = 'in_flight', request_id = ?2, "
                            "correlation_id = ?3, attempts = ?4, updated_at = ?5 "
                            "WHERE identity = ?1 AND state <> 'done'",
    [STMT_MARK_DONE] =
        "UPDATE rows SET state = 'done', customer_id = coalesce(?2, customer_id), "
        "tenant_id = coalesce(?3, tenant_id), invite_url = coalesce(?4, invite_url), "
        "status = ?5, reason_code = ?6, reason = ?7, http_status = ?8, "
        "last_error_code = NULL, last_error = NULL, updated_at = ?9 WHERE identity = ?1",
    [STMT_MARK_FAILED] = "UPDATE rows SET state = 'failed', http_status = ?2, "
                         "last_error_code = ?3, last_error = ?4, status = ?5, reason_code = ?6, "
                         "reason = ?7, updated_at = ?8 WHERE identity = ?1 AND state <> 'done'",
    [STMT_LOOKUP] = "SELECT " ENTRY_COLUMNS " FROM rows WHERE identity = ?1",
    [STMT_LIST_IN_FLIGHT] = "SELECT " ENTRY_COLUMNS " FROM rows WHERE state = 'in_flight' "
                            "ORDER BY row_number",
    [STMT_COUNT_STATES] = "SELECT state, count(*) FROM rows GROUP BY state",
    [STMT_LIST_FILTERED] = "SELECT " ENTRY_COLUMNS " FROM rows "
                           "WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR action = ?2) "
                           "ORDER BY row_number",
    [STMT_MARK_MAILED] = "UPDATE rows SET mail_sent_at = ?2 WHERE identity = ?1",
    [STMT_MARK_ACCEPTED] = "UPDATE rows SET accepted_at = coalesce(accepted_at, ?3), "
                           "customer_id = coalesce(?2, customer_id) "
                           "WHERE identity = ?1 AND state = 'done'",
    [STMT_CHECK_PUT] = "INSERT OR REPLACE INTO checks (kind, subject, verdict, status, suggested, "
                       "checked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [STMT_CHECK_GET] = "SELECT verdict, status, suggested, checked_at FROM checks "
                       "WHERE kind = ?1 AND subject = ?2",
};

int journal_db_error(struct journal *j, int sqlite_rc, const char *what)
{
  if ((sqlite_rc & 0xff) == SQLITE_NOTADB)
    diag_error("journal %s: not a csponboard journal: the file is not an SQLite database", j->path);
  else
    diag_error("journal %s: %s: %s", j->path, what,
               j->db ? sqlite3_errmsg(j->db) : sqlite3_errstr(sqlite_rc));
  return (sqlite_rc & 0xff) == SQLITE_NOMEM ? CSP_E_NOMEM : CSP_E_JOURNAL;
}

int journal_bind_text(sqlite3_stmt *st, int index, const char *s)
{
  return s ? sqlite3_bind_text(st, index, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, index);
}

char *journal_column_dup(sqlite3_stmt *st, int col, bool *nomem)
{
  const unsigned char *text = sqlite3_column_text(st, col);
  if (!text)
    return NULL;
  char *copy = strdup((const char *)text);
  if (!copy)
    *nomem = true;
  return copy;
}

int journal_exec_stmt(struct journal *j, enum journal_stmt id, const char *what)
{
  sqlite3_stmt *st = j->stmt[id];
  int src = sqlite3_step(st);
  (void)sqlite3_reset(st);
  (void)sqlite3_clear_bindings(st);
  return src == SQLITE_DONE ? 0 : journal_db_error(j, src, what);
}

/* Runs SQL text that returns no rows we need (schema, pragmas). */
static int exec_sql(struct journal *j, const char *sql, const char *what)
{
  int src = sqlite3_exec(j->db, sql, NULL, NULL, NULL);
  return src == SQLITE_OK ? 0 : journal_db_error(j, src, what);
}

/* Reads a one-integer pragma or query. */
static int query_int(struct journal *j, const char *sql, long long *value)
{
  sqlite3_stmt *st = NULL;
  int src = sqlite3_prepare_v2(j->db, sql, -1, &st, NULL);
  if (src == SQLITE_OK) {
    src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
      *value = sqlite3_column_int64(st, 0);
      src = SQLITE_OK;
    }
  }
  (void)sqlite3_finalize(st);
  return src == SQLITE_OK ? 0 : journal_db_error(j, src, "cannot read the schema");
}

/* Opens the connection in WAL mode. The file is created beforehand with mode 0600 (SQLite
 * would use 0644; its -wal and -shm files copy the database's mode). No SQLite lock exists
 * yet, so closing this descriptor drops nothing. */
static int open_database(struct journal *j)
{
  int fd = open(j->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    diag_error("journal %s: cannot open: %s", j->path, strerror(errno));
    return CSP_E_JOURNAL;
  }
  (void)close(fd);
  int src = sqlite3_open_v2(j->path, &j->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (src != SQLITE_OK)
    return journal_db_error(j, src, "cannot open");
  (void)sqlite3_extended_result_codes(j->db, 1);
  (void)sqlite3_busy_timeout(j->db, JOURNAL_BUSY_TIMEOUT_MS);
  int rc = exec_sql(j, "PRAGMA journal_mode = WAL", "cannot switch to WAL mode");
  if (rc == 0)
    rc = exec_sql(j, "PRAGMA synchronous = NORMAL", "cannot set synchronous");
  return rc;
}

/* Reads the file's schema version into *version and refuses files that are not ours: another
 * application's database (a foreign application_id, or tables without our schema version), or
 * a newer schema. */
static int check_schema(struct journal *j, long long *version)
{
  long long app_id = 0, tables = 0;
  int rc = query_int(j, "PRAGMA user_version", version);
  if (rc == 0)
    rc = query_int(j, "PRAGMA application_id", &app_id);
  if (rc == 0)
    rc = query_int(j, "SELECT count(*) FROM sqlite_schema", &tables);
  if (rc)
    return rc;
  if ((app_id != 0 && app_id != JOURNAL_APPLICATION_ID) || (*version == 0 && tables > 0)) {
    diag_error("journal %s: not a csponboard journal: an SQLite database of another program",
               j->path);
    return CSP_E_JOURNAL;
  }
  if (*version > JOURNAL_SCHEMA_VERSION) {
    diag_error("journal %s: written by a newer csponboard (schema %lld, this one knows %d)",
               j->path, *version, JOURNAL_SCHEMA_VERSION);
    return CSP_E_JOURNAL;
  }
  return 0;
}

/* Brings the schema to JOURNAL_SCHEMA_VERSION in one transaction. */
static int migrate(struct journal *j)
{
  long long version = 0;
  int rc = check_schema(j, &version);
  if (rc || version == JOURNAL_SCHEMA_VERSION)
    return rc;
  char pragmas[128];
  (void)snprintf(pragmas, sizeof(pragmas), "PRAGMA user_version = %d; PRAGMA application_id = %d;",
                 JOURNAL_SCHEMA_VERSION, JOURNAL_APPLICATION_ID);
  rc = exec_sql(j, "BEGIN IMMEDIATE", "cannot start the schema update");
  for (long long v = version; rc == 0 && v < JOURNAL_SCHEMA_VERSION; v++)
    rc = exec_sql(j, migrations[v], "cannot create the schema");
  if (rc == 0)
    rc = exec_sql(j, pragmas, "cannot record the schema version");
  if (rc == 0)
    rc = exec_sql(j, "COMMIT", "cannot commit the schema");
  return rc;
}

static int prepare_statements(struct journal *j)
{
  for (int i = 0; i < STMT_COUNT; i++) {
    int src =
        sqlite3_prepare_v3(j->db, statements[i], -1, SQLITE_PREPARE_PERSISTENT, &j->stmt[i], NULL);
    if (src != SQLITE_OK)
      return journal_db_error(j, src, "cannot prepare a statement");
  }
  return 0;
}

int journal_open(const char *path, struct journal **out)
{
  int rc;
  struct journal *j = calloc(1, sizeof(*j));
  if (!j)
    return CSP_E_NOMEM;
  j->lock_fd = -1;
  j->path = strdup(path);
  if (!j->path) {
    rc = CSP_E_NOMEM;
    goto out;
  }
  /* The lock comes first: a second run must not touch the database at all. */
  rc = journal_lock_take(j->path, &j->lock_fd, &j->lock_path);
  if (rc == 0)
    rc = open_database(j);
  if (rc == 0)
    rc = migrate(j);
  if (rc == 0)
    rc = prepare_statements(j);
  if (rc == 0) {
    *out = j;
    j = NULL;
  }
out:
  journal_close(j);
  return rc;
}

/* The read-only view: no lock (a run may hold it: we only read committed rows), no WAL
 * switch, no migration — a journal of another schema version is refused. */
/* A connection that never writes: read-write but query_only when the file allows it, so that
 * closing the last connection removes the -wal and -shm files (a read-only connection has to
 * leave them behind), else read-only. */
static int open_reader(struct journal *j)
{
  int src = sqlite3_open_v2(j->path, &j->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (src == SQLITE_OK &&
      sqlite3_exec(j->db, "PRAGMA query_only = 1", NULL, NULL, NULL) == SQLITE_OK)
    return SQLITE_OK;
  (void)sqlite3_close(j->db);
  j->db = NULL;
  return sqlite3_open_v2(j->path, &j->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
}

static int open_readonly(struct journal *j)
{
  int src = open_reader(j);
  if (src != SQLITE_OK)
    return journal_db_error(j, src, "cannot open for reading");
  (void)sqlite3_busy_timeout(j->db, JOURNAL_BUSY_TIMEOUT_MS);
  long long version = 0;
  int rc = check_schema(j, &version);
  if (rc == 0 && version != JOURNAL_SCHEMA_VERSION) {
    diag_warn("journal %s: written by an older csponboard (schema %lld): a run updates it", j->path,
              version);
    rc = CSP_E_JOURNAL;
  }
  return rc;
}

int journal_open_readonly(const char *path, struct journal **out)
{
  struct journal *j = calloc(1, sizeof(*j));
  if (!j)
    return CSP_E_NOMEM;
  j->lock_fd = -1;
  j->readonly = true;
  j->path = strdup(path);
  int rc = j->path ? open_readonly(j) : CSP_E_NOMEM;
  if (rc == 0)
    rc = prepare_statements(j);
  if (rc == 0) {
    *out = j;
    j = NULL;
  }
  journal_close(j);
  return rc;
}

void journal_close(struct journal *j)
{
  if (!j)
    return;
  if (!j->readonly)
    (void)journal_commit_batch(j);
  for (int i = 0; i < STMT_COUNT; i++)
    (void)sqlite3_finalize(j->stmt[i]);
  /* Closing the last connection checkpoints the WAL into the database and removes it. */
  if (j->db && sqlite3_close(j->db) != SQLITE_OK)
    diag_warn("journal %s: not closed cleanly: %s", j->path, sqlite3_errmsg(j->db));
  journal_lock_release(j->lock_fd, j->lock_path); /* removes PATH.lock and releases it, last */
  free(j->path);
  free(j);
}

int journal_begin_batch(struct journal *j)
{
  if (j->in_batch)
    return 0;
  int rc = journal_exec_stmt(j, STMT_BEGIN, "cannot begin a batch");
  j->in_batch = rc == 0;
  j->batch_writes = 0;
  return rc;
}

int journal_batch_flush(struct journal *j)
{
  if (!j->in_batch)
    return 0;
  int rc = journal_commit_batch(j);
  return rc ? rc : journal_begin_batch(j);
}

int journal_batch_wrote(struct journal *j)
{
  if (j->in_batch && ++j->batch_writes >= JOURNAL_BATCH_MAX_WRITES)
    return journal_batch_flush(j);
  return 0;
}

int journal_commit_batch(struct journal *j)
{
  if (!j->in_batch)
    return 0;
  j->in_batch = false;
  return journal_exec_stmt(j, STMT_COMMIT, "cannot commit a batch");
}

int journal_run_begin(struct journal *j, const char *input_path, time_t now, long long *run_id)
{
  sqlite3_stmt *st = j->stmt[STMT_RUN_BEGIN];
  (void)sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
  (void)journal_bind_text(st, 2, input_path);
  int rc = journal_exec_stmt(j, STMT_RUN_BEGIN, "cannot record the run's start");
  if (rc == 0)
    *run_id = sqlite3_last_insert_rowid(j->db);
  return rc;
}

int journal_run_end(struct journal *j, long long run_id, int exit_code, const char *counts_json,
                    time_t now)
{
  sqlite3_stmt *st = j->stmt[STMT_RUN_END];
  (void)sqlite3_bind_int64(st, 1, run_id);
  (void)sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
  (void)sqlite3_bind_int(st, 3, exit_code);
  (void)journal_bind_text(st, 4, counts_json);
  int rc = journal_exec_stmt(j, STMT_RUN_END, "cannot record the run's end");
  if (rc == 0 && sqlite3_changes(j->db) == 0)
    rc = CSP_E_NOT_FOUND;
  return rc;
}
