/* Tests for src/journal/journal.c and src/journal/journal_rows.c: persistence across reopen, state
 * transitions, lookups, the run lock (in this process and across processes), a run killed
 * with SIGKILL, the in_flight iteration, and files that are not journals. Each case works in
 * its own temporary directory. */
#include "journal/journal.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "journal_scratch.h"
#include "base/diag.h"
#include "base/errors.h"

/* Captures what the journal logs, so that expected errors do not clutter the test output and
 * their wording can be checked. */
struct captured_log {
  char *text;
  size_t len;
  FILE *stream;
};

static void capture_begin(struct captured_log *log)
{
  log->text = NULL;
  log->stream = open_memstream(&log->text, &log->len);
  diag_setup(DIAG_TEXT, DIAG_ERROR, log->stream);
}

static void capture_end(struct captured_log *log)
{
  diag_setup(DIAG_TEXT, DIAG_INFO, NULL);
  (void)fclose(log->stream);
}

static struct journal *open_ok(const char *path)
{
  struct journal *j = NULL;
  int rc = journal_open(path, &j);
  CHECK_INT_EQ(0, rc);
  return j;
}

static enum journal_state plan(struct journal *j, const char *identity, long long row)
{
  enum journal_state state = JOURNAL_STATE_COUNT;
  CHECK_INT_EQ(
      0, journal_plan(j, identity, row, "create", "contoso.onmicrosoft.com", 1, 1000, &state));
  return state;
}

static enum journal_state state_of(struct journal *j, const char *identity)
{
  struct journal_entry e;
  enum journal_state state = JOURNAL_STATE_COUNT;
  if (journal_lookup(j, identity, &e) == 0)
    state = e.state;
  journal_entry_release(&e);
  return state;
}

TEST(a_reopened_journal_keeps_its_rows_and_runs)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  long long run_id = 0;
  CHECK_INT_EQ(0, journal_run_begin(j, "in.csv", 1000, &run_id));
  CHECK_INT_EQ(1, run_id);
  CHECK_INT_EQ(JOURNAL_PLANNED, plan(j, "domain:a", 1));
  CHECK_INT_EQ(0, journal_mark_in_flight(j, "domain:a", "req-1", "corr-1", 1, 1001));
  const struct journal_done done = {
      .customer_id = "cust-1", .tenant_id = "ten-1", .status = "created", .http_status = 201};
  CHECK_INT_EQ(0, journal_mark_done(j, "domain:a", &done, 1002));
  CHECK_INT_EQ(0, journal_run_end(j, run_id, 0, "{\"created\":1}", 1003));
  journal_close(j);

  j = open_ok(s.path);
  struct journal_entry e;
  CHECK_INT_EQ(0, journal_lookup(j, "domain:a", &e));
  CHECK_STR_EQ("domain:a", e.identity);
  CHECK_INT_EQ(1, e.row_number);
  CHECK_STR_EQ("create", e.action);
  CHECK_INT_EQ(JOURNAL_DONE, e.state);
  CHECK_STR_EQ("cust-1", e.customer_id);
  CHECK_STR_EQ("ten-1", e.tenant_id);
  CHECK_STR_EQ("contoso.onmicrosoft.com", e.domain);
  CHECK_STR_EQ("req-1", e.request_id);
  CHECK_STR_EQ("corr-1", e.correlation_id);
  CHECK_INT_EQ(1, e.attempts);
  CHECK_INT_EQ(201, e.http_status);
  CHECK_STR_EQ("created", e.status);
  CHECK(e.last_error == NULL && e.invite_url == NULL);
  CHECK_INT_EQ(1002, e.updated_at);
  CHECK_INT_EQ(1, e.run_id);
  journal_entry_release(&e);
  CHECK(e.identity == NULL);
  CHECK_INT_EQ(0, journal_run_begin(j, NULL, 2000, &run_id));
  CHECK_INT_EQ(2, run_id);
  journal_close(j);
  scratch_release(&s);
}

