/* The curl-multi loop behind pool.h. One pass of pool_run:
 *   1. start calls: while fewer than `concurrency` are in flight, take the first queued call
 *      (the queue is kept in priority order) whose back-off has passed, if the token bucket
 *      allows a request now;
 *   2. wait on the sockets (curl_multi_poll) until activity or the next timer;
 *   3. finish transfers: classify the response (retry.c), then act on the verdict — hand the
 *      call back, or requeue it for later.
 * Classify first, then act: this file holds no rule about which status means what. */
#include "http/pool.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/clock.h"
#include "base/diag.h"
#include "base/errors.h"
#include "base/hash.h"
#include "http/ratelimit.h"
#include "base/request_timeline.h"
#include "http/transfer.h"
#include "base/limits.h"

struct pool {
  struct pool_options opts;
  CURLM *multi;
  struct ratelimit rl;
  struct uuid_gen ids;
  uint64_t rng;
  struct pool_call *queue; /* waiting to start: by priority, then submission order */
  struct pool_call *queue_tail;
  struct pool_call *flying; /* transfers in progress (linked through next) */
  int queued, in_flight;
  int fatal_rc;
  const char *authorization;
  long long token_generation; /* bumped at every refresh */
  bool token_worked;          /* the current token has had an answer other than 401 */
  long long retries;
  long long requests;
  struct request_timeline timeline; /* the same events over time, for the summary page */
};

int pool_open(const struct pool_options *opts, struct pool **out)
{
  *out = NULL;
  struct pool *p = calloc(1, sizeof(*p));
  if (!p)
    return CSP_E_NOMEM;
  p->opts = *opts;
  p->authorization = opts->authorization;
  p->rng = opts->seed ? opts->seed : HASH_GOLDEN_GAMMA;
  p->multi = curl_multi_init();
  if (!p->multi || uuid_gen_init(&p->ids)) {
    pool_close(p);
    return CSP_E_NOMEM;
  }
  curl_multi_setopt(p->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)opts->concurrency);
  ratelimit_init(&p->rl, opts->rate_per_s, opts->burst, clock_now_ms());
  request_timeline_init(&p->timeline, clock_now_ms());
  *out = p;
  return CSP_E_OK;
}

static void drop_transfer(struct pool *p, struct pool_call *call)
{
  if (call->easy) {
    curl_multi_remove_handle(p->multi, call->easy);
    curl_easy_cleanup(call->easy);
  }
  curl_slist_free_all(call->headers);
  call->easy = call->headers = NULL;
}

void pool_close(struct pool *p)
{
  if (!p)
    return;
  for (struct pool_call *c = p->flying; c; c = c->next)
    drop_transfer(p, c);
  if (p->multi)
    curl_multi_cleanup(p->multi);
  free(p);
}

static void unlink_flying(struct pool *p, struct pool_call *call)
{
  for (struct pool_call **link = &p->flying; *link; link = &(*link)->next)
    if (*link == call) {
      *link = call->next;
      return;
    }
}

/* Inserts call behind every queued call of its priority or lower. A new row's first call has
 * the highest priority number yet, so the common case is the tail, checked first. */
static void enqueue(struct pool *p, struct pool_call *call)
{
  struct pool_call **link = &p->queue;
  if (p->queue_tail && p->queue_tail->priority <= call->priority)
    link = &p->queue_tail->next;
  else
    while (*link && (*link)->priority <= call->priority)
      link = &(*link)->next;
  call->next = *link;
  *link = call;
  if (!call->next)
    p->queue_tail = call;
  p->queued++;
}

void pool_submit(struct pool *p, struct pool_call *call)
{
  call->cancelled = call->exhausted = call->refreshed = false;
  call->api_code[0] = '\0';
  if (!call->res.body && !call->res.error_text)
    http_response_init(&call->res);
  enqueue(p, call);
}

void pool_set_authorization(struct pool *p, const char *authorization)
{
  p->authorization = authorization;
  p->token_generation++;
  p->token_worked = false;
}

int pool_pending(const struct pool *p)
{
  return p->queued + p->in_flight;
}

static void complete(struct pool *p, struct pool_call *call, enum retry_verdict verdict)
{
  (void)p;
  call->verdict = verdict;
  call->done(call, call->ctx);
}

void pool_cancel_queued(struct pool *p)
{
  /* The queue is consistent before each callback, which may submit (a job's next step): such
   * a call is queued, so it is cancelled too. */
  while (p->queue) {
    struct pool_call *call = p->queue;
    p->queue = call->next;
    if (!p->queue)
      p->queue_tail = NULL;
    p->queued--;
    call->next = NULL;
    call->cancelled = true;
    complete(p, call, VERDICT_FINAL);
  }
}

