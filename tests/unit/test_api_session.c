/* Tests for src/execute/api_session.c: signing in with both grants against the in-process sandbox,
 * a refused sign-in (the message names the refusal and never the secret), and the blocking
 * api_session_send: one token refresh on a 401, a second 401 fatal, MS-RequestId renewed
 * after an answer, no pointless wait after the last attempt. The scripted server
 * (script_server.h) plays the token endpoint and the API where exact answers are needed. */
#include "execute/api_session.h"

#include <stdio.h>

#include "check.h"
#include "base/clock.h"
#include "cli/config.h"
#include "base/diag.h"
#include "base/errors.h"
#include "http/transfer.h"
#include "sandbox_client.h"
#include "script_server.h"

#define PARTNER_TENANT "11111111-2222-3333-4444-555555555555"

/* Captures diag output in memory for one test. */
struct captured_log {
  char *text;
  size_t len;
  FILE *stream;
};

static void capture_start(struct captured_log *log)
{
  memset(log, 0, sizeof(*log));
  log->stream = open_memstream(&log->text, &log->len);
  CHECK(log->stream != NULL);
  diag_setup(DIAG_TEXT, DIAG_INFO, log->stream);
}

/* Ends the capture; log->text is the caller's to free. */
static void capture_stop(struct captured_log *log)
{
  diag_setup(DIAG_TEXT, DIAG_INFO, NULL);
  fclose(log->stream);
}

static void global_init_once(void)
{
  static bool done;
  if (!done) {
    CHECK_INT_EQ(0, http_global_init());
    done = true;
  }
}

/* Opens a session on base (API and token endpoint under the same server) with secret. */
static int open_session(struct api_session *s, struct config *cfg, const char *base,
                        enum config_grant grant, const char *secret, const char *refresh_token)
{
  global_init_once();
  char token_url[128];
  snprintf(token_url, sizeof(token_url), "%s/{tenant}/oauth2/token", base);
  config_init(cfg);
  cfg->partner.tenant_id = PARTNER_TENANT;
  cfg->auth.grant = grant;
  cfg->limits.timeout_s = 5;
  struct api_endpoint ep = {base, token_url, "sandbox-app", secret, refresh_token};
  return api_session_init(s, cfg, &ep);
}

/* GET {base}/v1/customers/relationshiprequests through the session. */
static int send_link_request(struct api_session *s, struct http_response *res)
{
  struct arena a;
  arena_init(&a, 0);
  char request_id[UUID_STR_SIZE], correlation_id[UUID_STR_SIZE] = "";
  struct pc_call pc;
  struct http_request req = {0};
  api_session_call(s, &a, request_id, correlation_id, &pc);
  int rc = pc_request_relationship_link(&pc, &req);
  http_response_init(res);
  if (!rc)
    rc = api_session_send(s, &req, res);
  arena_release(&a);
  return rc;
}

/* The sandbox's state dump. */
static void sandbox_state(struct sc_client *c, struct sc_reply *r)
{
  sc_request(c, "GET", "/sandbox/state", NULL, NULL, r);
  CHECK_INT_EQ(200, r->status);
}

/* --- sign-in against the sandbox --- */

TEST(signing_in_with_the_refresh_token_grant_gives_an_app_user_session)
{
  struct sc_client c;
  CHECK(sc_start(&c, NULL));
  struct api_session s;
  struct config cfg;
  CHECK_INT_EQ(CSP_E_OK, open_session(&s, &cfg, c.base, CONFIG_GRANT_REFRESH_TOKEN,
                                      "sandbox-secret", "sandbox-refresh-token"));
  CHECK(s.authorization && !strncmp(s.authorization, "Bearer ", 7));
  CHECK(s.authorization && strlen(s.authorization) > 100);
  struct http_response res;
  CHECK_INT_EQ(CSP_E_OK, send_link_request(&s, &res));
  CHECK_INT_EQ(200, res.status); /* an app+user route */
  CHECK_CONTAINS(res.body, "invType=ResellerRelationship");
  http_response_release(&res);
  struct sc_reply r;
  sandbox_state(&c, &r);
  /* The test client's own sign-in, and the session's. */
  CHECK_CONTAINS(sc_body(&r), "\"POST /oauth2/token\":{\"200\":2}");
  sc_reply_free(&r);
  api_session_release(&s);
  config_release(&cfg);
  sc_stop(&c);
}