TEST(planning_a_known_identity_keeps_its_record_and_reports_its_state)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  CHECK_INT_EQ(JOURNAL_PLANNED, plan(j, "domain:a", 1));
  CHECK_INT_EQ(JOURNAL_PLANNED, plan(j, "domain:a", 7));
  CHECK_INT_EQ(0, journal_mark_in_flight(j, "domain:a", "req-1", "corr-1", 1, 1001));
  CHECK_INT_EQ(JOURNAL_IN_FLIGHT, plan(j, "domain:a", 3));
  struct journal_entry e;
  CHECK_INT_EQ(0, journal_lookup(j, "domain:a", &e));
  CHECK_INT_EQ(3, e.row_number);
  CHECK_STR_EQ("req-1", e.request_id);
  journal_entry_release(&e);
  CHECK_INT_EQ(0, journal_plan(j, "domain:b", 2, "invite", NULL, 1, 1000, NULL));
  journal_close(j);
  scratch_release(&s);
}

TEST(a_failed_row_may_be_sent_again_but_a_done_row_never)
{
  struct scratch s;
  struct captured_log log;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  plan(j, "domain:a", 1);
  const struct journal_failure failure = {
      400,      "600050",    "bad registration number",
      "failed", "api_error", "Partner Center refused the request"};
  CHECK_INT_EQ(0, journal_mark_failed(j, "domain:a", &failure, 1001));
  CHECK_INT_EQ(JOURNAL_FAILED, state_of(j, "domain:a"));
  CHECK_INT_EQ(0, journal_mark_in_flight(j, "domain:a", "req-2", "corr-1", 2, 1002));
  const struct journal_done done = {.customer_id = "cust-1", .status = "created"};
  CHECK_INT_EQ(0, journal_mark_done(j, "domain:a", &done, 1003));
  CHECK_INT_EQ(0, journal_mark_done(j, "domain:a", &(struct journal_done){0}, 1004));

  capture_begin(&log);
  CHECK_INT_EQ(CSP_E_JOURNAL, journal_mark_in_flight(j, "domain:a", "req-3", "corr-1", 3, 1005));
  CHECK_INT_EQ(CSP_E_JOURNAL, journal_mark_failed(j, "domain:a", &failure, 1006));
  capture_end(&log);
  CHECK_CONTAINS(log.text, "row domain:a is done and cannot become in_flight");
  free(log.text);

  struct journal_entry e;
  CHECK_INT_EQ(0, journal_lookup(j, "domain:a", &e));
  CHECK_INT_EQ(JOURNAL_DONE, e.state);
  CHECK_STR_EQ("cust-1", e.customer_id); /* a second done without ids keeps them */
  CHECK_STR_EQ("req-2", e.request_id);
  CHECK(e.last_error_code == NULL);
  journal_entry_release(&e);
  journal_close(j);
  scratch_release(&s);
}

TEST(marks_and_lookups_of_an_unknown_identity_are_not_found)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  const struct journal_failure failure = {0};
  CHECK_INT_EQ(CSP_E_NOT_FOUND, journal_mark_in_flight(j, "domain:x", "r", "c", 1, 1));
  CHECK_INT_EQ(CSP_E_NOT_FOUND, journal_mark_done(j, "domain:x", &(struct journal_done){0}, 1));
  CHECK_INT_EQ(CSP_E_NOT_FOUND, journal_mark_failed(j, "domain:x", &failure, 1));
  struct journal_entry e;
  e.identity = (char *)"garbage";
  CHECK_INT_EQ(CSP_E_NOT_FOUND, journal_lookup(j, "domain:x", &e));
  CHECK(e.identity == NULL);
  CHECK_INT_EQ(CSP_E_NOT_FOUND, journal_run_end(j, 42, 0, NULL, 1));
  journal_close(j);
  journal_close(NULL);
  scratch_release(&s);
}

