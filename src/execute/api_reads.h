/* The few blocking reads made outside the executor's call pool, once per command: the
 * partner's customer list, paged into a customer_index (run, validate --online and invites
 * status all need it), and the single-value GETs a run shares (the relationship link, the MCA
 * template). Each call goes through the signed-in api_session, so token refresh and retries
 * are the session's. */
#ifndef CSP_API_READS_H
#define CSP_API_READS_H

#include "execute/api_session.h"
#include "partner_center/customer_index.h"

/* Pages GET /v1/customers (following links.next) into a new index, which the caller owns
 * (customer_index_close) in *out; *out is NULL on failure. Returns 0, CSP_E_FORBIDDEN (403:
 * the message says the admin agent role is missing), CSP_E_UNREACHABLE (another status, or no
 * answer), CSP_E_AUTH, CSP_E_PROTOCOL (a page that is not a customer list) or CSP_E_NOMEM. */
int api_read_customers(struct api_session *s, struct customer_index **out);

/* Builds a request for api_get; ctx is api_get's. */
typedef int api_request_fn(const struct pc_call *call, void *ctx, struct http_request *req);

/* Builds a request with build (its strings in a), sends it through the session and, when the
 * answer is 200, leaves it in res (initialised by the caller, which releases it). Another
 * status is logged naming what: 404 → CSP_E_NOT_FOUND, 403 (the admin agent role) →
 * CSP_E_FORBIDDEN, others → CSP_E_UNREACHABLE; the session's own errors pass through. */
int api_get(struct api_session *s, struct arena *a, const char *what, api_request_fn *build,
            void *ctx, struct http_response *res);

/* Request builder and answer parser of a GET whose one value the whole run shares. */
typedef int api_build_fn(const struct pc_call *call, struct http_request *req);
typedef int api_parse_fn(const char *body, size_t len, struct arena *a, const char **value);

/* GETs the route build makes and stores parse's value, which lives in the session's arena,
 * in *out. what names the read in messages ("fetching the invitation link"). Returns 0 or an
 * error as api_read_customers does. */
int api_read_shared(struct api_session *s, const char *what, api_build_fn *build,
                    api_parse_fn *parse, const char **out);

#endif
