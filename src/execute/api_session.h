/* A signed-in connection to Partner Center (or the sandbox): where the API is, the OAuth
 * token and how to renew it, and blocking calls for the few requests made outside the
 * concurrent executor (the customer list, the invitation link, the agreement template). */
#ifndef CSP_API_SESSION_H
#define CSP_API_SESSION_H

#include <stdbool.h>

#include "base/arena.h"
#include "cli/config.h"
#include "http/http.h"
#include "partner_center/auth.h"
#include "partner_center/requests.h"
#include "base/uuid.h"

struct api_session {
  const char *base_url;    /* API base, no trailing slash needed */
  struct auth_config auth; /* grant, token URL, client id, resource/scope */
  struct auth_credentials creds;
  struct token token;
  char *authorization; /* "Bearer …": a secret */
  long timeout_s;
  const char *proxy;
  struct uuid_gen ids;
  char resend_id[UUID_STR_SIZE]; /* MS-RequestId of a resend after an answer */
  const char *store_path;        /* the token store the refresh token comes from and goes back
                                    to, or NULL (a refresh token given or from the environment) */
  const char *tenant_id;
  const char *refresh_env; /* the variable the refresh token came from, or NULL */
  struct arena arena;      /* URLs and other strings of the session */
};

/* Where to connect and with which credentials, after config and command line. */
struct api_endpoint {
  const char *base_url;
  const char *token_url; /* may hold {tenant} */
  const char *client_id;
  const char *client_secret; /* set directly (sandbox defaults), or NULL: from env */
  const char *refresh_token; /* likewise */
};

/* Reads the secrets unless ep gives them — the client secret from its source in cfg (file,
 * command or environment variable), the refresh token from the environment variable cfg names
 * when it is set, otherwise from the token store (auth.token_store or the default path) — and
 * signs in. With the token store, every redemption holds the store's lock from reading the
 * refresh token to storing the one the answer brings (docs/AUTH.md). Returns 0, CSP_E_CONFIG
 * (a secret is missing or unusable, not signed in, or the stored sign-in is for another app or
 * endpoint: the message says what to do), CSP_E_AUTH (refused: an invalid_grant names
 * 'csponboard auth login'), CSP_E_UNREACHABLE. On failure s holds
 * nothing (releasing it again is harmless). */
int api_session_init(struct api_session *s, const struct config *cfg,
                     const struct api_endpoint *ep);
void api_session_release(struct api_session *s);

/* Gets a new token now (the pool's refresh hook). Returns 0 or CSP_E_AUTH/UNREACHABLE. */
int api_session_refresh(struct api_session *s);
/* Refreshes when the token is near expiry; *refreshed says whether it did (and so whether
 * s->authorization changed). Returns 0 or the refresh's error. */
int api_session_keep_fresh(struct api_session *s, bool *refreshed);

/* Fills the per-request context for the request builders (ids made here). */
void api_session_call(struct api_session *s, struct arena *a, char *request_id,
                      char *correlation_id, struct pc_call *call);

/* Sends req (blocking), retrying 429/5xx/connection errors a few times and refreshing the
 * token once on 401. A resend after no answer keeps req's MS-RequestId; a resend after an
 * answer gets a new one, held by the session: req's MS-RequestId header then points into s
 * until the next api_session_send. res is the caller's to release. Returns 0 when a final
 * answer came (look at res->status: a 403 is the caller's to judge), CSP_E_AUTH (401 again
 * after a refresh, or the refresh refused) or CSP_E_UNREACHABLE. */
int api_session_send(struct api_session *s, struct http_request *req, struct http_response *res);

#endif