TEST(counts_by_state_cover_every_state)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  CHECK_INT_EQ(0, journal_begin_batch(j));
  const char *ids[] = {"t:1", "t:2", "t:3", "t:4", "t:5"};
  for (int i = 0; i < 5; i++)
    plan(j, ids[i], i + 1);
  CHECK_INT_EQ(0, journal_commit_batch(j));
  CHECK_INT_EQ(0, journal_commit_batch(j)); /* nothing open: nothing to do */
  CHECK_INT_EQ(0, journal_mark_in_flight(j, "t:2", "r", "c", 1, 1));
  CHECK_INT_EQ(0, journal_mark_done(j, "t:3", &(struct journal_done){0}, 1));
  CHECK_INT_EQ(0, journal_mark_done(j, "t:4", &(struct journal_done){0}, 1));
  CHECK_INT_EQ(0, journal_mark_failed(j, "t:5", &(struct journal_failure){0}, 1));
  long long counts[JOURNAL_STATE_COUNT];
  CHECK_INT_EQ(0, journal_count_by_state(j, counts));
  CHECK_INT_EQ(1, counts[JOURNAL_PLANNED]);
  CHECK_INT_EQ(1, counts[JOURNAL_IN_FLIGHT]);
  CHECK_INT_EQ(2, counts[JOURNAL_DONE]);
  CHECK_INT_EQ(1, counts[JOURNAL_FAILED]);
  CHECK_STR_EQ("in_flight", journal_state_name(JOURNAL_IN_FLIGHT));
  CHECK_STR_EQ("unknown", journal_state_name(JOURNAL_STATE_COUNT));
  journal_close(j);
  scratch_release(&s);
}

struct visit_log {
  char seen[256];
  int stop_after; /* 0: never */
  int visits;
  struct journal *j;
};

static int visit(const struct journal_entry *e, void *ctx)
{
  struct visit_log *v = ctx;
  size_t used = strlen(v->seen);
  (void)snprintf(v->seen + used, sizeof(v->seen) - used, "%s@%s ", e->identity, e->request_id);
  /* Reconciling: the callback may write to the journal. */
  CHECK_INT_EQ(0, journal_mark_done(v->j, e->identity, &(struct journal_done){0}, 5));
  if (++v->visits == v->stop_after)
    return 99;
  return 0;
}

TEST(in_flight_rows_are_visited_in_row_order_and_may_be_reconciled)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  plan(j, "t:c", 3);
  plan(j, "t:a", 1);
  plan(j, "t:b", 2);
  plan(j, "t:d", 4);
  CHECK_INT_EQ(0, journal_mark_in_flight(j, "t:c", "r3", "c", 1, 1));
  CHECK_INT_EQ(0, journal_mark_in_flight(j, "t:a", "r1", "c", 1, 1));
  CHECK_INT_EQ(0, journal_mark_in_flight(j, "t:d", "r4", "c", 1, 1));
  struct visit_log v = {.j = j};
  CHECK_INT_EQ(0, journal_in_flight(j, visit, &v));
  CHECK_STR_EQ("t:a@r1 t:c@r3 t:d@r4 ", v.seen);
  CHECK_INT_EQ(JOURNAL_DONE, state_of(j, "t:c"));
  CHECK_INT_EQ(JOURNAL_PLANNED, state_of(j, "t:b"));
  v = (struct visit_log){.j = j};
  CHECK_INT_EQ(0, journal_in_flight(j, visit, &v));
  CHECK_INT_EQ(0, v.visits);
  journal_close(j);
  scratch_release(&s);
}

TEST(a_callback_error_stops_the_in_flight_iteration)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  plan(j, "t:a", 1);
  plan(j, "t:b", 2);
  CHECK_INT_EQ(0, journal_mark_in_flight(j, "t:a", "r1", "c", 1, 1));
  CHECK_INT_EQ(0, journal_mark_in_flight(j, "t:b", "r2", "c", 1, 1));
  struct visit_log v = {.j = j, .stop_after = 1};
  CHECK_INT_EQ(99, journal_in_flight(j, visit, &v));
  CHECK_INT_EQ(1, v.visits);
  CHECK_INT_EQ(JOURNAL_IN_FLIGHT, state_of(j, "t:b"));
  journal_close(j);
  scratch_release(&s);
}

