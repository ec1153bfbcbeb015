/* The per-run records of journal_runs.h over SQLite: columns of the runs table and one
 * run_requests row per timeline bucket that saw a request. These statements run once per
 * run, so they are prepared when used rather than with the per-row ones of journal.c. */
#include "journal/journal_runs.h"

#include <stdio.h>
#include <string.h>

#include "base/errors.h"
#include "journal/journal_internal.h"

#define SAVE_SQL \
  "UPDATE runs SET mode = ?2, report = ?3, stopped_because = ?4, partner_id = ?5, " \
  "partner_type = ?6, market = ?7, api = ?8, rate = ?9, checks = ?10, concurrency = ?11, " \
  "max_attempts = ?12, requests = ?13, throttled = ?14, retries = ?15, throttle_wait_ms = ?16, " \
  "bucket_ms = ?17 WHERE id = ?1"
#define LOAD_SQL \
  "SELECT started_at, finished_at, exit_code, mode, report, stopped_because, partner_id, " \
  "partner_type, market, api, rate, checks, concurrency, max_attempts, requests, throttled, " \
  "retries, throttle_wait_ms, bucket_ms FROM runs WHERE id = ?1"
#define BUCKET_SQL \
  "INSERT INTO run_requests (run_id, bucket, started, throttled, retried) " \
  "VALUES (?1, ?2, ?3, ?4, ?5)"

/* Prepares sql; logs and maps a failure. */
static int prepare(struct journal *j, const char *sql, sqlite3_stmt **st)
{
  int src = sqlite3_prepare_v2(j->db, sql, -1, st, NULL);
  return src == SQLITE_OK ? 0 : journal_db_error(j, src, "cannot prepare a run statement");
}

/* Steps st to its end, then finalizes it. */
static int run_once(struct journal *j, sqlite3_stmt *st, const char *what)
{
  int src = sqlite3_step(st);
  (void)sqlite3_finalize(st);
  return src == SQLITE_DONE ? 0 : journal_db_error(j, src, what);
}

static void bind_settings(sqlite3_stmt *st, long long run_id, const struct run_record *r)
{
  const char *texts[] = {r->mode,       r->report,       r->stopped_because,
                         r->partner_id, r->partner_type, r->market,
                         r->api,        r->rate,         r->checks};
  (void)sqlite3_bind_int64(st, 1, run_id);
  for (int i = 0; i < (int)(sizeof(texts) / sizeof(texts[0])); i++)
    (void)journal_bind_text(st, i + 2, texts[i]);
  long long numbers[] = {r->concurrency,
                         r->max_attempts,
                         r->requests,
                         r->throttled,
                         r->retries,
                         r->throttle_wait_ms,
                         r->has_requests ? r->timeline.width_ms : 0};
  for (int i = 0; i < (int)(sizeof(numbers) / sizeof(numbers[0])); i++)
    (void)sqlite3_bind_int64(st, i + 11, numbers[i]);
}

static int save_buckets(struct journal *j, long long run_id, const struct request_timeline *t)
{
  char del[96];
  (void)snprintf(del, sizeof(del), "DELETE FROM run_requests WHERE run_id = %lld", run_id);
  int src = sqlite3_exec(j->db, del, NULL, NULL, NULL);
  if (src != SQLITE_OK)
    return journal_db_error(j, src, "cannot replace a run's requests");
  sqlite3_stmt *st = NULL;
  int rc = prepare(j, BUCKET_SQL, &st);
  for (int b = 0; !rc && b < t->used; b++) {
    const long long *n = t->bucket[b].count;
    if (!n[REQUEST_STARTED] && !n[REQUEST_THROTTLED] && !n[REQUEST_RETRIED])
      continue;
    (void)sqlite3_bind_int64(st, 1, run_id);
    (void)sqlite3_bind_int(st, 2, b);
    for (int e = 0; e < REQUEST_EVENT_COUNT; e++)
      (void)sqlite3_bind_int64(st, 3 + e, n[e]);
    src = sqlite3_step(st);
    (void)sqlite3_reset(st);
    if (src != SQLITE_DONE)
      rc = journal_db_error(j, src, "cannot record a run's requests");
  }
  (void)sqlite3_finalize(st);
  return rc;
}

int journal_runs_save(struct journal *j, long long run_id, const struct run_record *r)
{
  sqlite3_stmt *st = NULL;
  int rc = prepare(j, SAVE_SQL, &st);
  if (rc)
    return rc;
  bind_settings(st, run_id, r);
  rc = run_once(j, st, "cannot record the run's settings");
  if (!rc && sqlite3_changes(j->db) == 0)
    rc = CSP_E_NOT_FOUND;
  if (!rc && r->has_requests)
    rc = save_buckets(j, run_id, &r->timeline);
  return rc;
}

