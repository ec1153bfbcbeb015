/* The OAuth 2.0 device authorization grant (RFC 8628) against Microsoft's identity platform,
 * as `csponboard auth login` uses it: ask the authority for a device code (v1
 * .../oauth2/devicecode with a resource, v2 .../oauth2/v2.0/devicecode with a scope plus
 * offline_access), show the user the verification URL and code, then poll the token endpoint
 * until the user has signed in (with MFA) in a browser, declined, or let the code expire.
 *
 * Requests are built and replies classified here without any network; device_login_wait
 * drives the polling through callbacks for sending, sleeping and the clock, so the schedule
 * (interval, slow_down adding CSP_DEVICE_SLOW_DOWN_S) is tested without waiting. */
#ifndef CSP_PC_DEVICE_LOGIN_H
#define CSP_PC_DEVICE_LOGIN_H

#include <time.h>

#include "base/arena.h"
#include "http/http.h"
#include "partner_center/auth.h"

/* A device code reply. device_code is malloc'd (wiped at release). */
struct device_code {
  char *device_code;
  char user_code[64];
  char verification_uri[512];
  char message[1024]; /* the authority's own instructions, or "" */
  long long expires_in_s;
  long long interval_s;
};

void device_code_init(struct device_code *dc);
void device_code_release(struct device_code *dc);

/* The device code endpoint of a token endpoint URL: ".../oauth2/token" gives
 * ".../oauth2/devicecode", ".../oauth2/v2.0/token" ".../oauth2/v2.0/devicecode". *out lives in
 * a. Returns 0 or CSP_E_CONFIG when token_url does not end in "/token". */
int device_code_url(struct arena *a, const char *token_url, const char **out);

/* POST to the device code endpoint of cfg->token_url: client_id, and resource (v1) or scope
 * with offline_access (v2, when cfg->scope is set). Returns 0, CSP_E_CONFIG or CSP_E_LIMIT. */
int device_build_code_request(const struct auth_config *cfg, struct arena *a,
                              struct http_request *req);

/* Reads a device code reply (v1 verification_url and string numbers, or v2 verification_uri
 * and numbers; interval defaults to CSP_DEVICE_INTERVAL_S, expires_in to
 * CSP_DEVICE_EXPIRES_S). Returns 0; CSP_E_AUTH for a refusal (4xx: msg has the OAuth error);
 * CSP_E_UNREACHABLE for 429/5xx; CSP_E_PROTOCOL for a 2xx without device_code, user_code or
 * a verification URL. */
int device_parse_code(int status, const char *body, size_t len, struct device_code *dc, char *msg,
                      size_t cap);

/* The poll: POST cfg->token_url with grant_type urn:ietf:params:oauth:grant-type:device_code
 * and device_code (v2), or grant_type device_code and code plus resource (v1); client_id, and
 * client_secret when creds has one. The body holds secrets (auth_request_wipe). */
int device_build_poll_request(const struct auth_config *cfg, const struct auth_credentials *creds,
                              const struct device_code *dc, struct arena *a,
                              struct http_request *req);

enum device_poll {
  DEVICE_POLL_DONE,      /* signed in: tok holds the tokens */
  DEVICE_POLL_PENDING,   /* authorization_pending: ask again after the interval */
  DEVICE_POLL_SLOW_DOWN, /* slow_down: add CSP_DEVICE_SLOW_DOWN_S to the interval */
  DEVICE_POLL_DENIED,    /* access_denied / authorization_declined */
  DEVICE_POLL_EXPIRED,   /* expired_token / code_expired */
  DEVICE_POLL_RETRY,     /* no answer, 429 or 5xx: ask again */
  DEVICE_POLL_FAILED,    /* any other refusal or an unreadable answer */
};

/* Classifies a poll's answer (status 0: none came) received at now_s. DONE stores the tokens
 * in tok (auth_parse_token_response); FAILED and RETRY leave a message in msg. */
enum device_poll device_classify_poll(int status, const char *body, size_t len, time_t now_s,
                                      struct token *tok, char *msg, size_t cap);

/* How device_login_wait talks to the world. send fills res (initialised by the caller) and
 * returns 0 when an answer came; sleep_s waits; now_s reads the clock. */
struct device_login_io {
  int (*send)(void *ctx, const struct http_request *req, struct http_response *res);
  void (*sleep_s)(void *ctx, long long seconds);
  time_t (*now_s)(void *ctx);
  /* Told each time the interval grows (slow_down); may be NULL. */
  void (*slowed)(void *ctx, long long interval_s);
  void *ctx;
};

/* Polls until the user signs in, declines or the code expires (the code's own expires_in, or
 * the server saying so): waits dc->interval_s before each poll, adding CSP_DEVICE_SLOW_DOWN_S
 * on every slow_down. Returns 0 with tok filled; CSP_E_AUTH (declined, expired, refused: msg
 * says which); CSP_E_UNREACHABLE after CSP_DEFAULT_MAX_ATTEMPTS answers in a row that were
 * not answers; CSP_E_INTERRUPTED when interrupted() (may be NULL) turns true. */
int device_login_wait(const struct auth_config *cfg, const struct auth_credentials *creds,
                      struct device_code *dc, const struct device_login_io *io,
                      int (*interrupted)(void), struct token *tok, char *msg, size_t cap);

#endif
