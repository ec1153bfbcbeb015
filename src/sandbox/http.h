/* The sandbox's view of one HTTP exchange, independent of libmicrohttpd: the request a route
 * handler reads (method, decoded path, path parameters, body, header and query lookups) and
 * the response it fills (status, JSON body, extra headers, or "reset"/"hang" for faults).
 * reply.c builds the JSON and Partner Center error bodies. */
#ifndef CSP_SANDBOX_HTTP_H
#define CSP_SANDBOX_HTTP_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SB_MAX_PARAMS 2

enum sb_lookup_kind { SB_HEADER, SB_QUERY };

struct sb_request {
  const char *method;
  const char *path; /* decoded, without the query string */
  const char *body; /* NUL-terminated; "" when none */
  size_t body_len;
  const char *params[SB_MAX_PARAMS]; /* the {…} segments of the route, in order */
  /* Header (case-insensitive) or decoded query argument, or NULL. */
  const char *(*lookup)(void *conn, enum sb_lookup_kind kind, const char *name);
  void *conn;
  bool app_only; /* set by the bearer check: the token came from client_credentials */
};

enum sb_action {
  SB_SEND,     /* send status + body */
  SB_RESET,    /* close the connection without any response */
  SB_HANG,     /* withhold the response (timeout_after_commit), then close */
  SB_WITHHOLD, /* the request budget is spent: withheld unanswered, like SB_HANG */
};

struct sb_response {
  int status; /* 0 until a reply is set */
  char *body; /* malloc'd, owned; NULL for an empty body */
  size_t body_len;
  unsigned retry_after_s; /* > 0: send Retry-After */
  char allow[40];         /* non-empty: send Allow (405) */
  enum sb_action action;
};

const char *sb_header(const struct sb_request *req, const char *name);
const char *sb_query(const struct sb_request *req, const char *name);

/* Parses the body as JSON; NULL when it is not (the caller replies 400). Caller owns. */
cJSON *sb_parse_body(const struct sb_request *req);
/* The string member key of obj (case-insensitive, as Partner Center reads PascalCase or
 * camelCase), or NULL when absent or not a string. */
const char *sb_json_str(const cJSON *obj, const char *key);

/* Replies status with json printed as the body; takes ownership of json (even on failure).
 * Returns 0 or CSP_E_NOMEM. */
int sb_reply_json(struct sb_response *resp, int status, cJSON *json);
/* Replies status with a copy of text as the body (NULL: empty body). */
int sb_reply_raw(struct sb_response *resp, int status, const char *text);
/* Replies a Partner Center error body {"code":code,"description":…,"data":[],
 * "source":"PartnerFD"} with a numeric code. */
int sb_reply_error(struct sb_response *resp, int status, long code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with a textual code (the sandbox's own codes where Microsoft documents none). */
int sb_reply_error_named(struct sb_response *resp, int status, const char *code, const char *fmt,
                         ...) __attribute__((format(printf, 4, 5)));
/* Frees the body and forgets the reply. */
void sb_response_release(struct sb_response *resp);

#endif
