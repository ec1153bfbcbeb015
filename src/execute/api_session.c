/* Sign-in and blocking calls behind api_session.h. The token request carries the client
 * secret and refresh token in its body, so the body is wiped as soon as the reply is in, and
 * no log line ever formats a request body, a token or a header value. */
#include "execute/api_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/diag.h"
#include "base/errors.h"
#include "base/secret_source.h"
#include "http/transfer.h"
#include "partner_center/token_store.h"

#define SESSION_ATTEMPTS 4

/* Where the refresh token comes from: the environment variable when it is set, otherwise the
 * token store (read at each redemption, under its lock). */
static int choose_refresh_source(struct api_session *s, const struct config *cfg)
{
  const char *name = cfg->auth.refresh_token_env;
  const char *value = name && name[0] ? getenv(name) : NULL;
  if (value && value[0]) {
    s->refresh_env = arena_strdup(&s->arena, name);
    s->creds.refresh_token = strdup(value);
    return s->creds.refresh_token && s->refresh_env ? CSP_E_OK : CSP_E_NOMEM;
  }
  char path[4096], msg[512];
  int rc = cfg->auth.token_store[0]
               ? (snprintf(path, sizeof(path), "%s", cfg->auth.token_store), CSP_E_OK)
               : token_store_default_path(path, sizeof(path), msg, sizeof(msg));
  if (rc) {
    diag_error("%s", msg);
    return rc;
  }
  s->store_path = arena_strdup(&s->arena, path);
  return s->store_path ? CSP_E_OK : CSP_E_NOMEM;
}

static int fill_credentials(struct api_session *s, const struct config *cfg,
                            const struct api_endpoint *ep)
{
  if (ep->client_secret) {
    s->creds.client_secret = strdup(ep->client_secret);
    s->creds.refresh_token = ep->refresh_token ? strdup(ep->refresh_token) : NULL;
    return s->creds.client_secret ? CSP_E_OK : CSP_E_NOMEM;
  }
  char msg[512];
  struct secret_source src = {cfg->auth.client_secret_file, cfg->auth.client_secret_command,
                              cfg->auth.client_secret_timeout_s, cfg->auth.client_secret_env,
                              "the client secret"};
  int rc = secret_source_read(&src, &s->creds.client_secret, msg, sizeof(msg));
  if (rc) {
    diag_error("%s", msg);
    return rc == CSP_E_NOMEM ? rc : CSP_E_CONFIG;
  }
  return cfg->auth.grant == CONFIG_GRANT_REFRESH_TOKEN ? choose_refresh_source(s, cfg) : CSP_E_OK;
}

static int set_authorization(struct api_session *s)
{
  size_t len = strlen(s->token.access_token) + 8;
  char *header = malloc(len);
  if (!header)
    return CSP_E_NOMEM;
  snprintf(header, len, "Bearer %s", s->token.access_token);
  if (s->authorization) {
    explicit_bzero(s->authorization, strlen(s->authorization));
    free(s->authorization);
  }
  s->authorization = header;
  return CSP_E_OK;
}

/* What to do about a refused sign-in, after the refusal itself. */
static const char *refusal_hint(const struct api_session *s)
{
  if (strcmp(s->token.error, "invalid_grant") != 0)
    return "check auth.client_id and the client secret";
  if (s->refresh_env)
    return "the refresh token in the environment is no longer valid: unset it and run "
           "'csponboard auth login'";
  return "the stored sign-in is no longer valid: run 'csponboard auth login'";
}

/* Replaces the refresh token the session redeems with a copy of value. */
static int set_refresh(struct api_session *s, const char *value)
{
  char *copy = strdup(value);
  if (!copy)
    return CSP_E_NOMEM;
  auth_secret_free(s->creds.refresh_token);
  s->creds.refresh_token = copy;
  return CSP_E_OK;
}

/* Records a renewal in the store: its time, and fresh (a new refresh token) unless NULL. A
 * new token that cannot be stored is an error (the stored one may be spent); a time that
 * cannot be is a warning. */