int journal_runs_find(struct journal *j, const char *report, long long *run_id)
{
  sqlite3_stmt *st = NULL;
  int rc = prepare(j, "SELECT max(id) FROM runs WHERE report = ?1", &st);
  if (rc)
    return rc;
  (void)journal_bind_text(st, 1, report);
  int src = sqlite3_step(st);
  if (src == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
    *run_id = sqlite3_column_int64(st, 0);
  else
    rc = src == SQLITE_ROW ? CSP_E_NOT_FOUND : journal_db_error(j, src, "cannot find a run");
  (void)sqlite3_finalize(st);
  return rc;
}

static void column_text(sqlite3_stmt *st, int col, char *out, size_t cap)
{
  const unsigned char *text = sqlite3_column_text(st, col);
  (void)snprintf(out, cap, "%s", text ? (const char *)text : "");
}

static void read_settings(sqlite3_stmt *st, struct run_record *r)
{
  r->started_at = sqlite3_column_int64(st, 0);
  r->finished_at = sqlite3_column_int64(st, 1);
  r->exit_code = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 2);
  column_text(st, 3, r->mode, sizeof(r->mode));
  column_text(st, 4, r->report, sizeof(r->report));
  column_text(st, 5, r->stopped_because, sizeof(r->stopped_because));
  column_text(st, 6, r->partner_id, sizeof(r->partner_id));
  column_text(st, 7, r->partner_type, sizeof(r->partner_type));
  column_text(st, 8, r->market, sizeof(r->market));
  column_text(st, 9, r->api, sizeof(r->api));
  column_text(st, 10, r->rate, sizeof(r->rate));
  column_text(st, 11, r->checks, sizeof(r->checks));
  r->concurrency = sqlite3_column_int(st, 12);
  r->max_attempts = sqlite3_column_int(st, 13);
  r->requests = sqlite3_column_int64(st, 14);
  r->throttled = sqlite3_column_int64(st, 15);
  r->retries = sqlite3_column_int64(st, 16);
  r->throttle_wait_ms = sqlite3_column_int64(st, 17);
  long long width = sqlite3_column_int64(st, 18);
  r->has_requests = width > 0;
  if (width > 0)
    r->timeline.width_ms = width;
}

static int load_buckets(struct journal *j, long long run_id, struct request_timeline *t)
{
  sqlite3_stmt *st = NULL;
  int rc = prepare(j,
                   "SELECT bucket, started, throttled, retried FROM run_requests "
                   "WHERE run_id = ?1 ORDER BY bucket",
                   &st);
  if (rc)
    return rc;
  (void)sqlite3_bind_int64(st, 1, run_id);
  int src;
  while ((src = sqlite3_step(st)) == SQLITE_ROW) {
    long long offset = sqlite3_column_int64(st, 0) * t->width_ms;
    for (int e = 0; e < REQUEST_EVENT_COUNT; e++)
      request_timeline_add(t, offset, (enum request_event)e, sqlite3_column_int64(st, 1 + e));
  }
  (void)sqlite3_finalize(st);
  return src == SQLITE_DONE ? 0 : journal_db_error(j, src, "cannot read a run's requests");
}

int journal_runs_load(struct journal *j, long long run_id, struct run_record *r)
{
  sqlite3_stmt *st = NULL;
  int rc = prepare(j, LOAD_SQL, &st);
  if (rc)
    return rc;
  (void)sqlite3_bind_int64(st, 1, run_id);
  int src = sqlite3_step(st);
  if (src == SQLITE_ROW)
    read_settings(st, r);
  else
    rc = src == SQLITE_DONE ? CSP_E_NOT_FOUND : journal_db_error(j, src, "cannot read a run");
  (void)sqlite3_finalize(st);
  if (!rc && r->has_requests)
    rc = load_buckets(j, run_id, &r->timeline);
  return rc;
}

int journal_runs_invites(struct journal *j, struct run_record *r)
{
  sqlite3_stmt *st = NULL;
  int rc = prepare(j,
                   "SELECT count(*), count(mail_sent_at), count(accepted_at) FROM rows "
                   "WHERE action = 'invite' AND state = 'done'",
                   &st);
  if (rc)
    return rc;
  int src = sqlite3_step(st);
  if (src == SQLITE_ROW) {
    r->invites_done = sqlite3_column_int64(st, 0);
    r->invites_mailed = sqlite3_column_int64(st, 1);
    r->invites_accepted = sqlite3_column_int64(st, 2);
    r->has_invites = true;
  } else {
    rc = journal_db_error(j, src, "cannot count invitations");
  }
  (void)sqlite3_finalize(st);
  return rc;
}