static int count_each(const struct journal_entry *e, void *ctx)
{
  (void)e;
  ((struct visit_log *)ctx)->visits++;
  return 0;
}

static void plan_invite(struct journal *j, const char *identity, long long row)
{
  CHECK_INT_EQ(0, journal_plan(j, identity, row, "invite", NULL, 1, 1000, NULL));
}

static int accept_each(const struct journal_entry *e, void *ctx)
{
  struct visit_log *v = ctx;
  size_t used = strlen(v->seen);
  (void)snprintf(v->seen + used, sizeof(v->seen) - used, "%s ", e->identity);
  v->visits++;
  /* Recording acceptance while iterating: the rows were read before the first call. */
  CHECK_INT_EQ(0, journal_mark_accepted(v->j, e->identity, "cust-1", 3000));
  return 0;
}

TEST(journal_each_visits_only_the_rows_that_match_its_filter_in_row_order)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  plan_invite(j, "tenant:b", 2);
  plan_invite(j, "tenant:a", 1);
  plan_invite(j, "tenant:c", 3);
  plan(j, "domain:x", 4);
  CHECK_INT_EQ(0, journal_mark_done(j, "tenant:b", &(struct journal_done){0}, 5));
  CHECK_INT_EQ(0, journal_mark_done(j, "tenant:a", &(struct journal_done){0}, 5));
  CHECK_INT_EQ(0, journal_mark_done(j, "domain:x", &(struct journal_done){0}, 5));
  struct visit_log v = {.j = j};
  struct journal_filter done_invites = {JOURNAL_DONE, "invite"};
  CHECK_INT_EQ(0, journal_each(j, &done_invites, accept_each, &v));
  CHECK_STR_EQ("tenant:a tenant:b ", v.seen);
  v = (struct visit_log){.j = j};
  struct journal_filter any = {JOURNAL_STATE_COUNT, NULL};
  CHECK_INT_EQ(0, journal_each(j, &any, count_each, &v));
  CHECK_INT_EQ(4, v.visits);
  journal_close(j);
  scratch_release(&s);
}

TEST(accepted_keeps_the_first_time_and_fills_the_customer_id_of_done_rows_only)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  plan_invite(j, "tenant:a", 1);
  CHECK_INT_EQ(CSP_E_NOT_FOUND, journal_mark_accepted(j, "tenant:a", "c1", 10));
  CHECK_INT_EQ(0, journal_mark_done(j, "tenant:a", &(struct journal_done){0}, 5));
  CHECK_INT_EQ(0, journal_mark_accepted(j, "tenant:a", "c1", 10));
  CHECK_INT_EQ(0, journal_mark_accepted(j, "tenant:a", NULL, 20));
  CHECK_INT_EQ(CSP_E_NOT_FOUND, journal_mark_accepted(j, "tenant:zz", "c1", 10));
  struct journal_entry e;
  CHECK_INT_EQ(0, journal_lookup(j, "tenant:a", &e));
  CHECK_INT_EQ(10, e.accepted_at);
  CHECK_STR_EQ("c1", e.customer_id);
  CHECK_INT_EQ(0, e.mail_sent_at);
  journal_entry_release(&e);
  journal_close(j);
  scratch_release(&s);
}

TEST(a_sent_invitation_email_is_remembered_across_reopen)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  plan_invite(j, "tenant:a", 1);
  CHECK_INT_EQ(0, journal_mark_mailed(j, "tenant:a", 42));
  CHECK_INT_EQ(CSP_E_NOT_FOUND, journal_mark_mailed(j, "tenant:zz", 42));
  journal_close(j);
  j = open_ok(s.path);
  struct journal_entry e;
  CHECK_INT_EQ(0, journal_lookup(j, "tenant:a", &e));
  CHECK_INT_EQ(42, e.mail_sent_at);
  journal_entry_release(&e);
  journal_close(j);
  scratch_release(&s);
}

