/* Tests for src/journal/journal_runs.c: a run's record saved and read back (settings,
 * counts, timeline), found by its report among several runs, read through a read-only
 * journal, the invitation counts, and a schema 2 journal upgraded with its runs kept. */
#include "journal/journal_runs.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "journal_scratch.h"
#include "base/diag.h"
#include "base/errors.h"

static void sample_record(struct run_record *r, const char *report)
{
  run_record_init(r);
  snprintf(r->mode, sizeof(r->mode), "run");
  snprintf(r->report, sizeof(r->report), "%s", report);
  snprintf(r->partner_id, sizeof(r->partner_id), "1234567");
  snprintf(r->partner_type, sizeof(r->partner_type), "direct");
  snprintf(r->market, sizeof(r->market), "US");
  snprintf(r->api, sizeof(r->api), "sandbox");
  snprintf(r->rate, sizeof(r->rate), "400/min");
  snprintf(r->checks, sizeof(r->checks), "market rules (schemas)");
  snprintf(r->stopped_because, sizeof(r->stopped_because), "interrupted by a signal");
  r->concurrency = 8;
  r->max_attempts = 6;
  r->has_requests = true;
  r->requests = 140;
  r->throttled = 3;
  r->retries = 5;
  r->throttle_wait_ms = 4200;
  for (long long ms = 0; ms < 200000; ms += 1000)
    request_timeline_add(&r->timeline, ms, REQUEST_STARTED, 1 + ms / 50000);
  request_timeline_add(&r->timeline, 9000, REQUEST_THROTTLED, 3);
  request_timeline_add(&r->timeline, 12000, REQUEST_RETRIED, 5);
}

static long long begin_run(struct journal *j, time_t now)
{
  long long id = 0;
  CHECK_INT_EQ(0, journal_run_begin(j, "in.csv", now, &id));
  return id;
}

TEST(a_saved_record_reads_back_with_its_start_end_and_exit_code)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = NULL;
  CHECK_INT_EQ(0, journal_open(s.path, &j));
  long long id = begin_run(j, 1000);
  struct run_record saved, loaded;
  sample_record(&saved, "/x/in.report.csv");
  CHECK_INT_EQ(0, journal_runs_save(j, id, &saved));
  CHECK_INT_EQ(0, journal_run_end(j, id, 130, "{}", 1060));
  run_record_init(&loaded);
  CHECK_INT_EQ(0, journal_runs_load(j, id, &loaded));
  CHECK_INT_EQ(1000, loaded.started_at);
  CHECK_INT_EQ(1060, loaded.finished_at);
  CHECK_INT_EQ(130, loaded.exit_code);
  CHECK_STR_EQ("run", loaded.mode);
  CHECK_STR_EQ("/x/in.report.csv", loaded.report);
  CHECK_STR_EQ("1234567", loaded.partner_id);
  CHECK_STR_EQ("400/min", loaded.rate);
  CHECK_STR_EQ("interrupted by a signal", loaded.stopped_because);
  CHECK_INT_EQ(8, loaded.concurrency);
  CHECK_INT_EQ(140, loaded.requests);
  CHECK_INT_EQ(4200, loaded.throttle_wait_ms);
  CHECK(loaded.has_requests);
  CHECK_INT_EQ(saved.timeline.width_ms, loaded.timeline.width_ms);
  CHECK_INT_EQ(saved.timeline.used, loaded.timeline.used);
  CHECK(memcmp(saved.timeline.bucket, loaded.timeline.bucket, sizeof(saved.timeline.bucket)) == 0);
  journal_close(j);
  scratch_release(&s);
}

TEST(the_latest_run_of_a_report_is_found_and_a_read_only_journal_serves_it)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = NULL;
  CHECK_INT_EQ(0, journal_open(s.path, &j));
  struct run_record r;
  long long first = begin_run(j, 10), other = begin_run(j, 20), last = begin_run(j, 30);
  sample_record(&r, "/a.report.csv");
  CHECK_INT_EQ(0, journal_runs_save(j, first, &r));
  CHECK_INT_EQ(0, journal_runs_save(j, last, &r));
  sample_record(&r, "/b.report.csv");
  CHECK_INT_EQ(0, journal_runs_save(j, other, &r));
  CHECK_INT_EQ(CSP_E_NOT_FOUND, journal_runs_save(j, 999, &r));
  journal_close(j);
  CHECK_INT_EQ(0, journal_open_readonly(s.path, &j));
  long long id = 0;
  CHECK_INT_EQ(0, journal_runs_find(j, "/a.report.csv", &id));
  CHECK_INT_EQ(last, id);
  CHECK_INT_EQ(0, journal_runs_find(j, "/b.report.csv", &id));
  CHECK_INT_EQ(other, id);
  CHECK_INT_EQ(CSP_E_NOT_FOUND, journal_runs_find(j, "/c.report.csv", &id));
  run_record_init(&r);
  CHECK_INT_EQ(0, journal_runs_load(j, last, &r));
  CHECK_INT_EQ(30, r.started_at);
  CHECK_INT_EQ(-1, r.exit_code); /* never ended */
  journal_close(j);
  scratch_release(&s);
}