static int save_store(struct api_session *s, struct stored_token *stored, const char *fresh)
{
  char msg[512];
  int rc = fresh ? stored_token_set_refresh(stored, fresh) : CSP_E_OK;
  stored->renewed_at_s = (long long)clock_wall_s();
  if (!rc && (rc = token_store_write(s->store_path, stored, msg, sizeof(msg))) && fresh)
    diag_error("%s: the new refresh token is lost; run 'csponboard auth login'", msg);
  else if (rc)
    diag_warn("%s", msg);
  return fresh ? rc : CSP_E_OK;
}

/* Keeps the refresh token the last answer brought (Microsoft may rotate it on every
 * redemption): in memory, and in the store when there is one. */
static int keep_new_refresh_token(struct api_session *s, struct stored_token *stored)
{
  const char *fresh = s->token.refresh_token;
  if (fresh && s->creds.refresh_token && !strcmp(fresh, s->creds.refresh_token))
    fresh = NULL;
  int rc = fresh ? set_refresh(s, fresh) : CSP_E_OK;
  return !rc && stored ? save_store(s, stored, fresh) : rc;
}

static int redeem(struct api_session *s)
{
  struct arena a;
  arena_init(&a, 0);
  struct http_request req = {0};
  struct http_response res;
  http_response_init(&res);
  int rc = auth_build_token_request(&s->auth, &s->creds, &a, &req);
  bool built = rc == CSP_E_OK;
  /* Only an outage (no answer, or 5xx/429) is tried again; a refusal is final. */
  char msg[512] = "";
  for (int attempt = 0; built && attempt < SESSION_ATTEMPTS; attempt++) {
    if (attempt > 0)
      usleep(200000u << (attempt - 1));
    req.proxy = s->proxy;
    rc = http_transfer(&req, s->timeout_s, false, &res);
    msg[0] = '\0';
    if (!rc)
      rc = auth_parse_token_response(res.status, res.body, res.body_len, clock_wall_s(), &s->token,
                                     msg, sizeof(msg));
    if (res.body)
      explicit_bzero(res.body, res.body_len);
    if (rc == CSP_E_AUTH)
      diag_error("sign-in refused by %s: %s (%s)", s->auth.token_url, msg, refusal_hint(s));
    if (rc != CSP_E_UNREACHABLE)
      break;
  }
  if (rc == CSP_E_UNREACHABLE)
    diag_error("cannot reach the token endpoint %s%s%s", s->auth.token_url, msg[0] ? ": " : "",
               msg[0] ? msg : "");
  auth_request_wipe(&req);
  http_response_release(&res);
  arena_release(&a);
  return rc;
}

/* The stored sign-in must be for this app at this token endpoint. */
static int check_stored(const struct api_session *s, const struct stored_token *t)
{
  bool same = t->client_id && !strcmp(t->client_id, s->auth.client_id) && t->token_url &&
              !strcmp(t->token_url, s->auth.token_url);
  if (!same)
    diag_error("the stored sign-in in %s is for app %s at %s, not app %s at %s: run "
               "'csponboard auth login' (or set auth.token_store to another file)",
               s->store_path, t->client_id ? t->client_id : "?", t->token_url ? t->token_url : "?",
               s->auth.client_id, s->auth.token_url);
  return same ? CSP_E_OK : CSP_E_CONFIG;
}

/* A redemption of the stored refresh token, under the store's lock. */
static int redeem_stored(struct api_session *s)
{
  char msg[512];
  int lock = -1;
  struct stored_token stored;
  stored_token_init(&stored);
  int rc = token_store_lock(s->store_path, &lock, msg, sizeof(msg));
  if (!rc && (rc = token_store_read(s->store_path, &stored, msg, sizeof(msg))) == CSP_E_NOT_FOUND)
    snprintf(msg, sizeof(msg), "not signed in (no token store at %s): run 'csponboard auth login'",
             s->store_path);
  if (rc) {
    diag_error("%s", msg);
    rc = rc == CSP_E_NOMEM ? rc : CSP_E_CONFIG;
  }
  if (!rc)
    rc = check_stored(s, &stored);
  if (!rc)
    rc = set_refresh(s, stored.refresh_token);
  if (!rc)
    rc = redeem(s);
  if (!rc)
    rc = keep_new_refresh_token(s, &stored);
  stored_token_release(&stored);
  token_store_unlock(lock);
  return rc;
}

static int fetch_token(struct api_session *s)
{
  int rc = s->store_path ? redeem_stored(s) : redeem(s);
  if (!rc && !s->store_path)
    rc = keep_new_refresh_token(s, NULL);
  return rc ? rc : set_authorization(s);
}

