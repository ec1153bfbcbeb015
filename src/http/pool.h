/* A pool of concurrent HTTP calls over one libcurl multi handle: at most `concurrency` in
 * flight, each start gated by the global token bucket, each answer classified by the retry
 * policy and acted on (wait for Retry-After, back off with full jitter, refresh the token once
 * on a 401, renew MS-RequestId after any response and keep it after none). A call comes back
 * to its owner once, with a final verdict. The pool knows HTTP and the retry rules; what a
 * call means for a row is its owner's business. */
#ifndef CSP_POOL_H
#define CSP_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"
#include "base/request_timeline.h"
#include "http/retry.h"
#include "base/uuid.h"

struct pool;
struct pool_call;

/* Called once per call, when the call is final: from pool_run, or from pool_cancel_queued for
 * a cancelled call. It may pool_submit (a call submitted during a cancellation is cancelled
 * too). */
typedef void (*pool_done_fn)(struct pool_call *call, void *ctx);

/* Writes the API's error code found in a refused call's body into code (cap bytes, NUL
 * included; "" when the body names none). The pool's one view of the API's error format,
 * injected by its owner (execute/ passes partner_center/'s pc_error_code), so that http/ knows
 * HTTP and not the API. */
typedef void (*pool_error_code_fn)(const char *body, size_t len, char *code, size_t cap);

/* Refreshes the bearer token (blocking); writes the new "Bearer …" value. 0 or an error. */
typedef int (*pool_refresh_fn)(void *ctx, const char **authorization);

struct pool_call {
  /* Filled by the owner before pool_submit. Authorization and MS-RequestId are (re)written by
   * the pool on every attempt; every other header and the body are sent as given. */
  struct http_request req;
  bool is_write; /* a create: an unknown outcome is handed back, never retried blind */
  /* Calls start lowest priority first (equal ones in submission order): a job gives every
   * step of a row its row number, so a row's next step overtakes the first steps of later
   * rows and each row reaches its create as soon as its checks are answered. */
  long long priority;
  pool_done_fn done;
  void *ctx;

  /* Filled by the pool. */
  struct http_response res;   /* the last attempt's response */
  enum retry_verdict verdict; /* OK, FINAL, UNKNOWN_OUTCOME, FATAL_*, or the retrying
                                 verdict of the last attempt when attempts ran out */
  bool exhausted;             /* max_attempts reached without a final answer */
  bool cancelled;             /* not sent (again): the pool was stopping; attempts > 0 when
                                 it was waiting to retry after a retrying verdict */
  int attempts;
  char request_id[UUID_STR_SIZE]; /* MS-RequestId of the last attempt */
  char api_code[32];              /* the API's error code of the last response (read by
                                     options.error_code), or "" */

  /* Private to the pool. */
  struct pool_call *next;
  long long not_before_ms;
  bool renew_id;
  bool refreshed;
  long long token_generation;
  void *easy;
  void *headers;
};

struct pool_options {
  int concurrency;
  double rate_per_s;
  double burst;
  int max_attempts;
  long timeout_s;
  const char *proxy;         /* NULL or "": libcurl's environment variables */
  const char *authorization; /* "Bearer …" for every call; borrowed, replaced on refresh */
  pool_refresh_fn refresh;
  void *refresh_ctx;
  uint64_t seed;                 /* jitter */
  pool_error_code_fn error_code; /* NULL: no api_code, the retry rules go by status alone */
};

int pool_open(const struct pool_options *opts, struct pool **out);
/* Frees the pool; calls still queued or in flight are abandoned without callbacks. */
void pool_close(struct pool *p);

/* Queues call (borrowed until its done callback) behind the queued calls of its priority or
 * lower. */
void pool_submit(struct pool *p, struct pool_call *call);
/* Starts what the rate limit allows, waits up to max_wait_ms for activity, and finishes calls
 * (their callbacks run from here). Returns 0, or the fatal error seen (CSP_E_AUTH,
 * CSP_E_FORBIDDEN) after which queued calls come back cancelled. */
int pool_run(struct pool *p, int max_wait_ms);
/* Replaces the Authorization value for calls started from now on (after a proactive token
 * refresh). authorization is borrowed until the next replacement or pool_close. */
void pool_set_authorization(struct pool *p, const char *authorization);
/* Calls queued or in flight. */
int pool_pending(const struct pool *p);
/* Finishes every queued (not started) call as cancelled. */
void pool_cancel_queued(struct pool *p);

struct pool_stats {
  long long requests;
  long long throttled;
  long long retries;
  long long throttle_wait_ms;
  double rate_per_s;
};
void pool_stats(const struct pool *p, struct pool_stats *out);
/* The same requests, 429s and retries over time since pool_open (borrowed until pool_close). */
const struct request_timeline *pool_timeline(const struct pool *p);

#endif
