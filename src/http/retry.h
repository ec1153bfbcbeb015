/* The retry policy (SPEC §8 "Retries", "Exactly once"), split as STYLE.md asks: one pure
 * function turns an HTTP outcome into a verdict, and the executor acts only on the verdict.
 * Also the two calculations the executor needs to act: the backoff delay (exponential, full
 * jitter, the random number passed in) and the Retry-After header (the time passed in).
 * Nothing here reads the clock, draws random numbers, allocates or keeps state. */
#ifndef CSP_RETRY_H
#define CSP_RETRY_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "http/http.h"

/* What to do with a request's outcome. */
enum retry_verdict {
  VERDICT_OK,              /* 2xx (or an error code that means "already done", see below) */
  VERDICT_RETRY_AFTER,     /* 429: tell the rate limiter (it pauses everyone), then retry */
  VERDICT_BACKOFF,         /* 5xx, 408, connection error, timeout: back off, then retry */
  VERDICT_REFRESH_TOKEN,   /* first 401: refresh the access token, then retry at once */
  VERDICT_UNKNOWN_OUTCOME, /* a write that may have taken effect: reconcile, then maybe retry */
  VERDICT_FINAL,           /* this row failed for good (400, 404, 409, a per-row 403, ...) */
  VERDICT_FATAL_AUTH,      /* 401 after a refresh: stop the run (exit 3) */
  VERDICT_FATAL_FORBIDDEN, /* 403 that no later row can escape (admin agent role): stop */
  VERDICT_COUNT
};

/* Classifies one outcome. The decision, in table form in retry.c:
 *   transport CONNECT (nothing was sent)            BACKOFF
 *   transport SENT_NO_REPLY, TIMEOUT, OTHER         is_write ? UNKNOWN_OUTCOME : BACKOFF
 *   2xx                                             OK
 *   401                                             token_refreshed ? FATAL_AUTH : REFRESH_TOKEN
 *   403 with a per-row code (2030 market rule, 600006 action not allowed, 800039/900123/900124
 *       reseller inactive or agreement not accepted)                               FINAL
 *   403 otherwise (the admin agent role message, app-only credentials, unknown)    FATAL_FORBIDDEN
 *   408                                             BACKOFF (the server never took the request)
 *   429                                             RETRY_AFTER (not processed, even for a write)
 *   5xx                                             is_write ? UNKNOWN_OUTCOME : BACKOFF
 *   any status with code 600061 (MCA attestation already exists with this contact)   OK
 *   any other status (other 4xx, 1xx, 3xx)          FINAL
 *
 * res is borrowed for the call; only transport and status are read. api_code is the "code"
 * of the JSON error body as text ("2030"; a numeric code is printed as its decimal digits),
 * or NULL when the body had none; the caller parses the body (responses.c), so this file
 * needs no JSON. token_refreshed is true when this request was already retried after a token
 * refresh. is_write is true for a request that creates something (POST a customer): when it
 * may have been carried out, the executor must reconcile (look for the customer) before it
 * sends again, so that one row never makes two customers. A GET is never a write. */
enum retry_verdict retry_classify(const struct http_response *res, const char *api_code,
                                  bool token_refreshed, bool is_write);

/* A stable lower-case name for logs ("retry_after", "fatal_forbidden"). Never NULL. */
const char *retry_verdict_name(enum retry_verdict verdict);

/* True for the verdicts after which the same row is sent again (subject to max_attempts):
 * RETRY_AFTER, BACKOFF, REFRESH_TOKEN. UNKNOWN_OUTCOME retries only after reconciliation. */
bool retry_verdict_retries(enum retry_verdict verdict);

/* Defaults for retry_backoff_ms: the first retry waits up to 1 s, later ones up to 60 s. */
#define RETRY_DEFAULT_BASE_MS 1000LL
#define RETRY_DEFAULT_CAP_MS 60000LL

/* The delay before retry number attempt (0 for the first retry), with full jitter: uniform
 * in [0, min(cap_ms, base_ms * 2^attempt)], drawn from random (any 64-bit value from the
 * caller's generator). Never overflows, whatever attempt is; base_ms or cap_ms <= 0 gives 0. */
long long retry_backoff_ms(int attempt, long long base_ms, long long cap_ms, uint64_t random);

/* Parses a Retry-After header value into whole seconds from now: delta-seconds ("120") or an
 * HTTP date in IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), RFC 850 ("Sunday, 06-Nov-94
 * 08:49:37 GMT") or asctime ("Sun Nov  6 08:49:37 1994") form, always GMT. A date in the past
 * gives 0; delta-seconds above RETRY_AFTER_MAX_S are capped to it. Blanks around the value are
 * ignored. Returns 0 and stores *seconds, or CSP_E_PROTOCOL for anything else (then *seconds
 * is left alone and the caller falls back to backoff). header_value is borrowed for the call;
 * now is the current Unix time. */
int retry_parse_retry_after(const char *header_value, time_t now, long *seconds);

/* A Retry-After longer than a day is a server bug, not a request to stop for a week. */
#define RETRY_AFTER_MAX_S 86400L

#endif
