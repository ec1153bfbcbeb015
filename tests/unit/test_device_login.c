/* Tests for src/partner_center/device_login.c: the device code endpoint beside the token
 * endpoint, the v1 and v2 request forms, both reply dialects, the classification of every
 * poll answer of RFC 8628 and Azure AD v1, and the polling schedule driven through a fake
 * clock and sleeper (interval, slow_down adding 5 s, expiry by the code's own lifetime,
 * declined), so nothing here waits. */
#include "partner_center/device_login.h"

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "base/errors.h"
#include "base/limits.h"

static struct auth_config v1_config(void)
{
  return (struct auth_config){AUTH_GRANT_REFRESH_TOKEN, "https://login.example/t1/oauth2/token",
                              "app-1", "https://api.partnercenter.microsoft.com", NULL};
}

static struct auth_config v2_config(void)
{
  return (struct auth_config){AUTH_GRANT_REFRESH_TOKEN,
                              "https://login.example/t1/oauth2/v2.0/token", "app-1", NULL,
                              "https://api.partnercenter.microsoft.com/.default"};
}

TEST(the_device_code_endpoint_sits_beside_the_v1_and_v2_token_endpoints)
{
  struct arena a;
  arena_init(&a, 0);
  const char *url = NULL;
  CHECK_INT_EQ(0, device_code_url(&a, "https://login.chinacloudapi.cn/t/oauth2/token", &url));
  CHECK_STR_EQ("https://login.chinacloudapi.cn/t/oauth2/devicecode", url);
  CHECK_INT_EQ(0, device_code_url(&a, "https://l/t/oauth2/v2.0/token", &url));
  CHECK_STR_EQ("https://l/t/oauth2/v2.0/devicecode", url);
  CHECK_INT_EQ(CSP_E_CONFIG, device_code_url(&a, "https://l/t/oauth2/authorize", &url));
  arena_release(&a);
}

TEST(a_v1_code_request_sends_the_resource_and_a_v2_one_the_scope_with_offline_access)
{
  struct arena a;
  arena_init(&a, 0);
  struct http_request req;
  struct auth_config c1 = v1_config(), c2 = v2_config();
  CHECK_INT_EQ(0, device_build_code_request(&c1, &a, &req));
  CHECK_STR_EQ("POST", req.method);
  CHECK_STR_EQ("https://login.example/t1/oauth2/devicecode", req.url);
  CHECK_STR_EQ("client_id=app-1&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com", req.body);
  CHECK_INT_EQ(0, device_build_code_request(&c2, &a, &req));
  CHECK_STR_EQ("https://login.example/t1/oauth2/v2.0/devicecode", req.url);
  CHECK_CONTAINS(req.body, "scope=https%3A%2F%2Fapi.partnercenter.microsoft.com%2F.default%20"
                           "offline_access");
  arena_release(&a);
}

TEST(a_poll_uses_the_grant_type_and_code_parameter_of_its_endpoint_version)
{
  struct arena a;
  arena_init(&a, 0);
  struct http_request req;
  struct auth_config c1 = v1_config(), c2 = v2_config();
  struct auth_credentials creds = {"s3cret+/=", NULL};
  struct device_code dc;
  device_code_init(&dc);
  dc.device_code = strdup("DC-1");
  CHECK_INT_EQ(0, device_build_poll_request(&c1, &creds, &dc, &a, &req));
  CHECK_STR_EQ("grant_type=device_code&client_id=app-1&code=DC-1&resource=https%3A%2F%2Fapi."
               "partnercenter.microsoft.com&client_secret=s3cret%2B%2F%3D",
               req.body);
  CHECK_INT_EQ(0, device_build_poll_request(&c2, &creds, &dc, &a, &req));
  CHECK_CONTAINS(req.body, "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&");
  CHECK_CONTAINS(req.body, "&device_code=DC-1&");
  struct auth_credentials public_client = {NULL, NULL};
  CHECK_INT_EQ(0, device_build_poll_request(&c2, &public_client, &dc, &a, &req));
  CHECK(strstr(req.body, "client_secret") == NULL);
  device_code_release(&dc);
  arena_release(&a);
}

