/* One HTTP request as a libcurl easy transfer: the single configuration path that both the
 * blocking http_transfer (token fetch, rule sync, online checks) and the curl-multi executor
 * use, so TLS, timeouts, keep-alive, body caps and response-header capture are set in one
 * place. This header (with src/http/pool.c) is where libcurl is visible. */
#ifndef CSP_TRANSFER_H
#define CSP_TRANSFER_H

#include <curl/curl.h>
#include <stdbool.h>

#include "http/http.h"

/* curl_global_init for the whole process: call once from main before any thread starts
 * (libcurl's own rule). Returns 0 or CSP_E_NOMEM. */
int http_global_init(void);
void http_global_release(void);

/* Creates an easy handle for req: URL, method (GET, HEAD without a body, POST with req's body,
 * any other as a custom request), req's headers (plus "Expect:" so a POST is not delayed by
 * 100-continue), the whole-transfer timeout_s, keep-alive, TCP_NODELAY, NOSIGNAL, http(s)
 * only, no redirects, and TLS verification — turned off only when verify_tls is false AND the
 * URL's host is loopback (http_url_is_loopback), so a remote host is always verified.
 *
 * The response is written into res as it arrives: body (capped at CSP_MAX_RESPONSE_BYTES),
 * MS-RequestId, MS-CorrelationId, MS-CV and whether a Retry-After came. res must have been
 * initialised (http_response_init); it is released and reset first.
 *
 * Borrowed until the transfer is finished: req's URL and body (curl reads them in place) and
 * res. The caller owns the returned handle (curl_easy_cleanup) and *headers_out
 * (curl_slist_free_all, after the handle is cleaned up or the transfer finished). Returns NULL
 * when out of memory, with res->transport = HTTP_TRANSPORT_OTHER and *headers_out NULL. */
CURL *http_easy_prepare(const struct http_request *req, long timeout_s, bool verify_tls,
                        struct http_response *res, struct curl_slist **headers_out);

/* Completes res after the transfer on easy ended with result (from curl_easy_perform or the
 * multi handle's CURLMSG_DONE): transport class, status, retry_after_s (seconds, or from an
 * HTTP date; -1 when no Retry-After came), a NUL-terminated body ("" when none) and, on a
 * transport failure, error_text. Classification: could not resolve/connect/handshake, or timed
 * out before sending anything: HTTP_TRANSPORT_CONNECT (nothing was sent, safe to resend);
 * a timeout after sending: HTTP_TRANSPORT_TIMEOUT; reset, empty reply or truncated response
 * after sending: HTTP_TRANSPORT_SENT_NO_REPLY (outcome unknown); anything else (TLS
 * verification failure, a body over the cap): HTTP_TRANSPORT_OTHER. easy is borrowed. */
void http_easy_finish(CURL *easy, CURLcode result, struct http_response *res);

/* Sends req and waits for the reply (http_easy_prepare, curl_easy_perform, http_easy_finish).
 * res must have been initialised; the caller releases it. Returns 0 when a response arrived
 * (any status: look at res->status), CSP_E_UNREACHABLE when none did (res->transport says
 * why) or CSP_E_NOMEM. */
int http_transfer(const struct http_request *req, long timeout_s, bool verify_tls,
                  struct http_response *res);

#endif