TEST(a_second_open_in_the_same_process_is_locked_until_the_first_is_freed)
{
  struct scratch s;
  struct captured_log log;
  scratch_init(&s);
  struct journal *first = open_ok(s.path);
  plan(first, "t:a", 1);
  struct journal *second = (struct journal *)&s; /* must stay untouched */
  capture_begin(&log);
  CHECK_INT_EQ(CSP_E_LOCKED, journal_open(s.path, &second));
  capture_end(&log);
  CHECK(second == (struct journal *)&s);
  CHECK_CONTAINS(log.text, "another run holds its lock");
  free(log.text);
  /* The failed open must not have disturbed the first connection. */
  CHECK_INT_EQ(0, journal_mark_in_flight(first, "t:a", "r", "c", 1, 1));
  journal_close(first);
  second = open_ok(s.path);
  CHECK_INT_EQ(JOURNAL_IN_FLIGHT, state_of(second, "t:a"));
  journal_close(second);
  scratch_release(&s);
}

TEST(the_journal_and_its_lock_file_are_private_to_the_user)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  struct stat st;
  CHECK_INT_EQ(0, stat(s.path, &st));
  CHECK_INT_EQ(0600, st.st_mode & 0777);
  char lock[160];
  (void)snprintf(lock, sizeof(lock), "%s.lock", s.path);
  CHECK_INT_EQ(0, stat(lock, &st));
  CHECK_INT_EQ(0600, st.st_mode & 0777);
  journal_close(j);
  scratch_release(&s);
}

/* Child: opens the journal, plans three rows in a batch, marks one in flight (which commits the
 * batch), plans a fourth that stays uncommitted, reports "ready" on fd and waits to be killed. */
static void child_crashes_mid_run(const char *path, int fd)
{
  struct journal *j = NULL;
  if (journal_open(path, &j) != 0)
    _exit(1);
  long long run_id;
  if (journal_run_begin(j, path, 1, &run_id) != 0 || journal_begin_batch(j) != 0)
    _exit(2);
  const char *ids[] = {"t:1", "t:2", "t:3"};
  for (int i = 0; i < 3; i++)
    if (journal_plan(j, ids[i], i + 1, "create", NULL, run_id, 1, NULL) != 0)
      _exit(3);
  if (journal_mark_in_flight(j, "t:2", "req-2", "corr-2", 1, 2) != 0 ||
      journal_plan(j, "t:4", 4, "create", NULL, run_id, 3, NULL) != 0)
    _exit(4);
  if (write(fd, "r", 1) != 1)
    _exit(5);
  for (;;)
    pause();
}

TEST(a_run_killed_with_sigkill_leaves_its_in_flight_rows_to_the_next_run)
{
  struct scratch s;
  struct captured_log log;
  scratch_init(&s);
  int pipefd[2];
  CHECK_INT_EQ(0, pipe(pipefd));
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    close(pipefd[0]);
    child_crashes_mid_run(s.path, pipefd[1]);
  }
  close(pipefd[1]);
  char ready = 0;
  CHECK_INT_EQ(1, read(pipefd[0], &ready, 1));
  close(pipefd[0]);

  /* While the child runs, another process (this one) is locked out. */
  struct journal *j = NULL;
  capture_begin(&log);
  CHECK_INT_EQ(CSP_E_LOCKED, journal_open(s.path, &j));
  capture_end(&log);
  free(log.text);

  CHECK_INT_EQ(0, kill(pid, SIGKILL));
  int status = 0;
  CHECK_INT_EQ(pid, waitpid(pid, &status, 0));
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  /* The kernel dropped the dead run's lock; what it committed survived. */
  j = open_ok(s.path);
  struct visit_log v = {.j = j};
  CHECK_INT_EQ(0, journal_in_flight(j, visit, &v));
  CHECK_STR_EQ("t:2@req-2 ", v.seen);
  CHECK_INT_EQ(JOURNAL_PLANNED, state_of(j, "t:1"));
  CHECK_INT_EQ(JOURNAL_PLANNED, state_of(j, "t:3"));
  CHECK_INT_EQ(JOURNAL_STATE_COUNT, state_of(j, "t:4")); /* never committed */
  journal_close(j);
  scratch_release(&s);
}

