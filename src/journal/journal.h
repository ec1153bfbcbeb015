/* The journal (SPEC §9): the SQLite file that makes a run crash-safe and exactly-once. It
 * remembers, per row identity, how far the row got (planned -> in_flight -> done | failed)
 * and, per run, when it started and ended. The executor commits "in_flight" before it sends a
 * request; after a crash the next run finds the rows left in_flight and reconciles them (asks
 * Partner Center whether the customer now exists) instead of sending them again.
 *
 * Durability: WAL mode with synchronous=NORMAL. Every commit is in the operating system's
 * hands before the call returns, so it survives the crash of the process (kill -9, abort,
 * OOM kill), which is what the journal guards against. A power cut may lose the last commits
 * (never corrupt the file); a row lost that way is back to "planned" or "in_flight" and is
 * then reconciled, so exactly-once still holds for creates that reconciliation can see.
 *
 * Run lock: journal_open takes flock(LOCK_EX | LOCK_NB) on a sidecar file PATH.lock and holds
 * it until journal_close; a second opener (another process, or a second open in this process)
 * gets CSP_E_LOCKED at once (exit 75: a cron job overlapping the previous run). The lock is
 * not taken on the database file itself because that would need a second descriptor of the
 * database, and closing any descriptor of a file drops every POSIX lock this process holds on
 * it, SQLite's included: a failed second open would silently unlock the first connection.
 * The sidecar never interacts with SQLite's locks. It is left in place on exit (removing it
 * would race with the next run opening it) and holds no data. The kernel drops the lock when
 * the process dies, so a crash never leaves a stale lock behind.
 *
 * Secrets never enter the journal: it has no column for passwords or tokens.
 *
 * Not thread-safe: one journal belongs to the driver's thread. Time (Unix seconds) is passed
 * in to every call that records it. */
#ifndef CSP_JOURNAL_H
#define CSP_JOURNAL_H

#include <stdbool.h>
#include <time.h>

/* The schema this code writes (PRAGMA user_version). A journal with a higher version was
 * written by a newer csponboard and is refused; an older one is upgraded in place on open
 * (version 2 added mail_sent_at and accepted_at for invitations; version 3 the summary page's
 * per-run records, journal/journal_runs.h; version 4 the check verdicts). */
#define JOURNAL_SCHEMA_VERSION 4

struct journal;

enum journal_state {
  JOURNAL_PLANNED,   /* known to this or an earlier run, nothing sent */
  JOURNAL_IN_FLIGHT, /* a request may have been sent: reconcile before sending again */
  JOURNAL_DONE,      /* finished successfully: never send again */
  JOURNAL_FAILED,    /* finished with a final error: a later run may try again */
  JOURNAL_STATE_COUNT
};

/* One row's record. Every string is owned by the entry (freed by journal_entry_release) and is
 * NULL when the column is empty. */
struct journal_entry {
  char *identity; /* the caller's key, e.g. "domain:contoso.onmicrosoft.com" */
  long long row_number;
  char *action; /* "create" or "invite" */
  enum journal_state state;
  char *customer_id;
  char *tenant_id;
  char *domain;
  char *request_id;     /* MS-RequestId of the last request sent */
  char *correlation_id; /* MS-CorrelationId of the row */
  int attempts;
  int http_status; /* last HTTP status, 0 if none */
  char *last_error_code;
  char *last_error;
  char *invite_url;
  char *status; /* the report status it ended with ("created", "invited", "failed", ...) */
  char *reason_code;
  char *reason;
  long long updated_at;   /* Unix seconds */
  long long run_id;       /* the last run that planned the row */
  long long mail_sent_at; /* invite: when the invitation email went out; 0: never */
  long long accepted_at;  /* invite: when `invites status` first saw it accepted; 0: not yet */
};

/* What a finished row learnt (journal_mark_done). Every pointer is borrowed for the call and
 * may be NULL (stored as empty). */
struct journal_done {
  const char *customer_id;
  const char *tenant_id;
  const char *invite_url;
  const char *status; /* report status: "created", "invited", "skipped" */
  const char *reason_code;
  const char *reason;
  int http_status;
};

/* Why a row failed for good (journal_mark_failed). Pointers borrowed for the call, may be
 * NULL. */
struct journal_failure {
  int http_status;        /* 0 when no response came */
  const char *error_code; /* Partner Center's error code, e.g. "600050" */
  const char *error;      /* its description or the transport error text */
  const char *status;     /* report status, usually "failed" */
  const char *reason_code;
  const char *reason;
};