TEST(signing_in_with_client_credentials_gives_an_app_only_session)
{
  struct sc_client c;
  CHECK(sc_start(&c, NULL));
  struct api_session s;
  struct config cfg;
  CHECK_INT_EQ(CSP_E_OK, open_session(&s, &cfg, c.base, CONFIG_GRANT_CLIENT_CREDENTIALS,
                                      "sandbox-secret", NULL));
  CHECK(s.authorization && !strncmp(s.authorization, "Bearer ", 7));
  struct http_response res;
  /* An answer came: the caller decides what a 403 means (api_reads: the admin agent role). */
  CHECK_INT_EQ(CSP_E_OK, send_link_request(&s, &res));
  CHECK_INT_EQ(403, res.status);
  CHECK_CONTAINS(res.body, "application credentials");
  http_response_release(&res);
  api_session_release(&s);
  config_release(&cfg);
  sc_stop(&c);
}

TEST(a_wrong_secret_is_refused_with_a_message_naming_the_refusal_and_not_the_secret)
{
  struct sc_client c;
  CHECK(sc_start(&c, NULL));
  struct api_session s;
  struct config cfg;
  struct captured_log log;
  capture_start(&log);
  int rc = open_session(&s, &cfg, c.base, CONFIG_GRANT_REFRESH_TOKEN, "Wr0ng+S3cret/=Xyz",
                        "sandbox-refresh-token");
  capture_stop(&log);
  CHECK_INT_EQ(CSP_E_AUTH, rc);
  CHECK(s.authorization == NULL);
  CHECK(s.arena.head == NULL); /* a failed open leaves nothing to release */
  CHECK(s.creds.client_secret == NULL);
  CHECK_CONTAINS(log.text, "sign-in refused");
  CHECK_CONTAINS(log.text, "invalid_client");
  CHECK_CONTAINS(log.text, "/oauth2/token");
  CHECK(!strstr(log.text, "Wr0ng"));
  CHECK(!strstr(log.text, "S3cret"));
  CHECK(!strstr(log.text, "sandbox-refresh-token"));
  free(log.text);
  api_session_release(&s);
  config_release(&cfg);

  /* A refused refresh token is a refusal too (400 invalid_grant), not an outage. */
  capture_start(&log);
  rc = open_session(&s, &cfg, c.base, CONFIG_GRANT_REFRESH_TOKEN, "sandbox-secret",
                    "an-old-refresh-token");
  capture_stop(&log);
  CHECK_INT_EQ(CSP_E_AUTH, rc);
  CHECK_CONTAINS(log.text, "invalid_grant");
  CHECK(!strstr(log.text, "an-old-refresh-token"));
  free(log.text);
  api_session_release(&s);
  config_release(&cfg);
  sc_stop(&c);
}

TEST(send_refreshes_the_token_once_when_the_sandbox_expires_it)
{
  struct sc_client c;
  struct sandbox_options so;
  sandbox_options_init(&so);
  so.faults = "token_expiry=1"; /* every token expires after its first use */
  CHECK(sc_start(&c, &so));
  struct api_session s;
  struct config cfg;
  CHECK_INT_EQ(CSP_E_OK, open_session(&s, &cfg, c.base, CONFIG_GRANT_REFRESH_TOKEN,
                                      "sandbox-secret", "sandbox-refresh-token"));
  struct http_response res;
  CHECK_INT_EQ(CSP_E_OK, send_link_request(&s, &res));
  CHECK_INT_EQ(200, res.status);
  http_response_release(&res);
  char *first = strdup(s.authorization);
  CHECK_INT_EQ(CSP_E_OK, send_link_request(&s, &res));
  CHECK_INT_EQ(200, res.status);
  CHECK(strcmp(first, s.authorization) != 0);
  http_response_release(&res);
  free(first);
  struct sc_reply r;
  sandbox_state(&c, &r);
  /* The test client's sign-in, the session's, and one refresh. */
  CHECK_CONTAINS(sc_body(&r), "\"POST /oauth2/token\":{\"200\":3}");
  CHECK_CONTAINS(sc_body(&r), "\"GET /v1/customers/relationshiprequests\":{\"200\":2,\"401\":1}");
  sc_reply_free(&r);
  api_session_release(&s);
  config_release(&cfg);
  sc_stop(&c);
}

/* --- send against a scripted server --- */

/* The token endpoint hands out tok-1, tok-2, ...; the API answers from the script in ctx. */
struct api_script {
  const struct ss_step *api; /* the last step repeats */
  int napi;
  int api_seen, tokens_seen;
  const struct ss_step *token; /* when set, every token request gets this */
};