static void write_file(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

static void check_open_refused(const char *path, const char *expected_message)
{
  struct captured_log log;
  struct journal *j = NULL;
  capture_begin(&log);
  CHECK_INT_EQ(CSP_E_JOURNAL, journal_open(path, &j));
  capture_end(&log);
  CHECK(j == NULL);
  CHECK_CONTAINS(log.text, path);
  CHECK_CONTAINS(log.text, expected_message);
  free(log.text);
}

TEST(a_file_that_is_not_sqlite_is_refused_with_a_clear_message)
{
  struct scratch s;
  scratch_init(&s);
  char junk[4096];
  memset(junk, 'x', sizeof(junk) - 1);
  junk[sizeof(junk) - 1] = '\0';
  write_file(s.path, junk);
  check_open_refused(s.path, "not a csponboard journal: the file is not an SQLite database");
  scratch_release(&s);
}

static void exec_raw(const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  CHECK_INT_EQ(SQLITE_OK, sqlite3_open(path, &db));
  CHECK_INT_EQ(SQLITE_OK, sqlite3_exec(db, sql, NULL, NULL, NULL));
  sqlite3_close(db);
}

/* What another connection (the sqlite3 shell, say) sees committed. */
static long long committed_rows(const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  long long n = -1;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "SELECT count(*) FROM rows", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

TEST(a_long_batch_commits_by_itself_and_in_flight_commits_at_once)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  CHECK_INT_EQ(0, journal_begin_batch(j));
  char id[32];
  for (int i = 0; i < JOURNAL_BATCH_MAX_WRITES + 5; i++) {
    (void)snprintf(id, sizeof(id), "t:%d", i);
    CHECK_INT_EQ(0, journal_plan(j, id, i + 1, "create", NULL, 1, 1, NULL));
  }
  CHECK_INT_EQ(JOURNAL_BATCH_MAX_WRITES, committed_rows(s.path));
  CHECK_INT_EQ(0, journal_mark_in_flight(j, "t:0", "r", "c", 1, 2));
  CHECK_INT_EQ(JOURNAL_BATCH_MAX_WRITES + 5, committed_rows(s.path));
  CHECK_INT_EQ(0, journal_plan(j, "t:last", 0, "create", NULL, 1, 1, NULL));
  CHECK_INT_EQ(JOURNAL_BATCH_MAX_WRITES + 5, committed_rows(s.path)); /* the batch goes on */
  journal_close(j);                                                   /* commits it */
  CHECK_INT_EQ(JOURNAL_BATCH_MAX_WRITES + 6, committed_rows(s.path));
  scratch_release(&s);
}

TEST(another_programs_database_is_refused)
{
  struct scratch s;
  scratch_init(&s);
  exec_raw(s.path, "CREATE TABLE invoices (id INTEGER)");
  check_open_refused(s.path, "an SQLite database of another program");
  scratch_release(&s);
}

TEST(a_journal_from_a_newer_version_is_refused)
{
  struct scratch s;
  scratch_init(&s);
  journal_close(open_ok(s.path));
  exec_raw(s.path, "PRAGMA user_version = 99");
  check_open_refused(s.path, "written by a newer csponboard (schema 99");
  scratch_release(&s);
}

TEST(a_journal_in_a_missing_directory_is_a_journal_error)
{
  struct captured_log log;
  struct journal *j = NULL;
  capture_begin(&log);
  CHECK_INT_EQ(CSP_E_JOURNAL, journal_open("/nonexistent-dir/x.journal.sqlite", &j));
  capture_end(&log);
  CHECK_CONTAINS(log.text, "/nonexistent-dir/x.journal.sqlite");
  free(log.text);
}

/* Takes a journal back to schema version 2: without the runs' summary records. */
#define JOURNAL_UNDO_VERSION_3 \
  "DROP TABLE run_requests; ALTER TABLE runs DROP COLUMN mode; " \
  "ALTER TABLE runs DROP COLUMN report; ALTER TABLE runs DROP COLUMN stopped_because; " \
  "ALTER TABLE runs DROP COLUMN partner_id; ALTER TABLE runs DROP COLUMN partner_type; " \
  "ALTER TABLE runs DROP COLUMN market; ALTER TABLE runs DROP COLUMN api; " \
  "ALTER TABLE runs DROP COLUMN rate; ALTER TABLE runs DROP COLUMN checks; " \
  "ALTER TABLE runs DROP COLUMN concurrency; ALTER TABLE runs DROP COLUMN max_attempts; " \
  "ALTER TABLE runs DROP COLUMN requests; ALTER TABLE runs DROP COLUMN throttled; " \
  "ALTER TABLE runs DROP COLUMN retries; ALTER TABLE runs DROP COLUMN throttle_wait_ms; " \
  "ALTER TABLE runs DROP COLUMN bucket_ms; PRAGMA user_version = 2"

TEST(a_version_1_journal_is_upgraded_in_place_and_keeps_its_rows)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  plan_invite(j, "tenant:a", 1);
  journal_close(j);
  exec_raw(s.path, "DROP TABLE checks");
  exec_raw(s.path, JOURNAL_UNDO_VERSION_3);
  exec_raw(s.path, "ALTER TABLE rows DROP COLUMN accepted_at; "
                   "ALTER TABLE rows DROP COLUMN mail_sent_at; PRAGMA user_version = 1");
  j = open_ok(s.path);
  CHECK_INT_EQ(JOURNAL_PLANNED, state_of(j, "tenant:a"));
  CHECK_INT_EQ(0, journal_mark_mailed(j, "tenant:a", 7));
  journal_close(j);
  scratch_release(&s);
}

