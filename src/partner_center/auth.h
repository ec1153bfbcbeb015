/* OAuth 2.0 against the Microsoft identity platform for Partner Center: the secrets (from
 * environment variables the config names), the token request (a URL-encoded form POST), the
 * token reply, and when to refresh. No network here: the caller sends the request with
 * http_transfer and hands the reply back.
 *
 * Secrets — the client secret, the refresh token and the access token — never appear in a
 * message this module writes, and are wiped from memory when released. */
#ifndef CSP_PC_AUTH_H
#define CSP_PC_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/arena.h"
#include "http/http.h"

enum auth_grant {
  AUTH_GRANT_REFRESH_TOKEN,     /* App+User: grant_type=refresh_token (auth.grant: refresh_token) */
  AUTH_GRANT_CLIENT_CREDENTIALS /* App-only: grant_type=client_credentials */
};

/* The secrets, each a malloc'd copy owned by the struct. */
struct auth_credentials {
  char *client_secret;
  char *refresh_token; /* NULL when not read (client credentials grant) */
};

/* What the config says about the token endpoint. Pointers are borrowed for each call. */
struct auth_config {
  enum auth_grant grant;
  const char *token_url; /* already templated (auth_token_url) */
  const char *client_id;
  const char *resource; /* v1 audience, sent when scope is NULL or "" */
  const char *scope;    /* v2 scope ("https://api.partnercenter.microsoft.com/.default"), or NULL */
};

/* An access token and its lifetime, and what else the last reply said. The token owns its
 * strings (malloc'd). */
struct token {
  char *access_token;  /* NULL until the first successful reply; a secret */
  char *refresh_token; /* the refresh token the last 2xx reply carried, or NULL; a secret */
  time_t obtained_at_s;
  time_t expires_at_s;
  char error[48]; /* the OAuth error of the last refusal ("invalid_grant"), or "" */
};

void auth_credentials_init(struct auth_credentials *creds);
/* Wipes and frees both secrets; the struct can be filled again. */
void auth_credentials_release(struct auth_credentials *creds);

/* Reads the client secret from the environment variable named client_secret_env and, when
 * refresh_token_env is not NULL, the refresh token from the one it names (the config gives the
 * NAMES: auth.client_secret_env, auth.refresh_token_env). A missing or empty variable is
 * CSP_E_CONFIG with a message naming it (written to msg, msg_cap bytes, never holding a
 * secret); CSP_E_NOMEM when out of memory. On failure creds holds nothing. */
int auth_credentials_from_env(const char *client_secret_env, const char *refresh_token_env,
                              struct auth_credentials *creds, char *msg, size_t msg_cap);

/* Replaces every "{tenant}" in url_template with tenant_id (URL-escaped), e.g.
 * "https://login.microsoftonline.com/{tenant}/oauth2/token". *out lives in a. Returns 0 or
 * CSP_E_LIMIT. */
int auth_token_url(struct arena *a, const char *url_template, const char *tenant_id,
                   const char **out);

/* Appends "&key=value" to *form (no '&' when *form is NULL), value URL-encoded; the text lives
 * in a. Returns 0 or CSP_E_LIMIT. */
int auth_form_add(struct arena *a, const char **form, const char *key, const char *value);

/* A form POST to url (copied into a) with form as its body (borrowed) and the headers
 * Content-Type application/x-www-form-urlencoded and Accept application/json. Returns 0 or
 * CSP_E_LIMIT. */
int auth_form_request(struct arena *a, const char *url, const char *form, struct http_request *req);

/* Wipes a malloc'd secret (explicit_bzero) and frees it; NULL does nothing. */
void auth_secret_free(char *secret);

/* POST cfg->token_url with the form body of cfg->grant: grant_type, refresh_token (refresh
 * grant), client_id, client_secret (when there is one: a public client has none) and
 * resource (or scope when set), every value URL-encoded.
 * Headers: Content-Type application/x-www-form-urlencoded, Accept application/json. The body
 * holds secrets: it lives in a, and auth_request_wipe erases it once the request is done.
 * Returns 0, CSP_E_CONFIG when the refresh grant has no refresh token, or CSP_E_LIMIT. */
int auth_build_token_request(const struct auth_config *cfg, const struct auth_credentials *creds,
                             struct arena *a, struct http_request *req);

/* Overwrites the body of a token request with zeros. */
void auth_request_wipe(struct http_request *req);

void token_init(struct token *tok);
/* Wipes and frees the access and refresh tokens. */
void token_release(struct token *tok);

/* Takes the token endpoint's reply (status, body of len bytes, borrowed) received at now_s.
 * 2xx: stores access_token (any size), refresh_token (NULL when the reply has none) and
 * expires_in (a number or a numeric string; without it expires_on, an absolute time; without
 * either one hour) in tok, replacing the old tokens, and returns 0. A 2xx without a usable
 * access_token is CSP_E_PROTOCOL. A 4xx (other than 429) is CSP_E_AUTH — invalid_client,
 * invalid_grant and the like — with msg holding the status, the OAuth error and its
 * error_description, and tok->error the OAuth error. A 429, a 5xx or no status is
 * CSP_E_UNREACHABLE (worth retrying). On failure tok keeps its tokens (only error is set). msg gets
 * msg_cap bytes at most. The body itself still holds the token afterwards: the caller wipes it
 * (explicit_bzero). */
int auth_parse_token_response(int status, const char *body, size_t len, time_t now_s,
                              struct token *tok, char *msg, size_t msg_cap);

/* True when tok holds no token or now_s is within CSP_TOKEN_REFRESH_MARGIN_S of its expiry
 * (within half its lifetime for a token shorter-lived than twice the margin, so a short-lived
 * token is not refreshed on every call). */
bool token_needs_refresh(const struct token *tok, time_t now_s);

#endif