TEST(both_reply_dialects_give_the_code_url_interval_and_lifetime)
{
  char msg[256];
  struct device_code dc;
  device_code_init(&dc);
  const char *v1 = "{\"user_code\":\"ABC\",\"device_code\":\"D1\",\"verification_url\":"
                   "\"https://microsoft.com/devicelogin\",\"expires_in\":\"900\",\"interval\":"
                   "\"0\",\"message\":\"To sign in...\"}";
  CHECK_INT_EQ(0, device_parse_code(200, v1, strlen(v1), &dc, msg, sizeof(msg)));
  CHECK_STR_EQ("ABC", dc.user_code);
  CHECK_STR_EQ("D1", dc.device_code);
  CHECK_STR_EQ("https://microsoft.com/devicelogin", dc.verification_uri);
  CHECK_INT_EQ(900, dc.expires_in_s);
  CHECK_INT_EQ(0, dc.interval_s);
  const char *v2 = "{\"user_code\":\"XYZ\",\"device_code\":\"D2\",\"verification_uri\":\"https://"
                   "v\",\"expires_in\":600}";
  CHECK_INT_EQ(0, device_parse_code(200, v2, strlen(v2), &dc, msg, sizeof(msg)));
  CHECK_STR_EQ("https://v", dc.verification_uri);
  CHECK_INT_EQ(CSP_DEVICE_INTERVAL_S, dc.interval_s);
  const char *bad = "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS700016: no\"}";
  CHECK_INT_EQ(CSP_E_AUTH, device_parse_code(400, bad, strlen(bad), &dc, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "invalid_client");
  CHECK_INT_EQ(CSP_E_PROTOCOL, device_parse_code(200, "{}", 2, &dc, msg, sizeof(msg)));
  CHECK_INT_EQ(CSP_E_UNREACHABLE, device_parse_code(503, "", 0, &dc, msg, sizeof(msg)));
  device_code_release(&dc);
}

static enum device_poll classify_error(const char *error)
{
  char body[128], msg[256];
  snprintf(body, sizeof(body), "{\"error\":\"%s\",\"error_description\":\"x\"}", error);
  struct token tok;
  token_init(&tok);
  enum device_poll v = device_classify_poll(400, body, strlen(body), 0, &tok, msg, sizeof(msg));
  token_release(&tok);
  return v;
}

TEST(every_poll_answer_of_rfc_8628_and_azure_ad_v1_is_classified)
{
  CHECK_INT_EQ(DEVICE_POLL_PENDING, classify_error("authorization_pending"));
  CHECK_INT_EQ(DEVICE_POLL_SLOW_DOWN, classify_error("slow_down"));
  CHECK_INT_EQ(DEVICE_POLL_DENIED, classify_error("access_denied"));
  CHECK_INT_EQ(DEVICE_POLL_DENIED, classify_error("authorization_declined"));
  CHECK_INT_EQ(DEVICE_POLL_EXPIRED, classify_error("expired_token"));
  CHECK_INT_EQ(DEVICE_POLL_EXPIRED, classify_error("code_expired"));
  CHECK_INT_EQ(DEVICE_POLL_FAILED, classify_error("invalid_grant"));
  char msg[256];
  struct token tok;
  token_init(&tok);
  CHECK_INT_EQ(DEVICE_POLL_RETRY, device_classify_poll(0, "", 0, 0, &tok, msg, sizeof(msg)));
  CHECK_INT_EQ(DEVICE_POLL_RETRY, device_classify_poll(503, "", 0, 0, &tok, msg, sizeof(msg)));
  const char *ok = "{\"access_token\":\"A\",\"refresh_token\":\"R\",\"expires_in\":\"3599\"}";
  CHECK_INT_EQ(DEVICE_POLL_DONE,
               device_classify_poll(200, ok, strlen(ok), 10, &tok, msg, sizeof(msg)));
  CHECK_STR_EQ("A", tok.access_token);
  CHECK_STR_EQ("R", tok.refresh_token);
  token_release(&tok);
}

/* A scripted token endpoint, a fake clock and a sleeper that only advances it. */
struct fake {
  const char *const *answers; /* OAuth error names, or "ok" */
  int next, polls;
  time_t now;
  long long slept[16];
  int nslept;
};

static int fake_send(void *ctx, const struct http_request *req, struct http_response *res)
{
  struct fake *f = ctx;
  (void)req;
  const char *a = f->answers[f->next++];
  char body[200];
  f->polls++;
  if (!strcmp(a, "ok"))
    snprintf(body, sizeof(body), "{\"access_token\":\"AT\",\"refresh_token\":\"RT\"}");
  else
    snprintf(body, sizeof(body), "{\"error\":\"%s\"}", a);
  res->status = strcmp(a, "ok") ? 400 : 200;
  res->body = strdup(body);
  res->body_len = strlen(body);
  return 0;
}

static void fake_sleep(void *ctx, long long seconds)
{
  struct fake *f = ctx;
  if (f->nslept < 16)
    f->slept[f->nslept++] = seconds;
  f->now += seconds;
}

static time_t fake_now(void *ctx)
{
  return ((struct fake *)ctx)->now;
}

static int wait_with(struct fake *f, long long interval, long long expires, struct token *tok,
                     char *msg, size_t cap)
{
  struct auth_config cfg = v2_config();
  struct auth_credentials creds = {"s", NULL};
  struct device_code dc;
  device_code_init(&dc);
  dc.device_code = strdup("D");
  dc.interval_s = interval;
  dc.expires_in_s = expires;
  struct device_login_io io = {fake_send, fake_sleep, fake_now, NULL, f};
  int rc = device_login_wait(&cfg, &creds, &dc, &io, NULL, tok, msg, cap);
  device_code_release(&dc);
  return rc;
}

TEST(polling_waits_the_interval_and_adds_five_seconds_on_each_slow_down)
{
  static const char *const answers[] = {"authorization_pending", "slow_down", "slow_down",
                                        "authorization_pending", "ok"};
  struct fake f = {answers, 0, 0, 1000, {0}, 0};
  struct token tok;
  token_init(&tok);
  char msg[256];
  CHECK_INT_EQ(0, wait_with(&f, 2, 900, &tok, msg, sizeof(msg)));
  CHECK_INT_EQ(5, f.polls);
  CHECK_INT_EQ(2, f.slept[0]);
  CHECK_INT_EQ(2, f.slept[1]);
  CHECK_INT_EQ(2 + CSP_DEVICE_SLOW_DOWN_S, f.slept[2]);
  CHECK_INT_EQ(2 + 2 * CSP_DEVICE_SLOW_DOWN_S, f.slept[3]);
  CHECK_INT_EQ(2 + 2 * CSP_DEVICE_SLOW_DOWN_S, f.slept[4]);
  CHECK_STR_EQ("RT", tok.refresh_token);
  token_release(&tok);
}

TEST(a_code_past_its_lifetime_ends_the_wait_without_another_poll)
{
  static const char *const answers[] = {"authorization_pending", "authorization_pending",
                                        "authorization_pending", "ok"};
  struct fake f = {answers, 0, 0, 0, {0}, 0};
  struct token tok;
  token_init(&tok);
  char msg[256];
  CHECK_INT_EQ(CSP_E_AUTH, wait_with(&f, 5, 12, &tok, msg, sizeof(msg)));
  CHECK_INT_EQ(2, f.polls); /* at 5 s and 10 s; at 15 s the code is gone */
  CHECK_CONTAINS(msg, "expired");
  CHECK_CONTAINS(msg, "csponboard auth login");
  token_release(&tok);
}

TEST(a_declined_or_expired_answer_ends_the_wait_with_its_reason)
{
  static const char *const declined[] = {"authorization_pending", "authorization_declined"};
  static const char *const expired[] = {"expired_token"};
  static const char *const refused[] = {"invalid_client"};
  struct token tok;
  token_init(&tok);
  char msg[256];
  struct fake f1 = {declined, 0, 0, 0, {0}, 0};
  CHECK_INT_EQ(CSP_E_AUTH, wait_with(&f1, 0, 900, &tok, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "declined");
  struct fake f2 = {expired, 0, 0, 0, {0}, 0};
  CHECK_INT_EQ(CSP_E_AUTH, wait_with(&f2, 0, 900, &tok, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "expired");
  struct fake f3 = {refused, 0, 0, 0, {0}, 0};
  CHECK_INT_EQ(CSP_E_AUTH, wait_with(&f3, 0, 900, &tok, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "invalid_client");
  CHECK(tok.access_token == NULL);
  token_release(&tok);
}

RUN_TESTS()