int api_session_init(struct api_session *s, const struct config *cfg, const struct api_endpoint *ep)
{
  memset(s, 0, sizeof(*s));
  arena_init(&s->arena, 0);
  auth_credentials_init(&s->creds);
  token_init(&s->token);
  s->base_url = arena_strdup(&s->arena, ep->base_url);
  s->timeout_s = cfg->limits.timeout_s;
  s->proxy = cfg->api.proxy;
  s->auth.grant = cfg->auth.grant == CONFIG_GRANT_REFRESH_TOKEN ? AUTH_GRANT_REFRESH_TOKEN
                                                                : AUTH_GRANT_CLIENT_CREDENTIALS;
  s->auth.client_id = arena_strdup(&s->arena, ep->client_id);
  s->auth.resource = cfg->api.resource;
  s->auth.scope = *cfg->api.scope ? cfg->api.scope : NULL;
  s->tenant_id = arena_strdup(&s->arena, cfg->partner.tenant_id);
  int rc = uuid_gen_init(&s->ids);
  if (!rc)
    rc = auth_token_url(&s->arena, ep->token_url, cfg->partner.tenant_id, &s->auth.token_url);
  if (!rc)
    rc = fill_credentials(s, cfg, ep);
  if (!rc)
    rc = fetch_token(s);
  if (rc)
    api_session_release(s); /* a failed open leaves nothing to release */
  return rc;
}

void api_session_release(struct api_session *s)
{
  if (s->authorization) {
    explicit_bzero(s->authorization, strlen(s->authorization));
    free(s->authorization);
  }
  token_release(&s->token);
  auth_credentials_release(&s->creds);
  arena_release(&s->arena);
  memset(s, 0, sizeof(*s));
}

int api_session_refresh(struct api_session *s)
{
  return fetch_token(s);
}

int api_session_keep_fresh(struct api_session *s, bool *refreshed)
{
  *refreshed = token_needs_refresh(&s->token, clock_wall_s());
  return *refreshed ? fetch_token(s) : CSP_E_OK;
}

void api_session_call(struct api_session *s, struct arena *a, char *request_id,
                      char *correlation_id, struct pc_call *call)
{
  uuid_gen_next(&s->ids, request_id);
  if (!correlation_id[0])
    uuid_gen_next(&s->ids, correlation_id);
  call->base_url = s->base_url;
  call->access_token = s->token.access_token;
  call->request_id = request_id;
  call->correlation_id = correlation_id;
  call->arena = a;
}

/* Sleeps ms milliseconds, or less when a signal comes (as usleep did; a Retry-After can be far
 * more than usleep's 32-bit microseconds). */
static void pause_ms(long long ms)
{
  struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
  (void)nanosleep(&ts, NULL);
}

int api_session_send(struct api_session *s, struct http_request *req, struct http_response *res)
{
  bool refreshed = false, answered = false;
  for (int attempt = 0; attempt < SESSION_ATTEMPTS; attempt++) {
    if (answered) {
      /* A resend after an answer is a new request: MS-RequestId is reused only after none. */
      uuid_gen_next(&s->ids, s->resend_id);
      http_request_set_header(req, "MS-RequestId", s->resend_id);
    }
    http_request_set_header(req, "Authorization", s->authorization);
    req->proxy = s->proxy;
    int rc = http_transfer(req, s->timeout_s, false, res);
    answered = rc == CSP_E_OK;
    if (!rc && res->status == 401 && !refreshed) {
      refreshed = true;
      if ((rc = fetch_token(s)))
        return rc;
      attempt--;
      continue;
    }
    if (!rc && res->status == 401)
      return CSP_E_AUTH;
    if (!rc && res->status != 429 && res->status < 500)
      return CSP_E_OK;
    if (attempt + 1 == SESSION_ATTEMPTS)
      break; /* waiting would change nothing */
    long wait_s = !rc && res->retry_after_s > 0 ? res->retry_after_s : 0;
    pause_ms(wait_s ? wait_s * 1000LL : 250LL << attempt);
  }
  diag_error("no usable answer from %s after %d attempts", req->url, SESSION_ATTEMPTS);
  return CSP_E_UNREACHABLE;
}
