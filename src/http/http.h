/* HTTP requests and responses as plain data, so that the Partner Center mapping
 * (src/partner_center/) and the retry policy can be written and tested without libcurl.
 * Only src/http/pool.c (and the one-shot transfer in src/http/transfer.c) turn them into
 * curl transfers. */
#ifndef CSP_HTTP_H
#define CSP_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_HEADERS 12

struct http_header {
  const char *name;
  const char *value;
};

/* A request to send. Strings are borrowed from whoever built it (the row's arena or the
 * client's state) until the response has been handled. */
struct http_request {
  const char *method; /* "GET", "POST", "HEAD" */
  const char *url;    /* absolute */
  struct http_header headers[HTTP_MAX_HEADERS];
  size_t nheaders;
  const char *body; /* NULL: none */
  size_t body_len;
  const char *proxy; /* api.proxy; NULL or "": libcurl's environment variables */
};

/* Why a transfer produced no HTTP response. */
enum http_transport {
  HTTP_TRANSPORT_OK,            /* a response arrived (any status) */
  HTTP_TRANSPORT_CONNECT,       /* could not connect: nothing was sent */
  HTTP_TRANSPORT_SENT_NO_REPLY, /* sent, then reset/timeout: outcome unknown */
  HTTP_TRANSPORT_TIMEOUT,       /* timed out (possibly after sending) */
  HTTP_TRANSPORT_OTHER,
};

/* What came back. body is NUL-terminated; everything is owned by the response and freed by
 * http_response_release. */
struct http_response {
  enum http_transport transport;
  int status; /* 0 when transport != OK */
  char *body;
  size_t body_len;
  long retry_after_s;   /* Retry-After in seconds (from seconds or HTTP date), -1 if none */
  char *request_id;     /* MS-RequestId echoed, or NULL */
  char *correlation_id; /* MS-CorrelationId echoed, or NULL */
  char *ms_cv;          /* MS-CV, or NULL */
  char *error_text;     /* transport error text, or NULL */
};

/* Appends a header (copied pointers, not strings). Returns false when the request is full. */
bool http_request_add_header(struct http_request *req, const char *name, const char *value);
/* Replaces the value of the header called name (case-insensitively), or adds it. Returns
 * false when it had to be added and the request is full. */
bool http_request_set_header(struct http_request *req, const char *name, const char *value);
void http_response_init(struct http_response *res);
void http_response_release(struct http_response *res);

#endif