/* Opens the journal at path (borrowed for the call), creating it (mode 0600) when missing.
 * Takes the run lock, switches to WAL, creates or checks the schema and prepares the
 * statements. On success *out is a journal the caller owns (journal_close). Returns 0,
 * CSP_E_LOCKED when another run holds the lock, CSP_E_JOURNAL when the file cannot be used
 * (not an SQLite database, not a csponboard journal, written by a newer version, unreadable;
 * the reason is logged through diag with the path), or CSP_E_NOMEM. */
int journal_open(const char *path, struct journal **out);

/* Commits any open batch, closes the database, then releases the lock (in that order, so no
 * other run can start while this one still writes). journal_close(NULL) does nothing. */
void journal_close(struct journal *j);

/* Opens an existing journal for lookups only (validate: "done in an earlier run"), without the
 * run lock — a run may be going on; only committed rows are seen. Returns 0,
 * CSP_E_JOURNAL (not ours, or another schema version: a warning says so) or CSP_E_NOMEM.
 * Only journal_lookup may be used on it. */
int journal_open_readonly(const char *path, struct journal **out);

/* A batch commits by itself after this many writes, so that its WAL stays small and a crash
 * loses little (planning a million rows is then a hundred commits, not one). */
#define JOURNAL_BATCH_MAX_WRITES 10000

/* Opens a batch: until journal_commit_batch, planning and finishing rows share one
 * transaction (one commit per planned row is ten times slower), committed every
 * JOURNAL_BATCH_MAX_WRITES writes. journal_mark_in_flight commits the open batch together
 * with its own change and the batch goes on in a new transaction, so the "committed before
 * sending" rule holds inside a batch too. Rows planned, done or failed in a batch that a
 * crash loses are found planned or in_flight by the next run, which redoes or reconciles
 * them: nothing is sent twice. A batch that is already open stays open. Returns 0 or
 * CSP_E_JOURNAL. */
int journal_begin_batch(struct journal *j);
/* Commits the open batch; does nothing when none is open. Returns 0 or CSP_E_JOURNAL. */
int journal_commit_batch(struct journal *j);

/* Records the start of a run: input_path (borrowed, may be NULL) and now. Stores the new
 * run's id in *run_id. Returns 0 or CSP_E_JOURNAL. */
int journal_run_begin(struct journal *j, const char *input_path, time_t now, long long *run_id);
/* Records the end of run run_id: its exit code and the summary counts as a JSON object text
 * (borrowed, may be NULL). Returns 0, CSP_E_NOT_FOUND for an unknown run, or CSP_E_JOURNAL. */
int journal_run_end(struct journal *j, long long run_id, int exit_code, const char *counts_json,
                    time_t now);

/* Plans the row with this identity for run run_id: inserts it as planned, or, when the
 * identity is already known, keeps its record. Every record takes the new row number and run
 * id (run_id is "the last run that planned the row"); a planned record also takes the new
 * action and domain; any other state, with its ids and results, stays exactly as it is.
 * Stores the row's state afterwards in *state (may be NULL), so the caller sees at once
 * whether it is done (skip it), in_flight (reconcile it) or failed (try again). Strings are
 * borrowed for the call; domain may be NULL. Returns 0 or CSP_E_JOURNAL. */
int journal_plan(struct journal *j, const char *identity, long long row_number, const char *action,
                 const char *domain, long long run_id, time_t now, enum journal_state *state);

/* Marks the row in_flight with the request id and correlation id about to be sent and the
 * attempt number, and COMMITS before returning: the caller sends the request only after this
 * returned 0. Allowed from planned, failed and in_flight (a retry). Returns 0,
 * CSP_E_NOT_FOUND when the identity was never planned, CSP_E_JOURNAL when the row is already
 * done (sending it again could make a second customer) or on a database error. */
int journal_mark_in_flight(struct journal *j, const char *identity, const char *request_id,
                           const char *correlation_id, int attempts, time_t now);

/* Marks the row done with what it learnt (done is borrowed for the call). Allowed from any
 * state: a row may be done without a request (already a customer) or again (idempotent).
 * Returns 0, CSP_E_NOT_FOUND or CSP_E_JOURNAL. */
int journal_mark_done(struct journal *j, const char *identity, const struct journal_done *done,
                      time_t now);

