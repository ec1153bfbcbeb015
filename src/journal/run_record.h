/* What the summary page says about a run besides its rows: when it ran, with which settings,
 * how it ended, and its requests over time. A run fills one as it ends (cli_page.c) and keeps
 * it in its journal (journal_runs.h), so that `csponboard summary` can draw an earlier run's
 * page. Plain data in fixed arrays (nothing to free); never a secret: no client id, no token,
 * no password has a field here. */
#ifndef CSP_RUN_RECORD_H
#define CSP_RUN_RECORD_H

#include <stdbool.h>

#include "base/request_timeline.h"

struct run_record {
  char mode[16];         /* "run" or "validate" */
  char report[1024];     /* the report's path as the run wrote it */
  long long started_at;  /* Unix seconds; 0: unknown */
  long long finished_at; /* Unix seconds; 0: unknown */
  int exit_code;         /* -1: unknown */
  char stopped_because[160];
  /* The settings that shape a run. */
  char partner_id[64];
  char partner_type[32];
  char market[8];
  char api[32];  /* "sandbox", "Partner Center" or "another API URL" */
  char rate[32]; /* as configured, e.g. "400/min" */
  char checks[256];
  int concurrency;
  int max_attempts;
  /* Requests (a run that executed; has_requests false otherwise). */
  bool has_requests;
  long long requests, throttled, retries, throttle_wait_ms;
  struct request_timeline timeline;
  /* Invitations in the journal (has_invites false without a journal). */
  bool has_invites;
  long long invites_done, invites_mailed, invites_accepted;
};

/* An empty record: every count 0, every text "", exit code unknown. */
void run_record_init(struct run_record *r);

#endif