static const struct ss_step *token_then_script(struct ss_server *s, const struct ss_seen *req,
                                               int index)
{
  static const struct ss_step tokens[] = {
      {SS_REPLY, 0, "200 OK", NULL,
       "{\"token_type\":\"Bearer\",\"expires_in\":\"3599\",\"access_token\":\"tok-1\"}"},
      {SS_REPLY, 0, "200 OK", NULL,
       "{\"token_type\":\"Bearer\",\"expires_in\":\"3599\",\"access_token\":\"tok-2\"}"},
      {SS_REPLY, 0, "200 OK", NULL,
       "{\"token_type\":\"Bearer\",\"expires_in\":\"3599\",\"access_token\":\"tok-3\"}"},
  };
  struct api_script *script = s->ctx;
  (void)index;
  if (strstr(req->path, "/oauth2/token")) {
    int i = script->tokens_seen++;
    return script->token ? script->token : &tokens[i < 3 ? i : 2];
  }
  int i = script->api_seen++;
  return &script->api[i < script->napi ? i : script->napi - 1];
}

static void start_scripted(struct ss_server *srv, struct api_script *script)
{
  CHECK(ss_start(srv, NULL, 0));
  srv->ctx = script;
  srv->decide = token_then_script;
}

/* The requests the server saw on the API (not the token endpoint), in order. */
static int api_requests(struct ss_server *srv, const struct ss_seen **out, int cap)
{
  int n = 0;
  for (int i = 0; i < srv->nseen && n < cap; i++)
    if (!strstr(srv->seen[i].path, "/oauth2/token"))
      out[n++] = &srv->seen[i];
  return n;
}

/* A session signed in to a scripted server (app+user). */
struct scripted {
  struct api_script script;
  struct ss_server srv;
  struct api_session s;
  struct config cfg;
};

static void scripted_open(struct scripted *x, const struct ss_step *api, int napi)
{
  x->script = (struct api_script){api, napi, 0, 0, NULL};
  start_scripted(&x->srv, &x->script);
  CHECK_INT_EQ(CSP_E_OK, open_session(&x->s, &x->cfg, x->srv.base, CONFIG_GRANT_REFRESH_TOKEN,
                                      "sandbox-secret", "sandbox-refresh-token"));
}

/* Sends the link request and stops the server; returns the result, *status the answer's. */
static int scripted_send(struct scripted *x, int *status)
{
  struct http_response res;
  int rc = send_link_request(&x->s, &res);
  *status = res.status;
  http_response_release(&res);
  ss_stop(&x->srv);
  return rc;
}

static void scripted_close(struct scripted *x)
{
  api_session_release(&x->s);
  config_release(&x->cfg);
}

static const struct ss_step unauthorized = {SS_REPLY, 0, "401 Unauthorized", NULL,
                                            "{\"code\":\"Unauthorized\"}"};
static const struct ss_step link_ok = {SS_REPLY, 0, "200 OK", NULL, "{\"url\":\"https://x\"}"};

TEST(send_refreshes_once_on_a_401_and_retries_with_the_new_token)
{
  const struct ss_step api[] = {unauthorized, link_ok};
  struct scripted x;
  scripted_open(&x, api, 2);
  int status = 0;
  CHECK_INT_EQ(CSP_E_OK, scripted_send(&x, &status));
  CHECK_INT_EQ(200, status);
  CHECK_INT_EQ(2, x.script.tokens_seen);
  const struct ss_seen *seen[8];
  CHECK_INT_EQ(2, api_requests(&x.srv, seen, 8));
  CHECK_STR_EQ("Bearer tok-1", seen[0]->authorization);
  CHECK_STR_EQ("Bearer tok-2", seen[1]->authorization);
  CHECK_STR_EQ("Bearer tok-2", x.s.authorization);
  CHECK(strcmp(seen[0]->request_id, seen[1]->request_id) != 0); /* the 401 was an answer */
  scripted_close(&x);
}

TEST(send_gives_auth_when_the_refreshed_token_is_refused_too)
{
  struct scripted x;
  scripted_open(&x, &unauthorized, 1);
  int status = 0;
  CHECK_INT_EQ(CSP_E_AUTH, scripted_send(&x, &status));
  CHECK_INT_EQ(2, x.script.tokens_seen); /* sign-in and one refresh, no more */
  const struct ss_seen *seen[8];
  CHECK_INT_EQ(2, api_requests(&x.srv, seen, 8));
  scripted_close(&x);
}