static int start_transfer(struct pool *p, struct pool_call *call)
{
  if (call->renew_id || !call->request_id[0])
    uuid_gen_next(&p->ids, call->request_id);
  call->renew_id = false;
  struct http_request req = call->req;
  req.proxy = p->opts.proxy;
  if (p->authorization)
    http_request_set_header(&req, "Authorization", p->authorization);
  http_request_set_header(&req, "MS-RequestId", call->request_id);
  struct curl_slist *headers = NULL;
  CURL *easy = http_easy_prepare(&req, p->opts.timeout_s, false, &call->res, &headers);
  if (!easy)
    return CSP_E_NOMEM;
  curl_easy_setopt(easy, CURLOPT_PRIVATE, (char *)call);
  call->easy = easy;
  call->headers = headers;
  call->attempts++;
  call->token_generation = p->token_generation;
  call->next = p->flying;
  p->flying = call;
  p->requests++;
  request_timeline_note(&p->timeline, clock_now_ms(), REQUEST_STARTED);
  p->in_flight++;
  curl_multi_add_handle(p->multi, easy);
  return CSP_E_OK;
}

/* The link pointing at the first queued call that may start at now_ms, or NULL. */
static struct pool_call **find_ready(struct pool *p, long long now_ms)
{
  for (struct pool_call **link = &p->queue; *link; link = &(*link)->next)
    if ((*link)->not_before_ms <= now_ms)
      return link;
  return NULL;
}

static struct pool_call *unlink_queued(struct pool *p, struct pool_call **link)
{
  struct pool_call *call = *link, *prev = NULL;
  *link = call->next;
  if (p->queue_tail == call) {
    for (prev = p->queue; prev && prev->next; prev = prev->next)
      ;
    p->queue_tail = prev;
  }
  p->queued--;
  call->next = NULL;
  return call;
}

/* ms until the earliest queued call may start, or -1 when none is queued. */
static long long next_start_in(const struct pool *p, long long now_ms)
{
  long long wait = -1;
  for (const struct pool_call *c = p->queue; c; c = c->next) {
    long long until = c->not_before_ms > now_ms ? c->not_before_ms - now_ms : 0;
    if (wait < 0 || until < wait)
      wait = until;
  }
  return wait;
}

/* Starts calls while there is room and budget; returns ms until the next call may start
 * (for the poll timeout), or -1 when nothing is waiting. */
static long long start_ready(struct pool *p)
{
  long long now = clock_now_ms();
  while (p->in_flight < p->opts.concurrency) {
    struct pool_call **link = find_ready(p, now);
    if (!link)
      break;
    long long budget_wait = ratelimit_acquire(&p->rl, now);
    if (budget_wait > 0)
      return budget_wait;
    struct pool_call *call = unlink_queued(p, link);
    if (start_transfer(p, call)) {
      call->res.transport = HTTP_TRANSPORT_OTHER;
      complete(p, call, VERDICT_FINAL);
    }
  }
  if (p->in_flight >= p->opts.concurrency)
    return -1;
  return next_start_in(p, now);
}

/* The API's error code of a refused call, read by the owner's parser (none: no code). */
static void note_api_code(const struct pool *p, struct pool_call *call)
{
  call->api_code[0] = '\0';
  if (!p->opts.error_code || call->res.transport != HTTP_TRANSPORT_OK || call->res.status < 400)
    return;
  p->opts.error_code(call->res.body, call->res.body_len, call->api_code, sizeof(call->api_code));
}

/* Gets a new token, unless one was already fetched after the failed call started (a burst of
 * 401s when a token expires needs one refresh, not one per transfer). */
static int refresh_token(struct pool *p, long long call_generation)
{
  if (call_generation < p->token_generation)
    return CSP_E_OK;
  const char *authorization = NULL;
  int rc = p->opts.refresh ? p->opts.refresh(p->opts.refresh_ctx, &authorization) : CSP_E_AUTH;
  if (!rc) {
    p->authorization = authorization;
    p->token_generation++;
    p->token_worked = false;
  }
  return rc;
}

/* A call retried at once (after a token refresh, or a zero back-off) goes to the front of the
 * queue: it has had its turn, and behind every queued call its retry would come too late to
 * tell whether the new token works (each of those calls would meet the refused token first). */
static void requeue(struct pool *p, struct pool_call *call, long long delay_ms)
{
  p->retries++;
  request_timeline_note(&p->timeline, clock_now_ms(), REQUEST_RETRIED);
  call->not_before_ms = clock_now_ms() + delay_ms;
  if (delay_ms > 0) {
    enqueue(p, call);
    return;
  }
  call->next = p->queue;
  p->queue = call;
  if (!p->queue_tail)
    p->queue_tail = call;
  p->queued++;
}

static void set_fatal(struct pool *p, int rc)
{
  if (!p->fatal_rc)
    p->fatal_rc = rc;
}

/* Requeues a retrying call unless it is out of attempts; true when requeued. */
static bool retry_later(struct pool *p, struct pool_call *call, long long delay_ms)
{
  if (call->attempts >= p->opts.max_attempts) {
    call->exhausted = true;
    return false;
  }
  requeue(p, call, delay_ms);
  return true;
}