/* Marks the row failed with why (borrowed for the call). Allowed from any state but done.
 * Returns 0, CSP_E_NOT_FOUND, or CSP_E_JOURNAL (also when the row is done). */
int journal_mark_failed(struct journal *j, const char *identity,
                        const struct journal_failure *failure, time_t now);

/* Looks up identity (borrowed). On success fills *out, which the caller then owns and frees
 * with journal_entry_release. Returns 0, CSP_E_NOT_FOUND (out is then zeroed), CSP_E_NOMEM or
 * CSP_E_JOURNAL. */
int journal_lookup(struct journal *j, const char *identity, struct journal_entry *out);

/* Frees the entry's strings and zeroes it. Safe on a zeroed entry. */
void journal_entry_release(struct journal_entry *entry);

/* Called once per row left in_flight. entry is borrowed for the call. A non-zero return stops
 * the iteration and becomes journal_in_flight's return value. */
typedef int journal_entry_fn(const struct journal_entry *entry, void *ctx);

/* Calls fn for every row left in_flight (by a crashed or interrupted run), in row-number order.
 * The rows are read before the first call, so fn may mark rows (done, failed, in_flight) as it
 * reconciles them. ctx is passed through. Returns 0, fn's non-zero value, CSP_E_NOMEM or
 * CSP_E_JOURNAL. */
int journal_in_flight(struct journal *j, journal_entry_fn *fn, void *ctx);

/* Which rows journal_each visits: state (JOURNAL_STATE_COUNT: any) and action (NULL: any;
 * borrowed for the call). */
struct journal_filter {
  enum journal_state state;
  const char *action;
};

/* Calls fn for every row that matches filter, in row-number order. Like journal_in_flight, the
 * matching rows are read (into memory) before the first call, so fn may mark them. Returns 0,
 * fn's non-zero value, CSP_E_NOMEM or CSP_E_JOURNAL. */
int journal_each(struct journal *j, const struct journal_filter *filter, journal_entry_fn *fn,
                 void *ctx);

/* Records that the invitation email of the row went out at now (a later resend moves the
 * time). Committed with the open batch, if any. Returns 0, CSP_E_NOT_FOUND or CSP_E_JOURNAL. */
int journal_mark_mailed(struct journal *j, const char *identity, time_t now);

/* Records that an invited (done) row's customer has accepted: accepted_at keeps the first
 * time it was seen, customer_id (borrowed, may be NULL) fills the row's customer id. Returns 0,
 * CSP_E_NOT_FOUND (unknown identity, or a row not done) or CSP_E_JOURNAL. */
int journal_mark_accepted(struct journal *j, const char *identity, const char *customer_id,
                          time_t now);

/* Counts the rows in each state into counts[JOURNAL_STATE_COUNT]. Returns 0 or CSP_E_JOURNAL. */
int journal_count_by_state(struct journal *j, long long counts[JOURNAL_STATE_COUNT]);

/* The state's stable name as stored in the database ("planned", "in_flight", "done",
 * "failed"); "unknown" for anything else. */
const char *journal_state_name(enum journal_state state);

/* --- check verdicts (journal_checks.c) --- */

/* What an online check answered about a subject (a domain prefix, an address). */
enum journal_check_kind { JOURNAL_CHECK_DOMAIN, JOURNAL_CHECK_ADDRESS };
struct journal_check {
  char *verdict;        /* "taken" / "free", "verified" / "not_verified"; owned */
  char *status;         /* Partner Center's address status, or NULL; owned */
  char *suggested;      /* its suggested address, or NULL; owned */
  long long checked_at; /* Unix seconds */
};

/* Records (or replaces) the verdict on subject, committed at once so that a restart finds it.
 * Strings borrowed for the call; status and suggested may be NULL. Returns 0 or
 * CSP_E_JOURNAL. */
int journal_check_put(struct journal *j, enum journal_check_kind kind, const char *subject,
                      const struct journal_check *check);
/* The verdict recorded on subject into *out (the caller's to journal_check_release). Returns
 * 0, CSP_E_NOT_FOUND (out zeroed), CSP_E_NOMEM or CSP_E_JOURNAL. Works on a read-only view. */
int journal_check_get(struct journal *j, enum journal_check_kind kind, const char *subject,
                      struct journal_check *out);
void journal_check_release(struct journal_check *check);

#endif