TEST(reading_a_journal_leaves_no_wal_or_shm_file_behind_and_writes_nothing)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = NULL;
  CHECK_INT_EQ(0, journal_open(s.path, &j));
  long long id = begin_run(j, 10);
  journal_close(j);
  CHECK_INT_EQ(0, journal_open_readonly(s.path, &j));
  struct run_record r;
  sample_record(&r, "/a.report.csv");
  char *log = NULL;
  size_t log_len = 0;
  FILE *stream = open_memstream(&log, &log_len);
  diag_setup(DIAG_TEXT, DIAG_ERROR, stream);
  CHECK(journal_runs_save(j, id, &r) != 0); /* query_only: the update is refused */
  diag_setup(DIAG_TEXT, DIAG_INFO, NULL);
  fclose(stream);
  CHECK_CONTAINS(log, "readonly database");
  free(log);
  run_record_init(&r);
  CHECK_INT_EQ(0, journal_runs_load(j, id, &r));
  CHECK_STR_EQ("", r.mode);
  journal_close(j);
  char file[160];
  (void)snprintf(file, sizeof(file), "%s-wal", s.path);
  CHECK(access(file, F_OK) != 0);
  (void)snprintf(file, sizeof(file), "%s-shm", s.path);
  CHECK(access(file, F_OK) != 0);
  scratch_release(&s);
}

TEST(invitation_counts_come_from_done_invites_their_mails_and_acceptances)
{
  struct scratch s;
  scratch_init(&s);
  struct journal *j = NULL;
  CHECK_INT_EQ(0, journal_open(s.path, &j));
  long long id = begin_run(j, 10);
  const char *ids[] = {"tenant:a", "tenant:b", "tenant:c", "domain:d"};
  for (int i = 0; i < 4; i++) {
    CHECK_INT_EQ(0,
                 journal_plan(j, ids[i], i + 1, i < 3 ? "invite" : "create", NULL, id, 10, NULL));
    struct journal_done done = {.status = i < 3 ? "invited" : "created"};
    if (i < 2 || i == 3)
      CHECK_INT_EQ(0, journal_mark_done(j, ids[i], &done, 11));
  }
  CHECK_INT_EQ(0, journal_mark_mailed(j, "tenant:a", 12));
  CHECK_INT_EQ(0, journal_mark_mailed(j, "tenant:b", 12));
  CHECK_INT_EQ(0, journal_mark_accepted(j, "tenant:a", "cust-a", 13));
  struct run_record r;
  run_record_init(&r);
  CHECK_INT_EQ(0, journal_runs_invites(j, &r));
  CHECK(r.has_invites);
  CHECK_INT_EQ(2, r.invites_done);
  CHECK_INT_EQ(2, r.invites_mailed);
  CHECK_INT_EQ(1, r.invites_accepted);
  journal_close(j);
  scratch_release(&s);
}

TEST(a_schema_2_journal_is_upgraded_and_its_runs_have_no_record_yet)
{
  struct scratch s;
  scratch_init(&s);
  sqlite3 *db = NULL;
  CHECK_INT_EQ(SQLITE_OK, sqlite3_open(s.path, &db));
  CHECK_INT_EQ(SQLITE_OK,
               sqlite3_exec(db,
                            "CREATE TABLE runs (id INTEGER PRIMARY KEY, started_at INTEGER NOT "
                            "NULL, finished_at INTEGER, input TEXT, exit_code INTEGER, "
                            "counts_json TEXT);"
                            "CREATE TABLE rows (identity TEXT PRIMARY KEY, row_number INTEGER "
                            "NOT NULL, action TEXT NOT NULL, state TEXT NOT NULL, customer_id "
                            "TEXT, tenant_id TEXT, domain TEXT, request_id TEXT, correlation_id "
                            "TEXT, attempts INTEGER NOT NULL DEFAULT 0, http_status INTEGER NOT "
                            "NULL DEFAULT 0, last_error_code TEXT, last_error TEXT, invite_url "
                            "TEXT, status TEXT, reason_code TEXT, reason TEXT, updated_at "
                            "INTEGER NOT NULL, run_id INTEGER, mail_sent_at INTEGER, accepted_at "
                            "INTEGER);"
                            "INSERT INTO runs (started_at, exit_code) VALUES (5, 0);"
                            "PRAGMA user_version = 2; PRAGMA application_id = 1129533506;",
                            NULL, NULL, NULL));
  sqlite3_close(db);
  struct journal *j = NULL;
  CHECK_INT_EQ(0, journal_open(s.path, &j));
  struct run_record r;
  run_record_init(&r);
  CHECK_INT_EQ(0, journal_runs_load(j, 1, &r));
  CHECK_INT_EQ(5, r.started_at);
  CHECK_INT_EQ(0, r.exit_code);
  CHECK(!r.has_requests);
  CHECK_STR_EQ("", r.mode);
  journal_close(j);
  scratch_release(&s);
}

RUN_TESTS()
