/* Tests for the sandbox's sign-in side (src/sandbox/signins.c, routes_device.c,
 * routes_profile.c and the device and rotation paths of auth.c): both device code dialects,
 * every poll answer decided by counting polls, the approve helper, refresh tokens accepted
 * exactly N times when they rotate, JWT-shaped tokens with readable claims, and the
 * organization profile. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "partner_center/token_claims.h"
#include "sandbox_client.h"

#define TENANT_PATH "/11111111-2222-3333-4444-555555555555/oauth2"

/* The value of "key":"…" in body, into out. */
static void json_field(const char *body, const char *key, char *out, size_t cap)
{
  char pattern[64];
  snprintf(pattern, sizeof(pattern), "\"%s\":\"", key);
  const char *at = strstr(body, pattern);
  out[0] = '\0';
  if (at) {
    at += strlen(pattern);
    snprintf(out, cap, "%.*s", (int)strcspn(at, "\""), at);
  }
}

static void form_post(struct sc_client *c, const char *path, const char *form, struct sc_reply *r)
{
  const char *const headers[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
  c->token[0] = '\0';
  sc_request(c, "POST", path, form, headers, r);
}

/* Asks a v1 device code into code (device_code) and user (user_code). */
static void v1_code(struct sc_client *c, char *code, char *user)
{
  struct sc_reply r;
  form_post(c, TENANT_PATH "/devicecode",
            "client_id=sandbox-app&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com", &r);
  CHECK_INT_EQ(200, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"verification_url\":\"http://127.0.0.1:");
  CHECK_CONTAINS(sc_body(&r), "\"interval\":\"0\"");
  json_field(sc_body(&r), "device_code", code, 128);
  json_field(sc_body(&r), "user_code", user, 32);
  sc_reply_free(&r);
}

static long v1_poll(struct sc_client *c, const char *code, char *error, size_t cap)
{
  char form[256];
  struct sc_reply r;
  snprintf(form, sizeof(form), "grant_type=device_code&client_id=sandbox-app&code=%s", code);
  form_post(c, TENANT_PATH "/token", form, &r);
  json_field(sc_body(&r), r.status == 200 ? "refresh_token" : "error", error, cap);
  long status = r.status;
  sc_reply_free(&r);
  return status;
}

static bool start(struct sc_client *c, unsigned approve_after, bool deny, unsigned expire_after,
                  unsigned slow_down, unsigned refresh_uses)
{
  struct sandbox_options o;
  sandbox_options_init(&o);
  o.device_interval_s = 0;
  o.device_approve_after = approve_after;
  o.device_deny = deny;
  o.device_expire_after = expire_after;
  o.device_slow_down = slow_down;
  o.refresh_token_uses = refresh_uses;
  return sc_start(c, &o);
}

TEST(a_v1_code_is_pending_slowed_then_approved_on_the_poll_counted_and_then_used_up)
{
  struct sc_client c;
  char code[128], user[32], answer[512];
  CHECK(start(&c, 3, false, 0, 1, 0));
  v1_code(&c, code, user);
  CHECK_INT_EQ(9, (long long)strlen(user));
  CHECK_INT_EQ(400, v1_poll(&c, code, answer, sizeof(answer)));
  CHECK_STR_EQ("slow_down", answer);
  CHECK_INT_EQ(400, v1_poll(&c, code, answer, sizeof(answer)));
  CHECK_STR_EQ("authorization_pending", answer);
  CHECK_INT_EQ(200, v1_poll(&c, code, answer, sizeof(answer)));
  CHECK_STR_EQ("sandbox-refresh-token", answer);
  CHECK_INT_EQ(400, v1_poll(&c, code, answer, sizeof(answer)));
  CHECK_STR_EQ("invalid_grant", answer);
  sc_stop(&c);
}

TEST(a_v1_code_declined_or_expired_answers_azure_ad_v1_error_names)
{
  struct sc_client c;
  char code[128], user[32], answer[128];
  CHECK(start(&c, 1, true, 0, 0, 0));
  v1_code(&c, code, user);
  CHECK_INT_EQ(400, v1_poll(&c, code, answer, sizeof(answer)));
  CHECK_STR_EQ("authorization_declined", answer);
  sc_stop(&c);
  CHECK(start(&c, 0, false, 1, 0, 0));
  v1_code(&c, code, user);
  CHECK_INT_EQ(400, v1_poll(&c, code, answer, sizeof(answer)));
  CHECK_STR_EQ("authorization_pending", answer);
  CHECK_INT_EQ(400, v1_poll(&c, code, answer, sizeof(answer)));
  CHECK_STR_EQ("code_expired", answer);
  sc_stop(&c);
}

TEST(a_v2_code_needs_offline_access_and_is_approved_through_the_helper)
{
  struct sc_client c;
  struct sc_reply r;
  char code[128], user[32], form[256], body[64];
  CHECK(start(&c, 0, false, 0, 0, 0));
  form_post(&c, TENANT_PATH "/v2.0/devicecode", "client_id=sandbox-app&scope=x%2F.default", &r);
  CHECK_INT_EQ(400, r.status);
  CHECK_CONTAINS(sc_body(&r), "invalid_scope");
  sc_reply_free(&r);
  form_post(&c, TENANT_PATH "/v2.0/devicecode",
            "client_id=sandbox-app&scope=x%2F.default%20offline_access", &r);
  CHECK_INT_EQ(200, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"verification_uri\":");
  CHECK_CONTAINS(sc_body(&r), "\"expires_in\":900");
  json_field(sc_body(&r), "device_code", code, sizeof(code));
  json_field(sc_body(&r), "user_code", user, sizeof(user));
  sc_reply_free(&r);
  SC_EXPECT(&c, "POST", "/sandbox/device/approve", "{\"user_code\":\"NOPE\"}", 404, NULL);
  snprintf(body, sizeof(body), "{\"user_code\":\"%s\"}", user);
  SC_EXPECT(&c, "POST", "/sandbox/device/approve", body, 200, "\"approved\":1");
  snprintf(form, sizeof(form),
           "grant_type=urn%%3Aietf%%3Aparams%%3Aoauth%%3Agrant-type%%3Adevice_code&client_id="
           "sandbox-app&device_code=%s",
           code);
  form_post(&c, TENANT_PATH "/v2.0/token", form, &r);
  CHECK_INT_EQ(200, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"refresh_token\":");
  sc_reply_free(&r);
  sc_stop(&c);
}

static long redeem(struct sc_client *c, const char *refresh, char *next, size_t cap)
{
  char form[700];
  struct sc_reply r;
  snprintf(form, sizeof(form),
           "grant_type=refresh_token&client_id=sandbox-app&client_secret=sandbox-secret&"
           "refresh_token=%s",
           refresh);
  form_post(c, TENANT_PATH "/token", form, &r);
  json_field(sc_body(&r), r.status == 200 ? "refresh_token" : "error", next, cap);
  long status = r.status;
  sc_reply_free(&r);
  return status;
}

TEST(a_rotating_refresh_token_is_accepted_exactly_its_uses_and_each_answer_brings_a_new_one)
{
  struct sc_client c;
  char first[512], second[512], again[512];
  /* sc_start's own login spends one of the two uses of sandbox-refresh-token. */
  CHECK(start(&c, 0, false, 0, 0, 2));
  CHECK_INT_EQ(200, redeem(&c, "sandbox-refresh-token", first, sizeof(first)));
  CHECK_INT_EQ(400, redeem(&c, "sandbox-refresh-token", again, sizeof(again)));
  CHECK_STR_EQ("invalid_grant", again);
  CHECK(strncmp(first, "sbrt.", 5) == 0);
  CHECK_INT_EQ(200, redeem(&c, first, second, sizeof(second)));
  CHECK(strcmp(first, second) != 0);
  CHECK_INT_EQ(200, redeem(&c, first, again, sizeof(again)));
  CHECK_INT_EQ(400, redeem(&c, first, again, sizeof(again)));
  SC_EXPECT(&c, "GET", "/sandbox/state", NULL, 200, "\"refused\":2");
  sc_stop(&c);
}

TEST(an_app_user_token_carries_the_claims_a_client_shows)
{
  struct sc_client c;
  struct token_claims claims;
  CHECK(sc_start(&c, NULL));
  CHECK_INT_EQ(0, token_claims_read(c.token, &claims));
  CHECK_STR_EQ("admin@sandboxpartner.onmicrosoft.com", claims.account);
  CHECK_STR_EQ("11111111-2222-3333-4444-555555555555", claims.tenant);
  CHECK(claims.mfa);
  CHECK(claims.expires_at_s > 0);
  sc_stop(&c);
}

TEST(the_organization_profile_gives_the_partner_market_to_app_user_tokens_only)
{
  struct sc_client c;
  struct sandbox_options o;
  sandbox_options_init(&o);
  memcpy(o.partner_market, "DE", 3);
  CHECK(sc_start(&c, &o));
  SC_EXPECT(&c, "GET", "/v1/profiles/organization", NULL, 200,
            "\"defaultAddress\":{\"country\":\"DE\"");
  CHECK(sc_login(&c, true));
  SC_EXPECT(&c, "GET", "/v1/profiles/organization", NULL, 403, NULL);
  sc_stop(&c);
}

RUN_TESTS()