static void act(struct pool *p, struct pool_call *call, enum retry_verdict v)
{
  long long after_ms = call->res.retry_after_s >= 0 ? call->res.retry_after_s * 1000 : -1;
  switch (v) {
  case VERDICT_RETRY_AFTER:
    ratelimit_throttled(&p->rl, clock_now_ms(), after_ms);
    request_timeline_note(&p->timeline, clock_now_ms(), REQUEST_THROTTLED);
    if (retry_later(p, call, after_ms > 0 ? after_ms : 0))
      return;
    break;
  case VERDICT_BACKOFF:
    if (retry_later(p, call,
                    retry_backoff_ms(call->attempts - 1, RETRY_DEFAULT_BASE_MS,
                                     RETRY_DEFAULT_CAP_MS, splitmix64_next(&p->rng))))
      return;
    break;
  case VERDICT_REFRESH_TOKEN:
    call->refreshed = true;
    if (refresh_token(p, call->token_generation)) {
      v = VERDICT_FATAL_AUTH;
      set_fatal(p, CSP_E_AUTH);
      break;
    }
    if (retry_later(p, call, 0))
      return;
    break;
  case VERDICT_FATAL_AUTH:
    set_fatal(p, CSP_E_AUTH);
    break;
  case VERDICT_FATAL_FORBIDDEN:
    set_fatal(p, CSP_E_FORBIDDEN);
    break;
  default:
    break;
  }
  complete(p, call, v);
}

/* A 401 on a fresh token that has not worked yet is fatal, unless a transfer sent with that
 * token is still in flight: the server may have taken the token there before refusing it
 * here (a token that expires right after its first use), and only that answer tells. The
 * call then waits a back-off and is judged again, after those answers; true when requeued. */
static bool judge_later(struct pool *p, struct pool_call *call)
{
  for (const struct pool_call *c = p->flying; c; c = c->next)
    if (c->token_generation == p->token_generation)
      return retry_later(p, call, RETRY_DEFAULT_BASE_MS);
  return false;
}

static void finish_transfer(struct pool *p, CURL *easy, CURLcode result)
{
  struct pool_call *call = NULL;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&call);
  http_easy_finish(easy, result, &call->res);
  unlink_flying(p, call);
  drop_transfer(p, call);
  p->in_flight--;
  call->renew_id = call->res.transport == HTTP_TRANSPORT_OK;
  note_api_code(p, call);
  bool current_token = call->token_generation == p->token_generation;
  if (current_token && call->res.transport == HTTP_TRANSPORT_OK && call->res.status != 401)
    p->token_worked = true;
  /* A 401 is fatal only when the token refused is a fresh one from a refresh that never
   * worked; a token that worked and then expired is simply renewed, however often. */
  bool fresh_token_refused = current_token && !p->token_worked && call->refreshed;
  enum retry_verdict v = retry_classify(&call->res, call->api_code[0] ? call->api_code : NULL,
                                        fresh_token_refused, call->is_write);
  if (v != VERDICT_OK && v != VERDICT_RETRY_AFTER)
    diag_debug("%s %s: attempt %d, HTTP %d, %s", call->req.method, call->req.url, call->attempts,
               call->res.status, retry_verdict_name(v));
  if (v == VERDICT_FATAL_AUTH && judge_later(p, call))
    return;
  act(p, call, v);
}

static void read_finished(struct pool *p)
{
  CURLMsg *msg;
  int left;
  while ((msg = curl_multi_info_read(p->multi, &left)))
    if (msg->msg == CURLMSG_DONE)
      finish_transfer(p, msg->easy_handle, msg->data.result);
}

int pool_run(struct pool *p, int max_wait_ms)
{
  if (p->fatal_rc)
    pool_cancel_queued(p);
  long long wait = start_ready(p);
  if (p->in_flight == 0 && wait < 0)
    return p->fatal_rc;
  int running = 0, timeout = max_wait_ms;
  if (wait >= 0 && wait < timeout)
    timeout = (int)wait;
  curl_multi_perform(p->multi, &running);
  read_finished(p);
  curl_multi_poll(p->multi, NULL, 0, timeout, NULL);
  curl_multi_perform(p->multi, &running);
  read_finished(p);
  if (p->fatal_rc)
    pool_cancel_queued(p);
  return p->fatal_rc;
}

void pool_stats(const struct pool *p, struct pool_stats *out)
{
  struct ratelimit_stats rs;
  ratelimit_stats(&p->rl, clock_now_ms(), &rs);
  out->requests = p->requests;
  out->throttled = (long long)rs.throttled;
  out->retries = p->retries;
  out->throttle_wait_ms = rs.total_wait_ms;
  out->rate_per_s = rs.rate_per_s;
}

const struct request_timeline *pool_timeline(const struct pool *p)
{
  return &p->timeline;
}