TEST(send_uses_a_new_request_id_after_an_answer_and_keeps_it_after_none)
{
  static const struct ss_step api[] = {
      {SS_RESET, 0, NULL, NULL, NULL},
      {SS_REPLY, 0, "503 Service Unavailable", NULL, "{}"},
      {SS_REPLY, 0, "200 OK", NULL, "{\"url\":\"https://x\"}"},
  };
  struct scripted x;
  scripted_open(&x, api, 3);
  int status = 0;
  CHECK_INT_EQ(CSP_E_OK, scripted_send(&x, &status));
  CHECK_INT_EQ(200, status);
  const struct ss_seen *seen[8];
  CHECK_INT_EQ(3, api_requests(&x.srv, seen, 8));
  CHECK_INT_EQ(36, strlen(seen[0]->request_id));
  CHECK_STR_EQ(seen[0]->request_id, seen[1]->request_id);       /* the reset: no answer */
  CHECK(strcmp(seen[1]->request_id, seen[2]->request_id) != 0); /* the 503 was an answer */
  CHECK_INT_EQ(36, strlen(seen[2]->request_id));
  scripted_close(&x);
}

TEST(send_gives_up_after_its_attempts_without_waiting_after_the_last)
{
  static const struct ss_step busy = {SS_REPLY, 0, "503 Service Unavailable", NULL, "{}"};
  struct scripted x;
  scripted_open(&x, &busy, 1);
  struct captured_log log;
  capture_start(&log);
  int status = 0;
  int rc = scripted_send(&x, &status);
  long long end = clock_now_ms();
  capture_stop(&log);
  CHECK_INT_EQ(CSP_E_UNREACHABLE, rc);
  CHECK_INT_EQ(503, status);
  CHECK_CONTAINS(log.text, "no usable answer");
  free(log.text);
  const struct ss_seen *seen[8];
  CHECK_INT_EQ(4, api_requests(&x.srv, seen, 8));
  /* Waits of 250, 500 and 1000 ms between the four attempts (a loaded machine only makes them
   * longer); none after the last, which would be 2000 ms: the margin is the time to read one
   * local reply, so that load cannot fail this. */
  long long waited = seen[3]->at_ms - seen[0]->at_ms, after_last = end - seen[3]->at_ms;
  if (waited < 1600 || after_last >= 1500)
    CHECK_FAIL_AT("attempts spread over %lld ms (expected 1750), then %lld ms to give up", waited,
                  after_last);
  scripted_close(&x);
}

TEST(sign_in_tries_an_unavailable_token_endpoint_four_times_then_says_it_is_unreachable)
{
  static const struct ss_step unavailable = {SS_REPLY, 0, "503 Service Unavailable", NULL,
                                             "{\"error\":\"temporarily_unavailable\"}"};
  struct api_script script = {&link_ok, 1, 0, 0, &unavailable};
  struct ss_server srv;
  start_scripted(&srv, &script);
  struct api_session s;
  struct config cfg;
  struct captured_log log;
  capture_start(&log);
  int rc = open_session(&s, &cfg, srv.base, CONFIG_GRANT_REFRESH_TOKEN, "sandbox-secret",
                        "sandbox-refresh-token");
  long long end = clock_now_ms();
  capture_stop(&log);
  ss_stop(&srv);
  CHECK_INT_EQ(CSP_E_UNREACHABLE, rc);
  CHECK_INT_EQ(4, script.tokens_seen);
  CHECK_CONTAINS(log.text, "cannot reach the token endpoint");
  CHECK_CONTAINS(log.text, "HTTP 503");
  CHECK(!strstr(log.text, "sign-in refused"));
  free(log.text);
  /* Waits of 200, 400 and 800 ms between the four attempts (load only lengthens them); none
   * after the last, which would be 1600 ms. */
  long long waited = srv.seen[3].at_ms - srv.seen[0].at_ms, after_last = end - srv.seen[3].at_ms;
  if (waited < 1300 || after_last >= 1200)
    CHECK_FAIL_AT("sign-in attempts spread over %lld ms (expected 1400), then %lld ms to give up",
                  waited, after_last);
  api_session_release(&s);
  config_release(&cfg);
}

TEST(sign_in_gets_a_token_when_the_endpoint_recovers)
{
  struct ss_server srv;
  static const struct ss_step steps[] = {
      {SS_RESET, 0, NULL, NULL, NULL},
      {SS_REPLY, 0, "200 OK", NULL,
       "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"tok-late\"}"},
  };
  CHECK(ss_start(&srv, steps, 2));
  struct api_session s;
  struct config cfg;
  CHECK_INT_EQ(CSP_E_OK, open_session(&s, &cfg, srv.base, CONFIG_GRANT_CLIENT_CREDENTIALS,
                                      "sandbox-secret", NULL));
  ss_stop(&srv);
  CHECK_INT_EQ(2, srv.nseen);
  CHECK_STR_EQ("Bearer tok-late", s.authorization);
  api_session_release(&s);
  config_release(&cfg);
}

RUN_TESTS()
