/* A small libcurl client for the sandbox protocol tests: start an in-process sandbox on a free
 * port, get a token, send one request and read status, headers and body. Header-only; every
 * function is static. */
#ifndef CSP_TEST_SANDBOX_CLIENT_H
#define CSP_TEST_SANDBOX_CLIENT_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sandbox/sandbox.h"

#define SC_BODY_MAX (4 * 1024 * 1024)

struct sc_buf {
  char *data;
  size_t len;
};

struct sc_reply {
  long status;   /* 0 when no response (see curl) */
  CURLcode curl; /* CURLE_OK, or e.g. CURLE_GOT_NOTHING for a reset */
  struct sc_buf body;
  struct sc_buf headers;
};

struct sc_client {
  struct sandbox *sb;
  char base[64];
  char token[4096];
  long timeout_ms; /* 0: 10 s */
  bool fresh;      /* a new connection per request */
};

static inline size_t sc_collect(char *ptr, size_t size, size_t n, void *userdata)
{
  struct sc_buf *b = userdata;
  size_t len = size * n;
  if (b->len + len > SC_BODY_MAX)
    return 0;
  char *grown = realloc(b->data, b->len + len + 1);
  if (!grown)
    return 0;
  memcpy(grown + b->len, ptr, len);
  b->data = grown;
  b->len += len;
  b->data[b->len] = '\0';
  return len;
}

static inline void sc_reply_free(struct sc_reply *r)
{
  free(r->body.data);
  free(r->headers.data);
  memset(r, 0, sizeof(*r));
}

/* The body, or "" when there is none. */
static inline const char *sc_body(const struct sc_reply *r)
{
  return r->body.data ? r->body.data : "";
}

/* The value of response header name into out (case-insensitive); "" when absent. */
static inline const char *sc_header(const struct sc_reply *r, const char *name, char *out,
                                    size_t size)
{
  out[0] = '\0';
  size_t n = strlen(name);
  for (const char *p = r->headers.data; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "") {
    if (!strncasecmp(p, name, n) && p[n] == ':') {
      const char *v = p + n + 1;
      while (*v == ' ')
        v++;
      size_t len = strcspn(v, "\r\n");
      snprintf(out, size, "%.*s", (int)len, v);
      break;
    }
  }
  return out;
}

/* Prepares an easy handle for one request; headers (NULL-terminated, may be NULL) are added
 * to Authorization (when the client has a token). The caller frees *list. */
static inline CURL *sc_easy(struct sc_client *c, const char *method, const char *path,
                            const char *body, const char *const *headers, struct sc_reply *out,
                            struct curl_slist **list)
{
  char url[8192], auth[4200];
  CURL *h = curl_easy_init();
  snprintf(url, sizeof(url), "%s%s", c->base, path);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms ? c->timeout_ms : 10000L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sc_collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &out->body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, sc_collect);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &out->headers);
  if (c->fresh) {
    curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  }
  if (!strcmp(method, "HEAD"))
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  else
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
  if (body) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
  }
  *list = NULL;
  if (c->token[0]) {
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", c->token);
    *list = curl_slist_append(*list, auth);
  }
  *list = curl_slist_append(*list, "Content-Type: application/json");
  for (int i = 0; headers && headers[i]; i++)
    *list = curl_slist_append(*list, headers[i]);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, *list);
  return h;
}

/* Sends one request and waits for the reply (fields of out are the caller's to free). */
static inline void sc_request(struct sc_client *c, const char *method, const char *path,
                              const char *body, const char *const *headers, struct sc_reply *out)
{
  struct curl_slist *list;
  memset(out, 0, sizeof(*out));
  CURL *h = sc_easy(c, method, path, body, headers, out, &list);
  out->curl = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
  curl_easy_cleanup(h);
  curl_slist_free_all(list);
}

/* Posts a form to the token endpoint; returns the HTTP status and fills out. */
static inline long sc_token_request(struct sc_client *c, const char *form, struct sc_reply *out)
{
  char saved[sizeof(c->token)];
  memcpy(saved, c->token, sizeof(saved));
  c->token[0] = '\0';
  const char *const headers[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
  sc_request(c, "POST", "/11111111-2222-3333-4444-555555555555/oauth2/token", form, headers, out);
  memcpy(c->token, saved, sizeof(saved));
  return out->status;
}

/* Gets an access token into c->token: app+user (refresh_token) or app-only. */
static inline bool sc_login(struct sc_client *c, bool app_only)
{
  struct sc_reply r;
  const char *form = app_only ? "grant_type=client_credentials&client_id=sandbox-app&"
                                "client_secret=sandbox-secret"
                              : "grant_type=refresh_token&client_id=sandbox-app&"
                                "client_secret=sandbox-secret&refresh_token=sandbox-refresh-token"
                                "&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com";
  bool ok = sc_token_request(c, form, &r) == 200;
  const char *tok = ok ? strstr(sc_body(&r), "\"access_token\":\"") : NULL;
  if (tok) {
    tok += strlen("\"access_token\":\"");
    snprintf(c->token, sizeof(c->token), "%.*s", (int)strcspn(tok, "\""), tok);
  }
  sc_reply_free(&r);
  return tok != NULL;
}

/* Sends one request and checks its status and (when needle is not NULL) that the body holds
 * needle; a macro so that a failure names the caller's line. Needs check.h. */
#define SC_EXPECT(client_, method_, path_, body_, status_, needle_) \
  do { \
    struct sc_reply sc_r_; \
    const char *sc_needle_ = (needle_); \
    sc_request((client_), (method_), (path_), (body_), NULL, &sc_r_); \
    CHECK_INT_EQ((status_), sc_r_.status); \
    if (sc_needle_) \
      CHECK_CONTAINS(sc_body(&sc_r_), sc_needle_); \
    sc_reply_free(&sc_r_); \
  } while (0)

/* Starts a quiet sandbox with opts (NULL: defaults) and logs in app+user. */
static inline bool sc_start(struct sc_client *c, struct sandbox_options *opts)
{
  struct sandbox_options defaults;
  memset(c, 0, sizeof(*c));
  if (!opts) {
    sandbox_options_init(&defaults);
    opts = &defaults;
  }
  opts->quiet = true;
  if (sandbox_open(opts, &c->sb) != 0)
    return false;
  snprintf(c->base, sizeof(c->base), "http://127.0.0.1:%u", sandbox_port(c->sb));
  return sc_login(c, false);
}

static inline void sc_stop(struct sc_client *c)
{
  sandbox_close(c->sb);
  c->sb = NULL;
}

/* A valid US create body for domain prefix, with extra JSON members spliced in the top level
 * (e.g. "\"AssociatedPartnerId\":\"x\","; "" for none). */
static inline void sc_us_customer(char *out, size_t size, const char *prefix, const char *extra)
{
  snprintf(out, size,
           "{%s\"enableGDAPByDefault\":true,\"CompanyProfile\":{\"Domain\":\"%s.onmicrosoft.com\"},"
           "\"BillingProfile\":{\"Email\":\"jane@%s.example\",\"Culture\":\"en-US\","
           "\"Language\":\"en\",\"CompanyName\":\"%s Inc\",\"DefaultAddress\":{"
           "\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"AddressLine1\":\"1 Microsoft Way\","
           "\"City\":\"Redmond\",\"State\":\"WA\",\"PostalCode\":\"98052\",\"Country\":\"US\","
           "\"PhoneNumber\":\"425-555-0100\"}}}",
           extra, prefix, prefix, prefix);
}

#endif