/* Check verdicts: put, get back with its time, replaced by a newer answer, absent subjects
 * and kinds kept apart; a version 3 journal gains the table. */
TEST(a_check_verdict_is_kept_with_its_time_and_replaced_by_a_newer_one)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = open_ok(s.path);
  struct journal_check c = {"not_verified", "StreetPartial", "1 Main Street", 100}, got;
  CHECK_INT_EQ(0, journal_check_put(j, JOURNAL_CHECK_ADDRESS, "a|b", &c));
  CHECK_INT_EQ(CSP_E_NOT_FOUND, journal_check_get(j, JOURNAL_CHECK_DOMAIN, "a|b", &got));
  CHECK(got.verdict == NULL);
  CHECK_INT_EQ(0, journal_check_get(j, JOURNAL_CHECK_ADDRESS, "a|b", &got));
  CHECK_STR_EQ("not_verified", got.verdict);
  CHECK_STR_EQ("StreetPartial", got.status);
  CHECK_STR_EQ("1 Main Street", got.suggested);
  CHECK_INT_EQ(100, (int)got.checked_at);
  journal_check_release(&got);
  struct journal_check taken = {"taken", NULL, NULL, 200};
  CHECK_INT_EQ(0, journal_check_put(j, JOURNAL_CHECK_DOMAIN, "contoso", &taken));
  taken.verdict = "free";
  taken.checked_at = 300;
  CHECK_INT_EQ(0, journal_check_put(j, JOURNAL_CHECK_DOMAIN, "contoso", &taken));
  journal_close(j);
  exec_raw(s.path, "PRAGMA user_version = 4"); /* unchanged: reopening keeps the verdicts */
  j = open_ok(s.path);
  CHECK_INT_EQ(0, journal_check_get(j, JOURNAL_CHECK_DOMAIN, "contoso", &got));
  CHECK_STR_EQ("free", got.verdict);
  CHECK(got.status == NULL);
  CHECK_INT_EQ(300, (int)got.checked_at);
  journal_check_release(&got);
  journal_close(j);
  exec_raw(s.path, "DROP TABLE checks; PRAGMA user_version = 3");
  j = open_ok(s.path);
  CHECK_INT_EQ(0, journal_check_put(j, JOURNAL_CHECK_DOMAIN, "x", &taken));
  journal_close(j);
  scratch_release(&s);
}

RUN_TESTS()
