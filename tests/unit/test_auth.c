/* Tests for src/partner_center/auth.c: secrets from the environment, the URL-encoded token
 * form, token_url templating, token replies and the refresh decision. */
#include "partner_center/auth.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/errors.h"
#include "base/limits.h"

#define PARSE_TOKEN(status, body, now, tok, msg) \
  auth_parse_token_response(status, body, strlen(body), now, tok, msg, sizeof(msg))

static const char *header(const struct http_request *req, const char *name)
{
  for (size_t i = 0; i < req->nheaders; i++)
    if (strcmp(req->headers[i].name, name) == 0)
      return req->headers[i].value;
  return NULL;
}

TEST(secrets_are_read_from_the_variables_the_config_names)
{
  struct auth_credentials creds;
  char msg[256] = "";
  setenv("TEST_PC_SECRET", "s3cr+t/=", 1);
  setenv("TEST_PC_REFRESH", "0.AAA-refresh", 1);
  CHECK_INT_EQ(CSP_E_OK,
               auth_credentials_from_env("TEST_PC_SECRET", "TEST_PC_REFRESH", &creds, msg, 256));
  CHECK_STR_EQ("s3cr+t/=", creds.client_secret);
  CHECK_STR_EQ("0.AAA-refresh", creds.refresh_token);
  auth_credentials_release(&creds);
  CHECK(creds.client_secret == NULL);
  CHECK_INT_EQ(CSP_E_OK, auth_credentials_from_env("TEST_PC_SECRET", NULL, &creds, msg, 256));
  CHECK(creds.refresh_token == NULL);
  auth_credentials_release(&creds);
}

TEST(a_missing_variable_is_a_config_error_naming_it)
{
  struct auth_credentials creds;
  char msg[256] = "";
  setenv("TEST_PC_SECRET", "s3cret", 1);
  unsetenv("TEST_PC_NO_REFRESH");
  CHECK_INT_EQ(CSP_E_CONFIG, auth_credentials_from_env("TEST_PC_SECRET", "TEST_PC_NO_REFRESH",
                                                       &creds, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "TEST_PC_NO_REFRESH");
  CHECK_CONTAINS(msg, "auth.refresh_token_env");
  CHECK(!strstr(msg, "s3cret"));
  CHECK(creds.client_secret == NULL);
  setenv("TEST_PC_EMPTY", "", 1);
  CHECK_INT_EQ(CSP_E_CONFIG,
               auth_credentials_from_env("TEST_PC_EMPTY", NULL, &creds, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "TEST_PC_EMPTY");
}

TEST(the_token_url_template_takes_the_partner_tenant)
{
  struct arena a;
  const char *url;
  arena_init(&a, 0);
  CHECK_INT_EQ(CSP_E_OK,
               auth_token_url(&a, "https://login.microsoftonline.com/{tenant}/oauth2/token",
                              "11111111-2222", &url));
  CHECK_STR_EQ("https://login.microsoftonline.com/11111111-2222/oauth2/token", url);
  CHECK_INT_EQ(CSP_E_OK, auth_token_url(&a, "http://127.0.0.1:1/token", "t", &url));
  CHECK_STR_EQ("http://127.0.0.1:1/token", url);
  CHECK_INT_EQ(CSP_E_OK, auth_token_url(&a, "{tenant}/{tenant}", "a b", &url));
  CHECK_STR_EQ("a%20b/a%20b", url);
  arena_release(&a);
}

TEST(the_refresh_grant_form_encodes_secrets_with_special_characters)
{
  struct arena a;
  struct http_request req;
  struct auth_credentials creds = {"a+b/c=d&e%f", "r+1/2=="};
  struct auth_config cfg = {AUTH_GRANT_REFRESH_TOKEN, "https://login/t/oauth2/token", "app-id",
                            "https://api.partnercenter.microsoft.com", NULL};
  arena_init(&a, 0);
  CHECK_INT_EQ(CSP_E_OK, auth_build_token_request(&cfg, &creds, &a, &req));
  CHECK_STR_EQ("POST", req.method);
  CHECK_STR_EQ("https://login/t/oauth2/token", req.url);
  CHECK_STR_EQ("grant_type=refresh_token&refresh_token=r%2B1%2F2%3D%3D&client_id=app-id"
               "&client_secret=a%2Bb%2Fc%3Dd%26e%25f"
               "&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com",
               req.body);
  CHECK_INT_EQ(strlen(req.body), req.body_len);
  CHECK_STR_EQ("application/x-www-form-urlencoded", header(&req, "Content-Type"));
  auth_request_wipe(&req);
  CHECK_INT_EQ(0, req.body[0]);
  arena_release(&a);
}

TEST(the_client_credentials_grant_sends_a_scope_when_configured)
{
  struct arena a;
  struct http_request req;
  struct auth_credentials creds = {"sec", NULL};
  struct auth_config cfg = {AUTH_GRANT_CLIENT_CREDENTIALS, "https://t", "app", "res",
                            "https://api.partnercenter.microsoft.com/.default"};
  arena_init(&a, 0);
  CHECK_INT_EQ(CSP_E_OK, auth_build_token_request(&cfg, &creds, &a, &req));
  CHECK_STR_EQ("grant_type=client_credentials&client_id=app&client_secret=sec"
               "&scope=https%3A%2F%2Fapi.partnercenter.microsoft.com%2F.default",
               req.body);
  cfg.scope = "";
  CHECK_INT_EQ(CSP_E_OK, auth_build_token_request(&cfg, &creds, &a, &req));
  CHECK_STR_EQ("grant_type=client_credentials&client_id=app&client_secret=sec&resource=res",
               req.body);
  cfg.grant = AUTH_GRANT_REFRESH_TOKEN;
  CHECK_INT_EQ(CSP_E_CONFIG, auth_build_token_request(&cfg, &creds, &a, &req));
  arena_release(&a);
}

TEST(a_token_reply_with_expires_in_as_a_string_is_accepted)
{
  struct token tok;
  char msg[256];
  char body[4096];
  char big[2049];
  memset(big, 'x', sizeof(big) - 1);
  big[sizeof(big) - 1] = '\0';
  snprintf(body, sizeof(body),
           "\xEF\xBB\xBF{\"token_type\":\"Bearer\",\"expires_in\":\"3599\",\"expires_on\":"
           "\"1700003599\",\"access_token\":\"%s\"}",
           big);
  token_init(&tok);
  CHECK_INT_EQ(CSP_E_OK, PARSE_TOKEN(200, body, 1000, &tok, msg));
  CHECK_STR_EQ(big, tok.access_token);
  CHECK_INT_EQ(4599, tok.expires_at_s);
  token_release(&tok);
  CHECK(tok.access_token == NULL);
}

TEST(a_token_reply_with_expires_in_as_a_number_is_accepted)
{
  struct token tok;
  char msg[256];
  token_init(&tok);
  CHECK_INT_EQ(CSP_E_OK,
               PARSE_TOKEN(200, "{\"access_token\":\"t1\",\"expires_in\":600}", 10, &tok, msg));
  CHECK_INT_EQ(610, tok.expires_at_s);
  CHECK_INT_EQ(CSP_E_OK, PARSE_TOKEN(200, "{\"access_token\":\"t2\",\"expires_on\":\"5000\"}", 20,
                                     &tok, msg));
  CHECK_STR_EQ("t2", tok.access_token);
  CHECK_INT_EQ(5000, tok.expires_at_s);
  CHECK_INT_EQ(CSP_E_OK, PARSE_TOKEN(200, "{\"access_token\":\"t3\"}", 20, &tok, msg));
  CHECK_INT_EQ(3620, tok.expires_at_s);
  token_release(&tok);
}

TEST(a_token_reply_without_an_access_token_is_a_protocol_error)
{
  struct token tok;
  char msg[256];
  token_init(&tok);
  CHECK_INT_EQ(CSP_E_PROTOCOL, PARSE_TOKEN(200, "{\"expires_in\":\"3599\"}", 0, &tok, msg));
  CHECK_INT_EQ(CSP_E_PROTOCOL, PARSE_TOKEN(200, "{\"access_token\":\"x\"", 0, &tok, msg));
  CHECK_INT_EQ(CSP_E_PROTOCOL, PARSE_TOKEN(200, "not json", 0, &tok, msg));
  CHECK(tok.access_token == NULL);
}

TEST(invalid_grant_is_an_auth_error_with_the_description)
{
  struct token tok;
  char msg[256];
  token_init(&tok);
  CHECK_INT_EQ(CSP_E_AUTH, PARSE_TOKEN(400,
                                       "{\"error\":\"invalid_grant\",\"error_description\":"
                                       "\"AADSTS70008: The refresh token has expired.\\r\\n"
                                       "Trace ID: 1\"}",
                                       0, &tok, msg));
  CHECK_CONTAINS(msg, "invalid_grant: AADSTS70008: The refresh token has expired.  Trace ID: 1");
  CHECK_CONTAINS(msg, "HTTP 400");
  CHECK_INT_EQ(CSP_E_AUTH, PARSE_TOKEN(401, "{\"error\":\"invalid_client\"}", 0, &tok, msg));
  CHECK_CONTAINS(msg, "invalid_client");
  CHECK(tok.access_token == NULL);
}

TEST(a_throttled_or_failing_token_endpoint_is_unreachable_not_refused)
{
  struct token tok;
  char msg[256];
  token_init(&tok);
  CHECK_INT_EQ(CSP_E_UNREACHABLE, PARSE_TOKEN(503, "<html>", 0, &tok, msg));
  CHECK_INT_EQ(CSP_E_UNREACHABLE, PARSE_TOKEN(429, "", 0, &tok, msg));
  CHECK_INT_EQ(CSP_E_UNREACHABLE, PARSE_TOKEN(0, "", 0, &tok, msg));
}

TEST(a_token_needs_refresh_within_the_margin_of_its_expiry)
{
  struct token tok = {.access_token = NULL};
  CHECK(token_needs_refresh(&tok, 0));
  tok.access_token = "t";
  tok.obtained_at_s = 1000;
  tok.expires_at_s = 1000 + 3599;
  CHECK(!token_needs_refresh(&tok, 1000));
  CHECK(!token_needs_refresh(&tok, 4599 - CSP_TOKEN_REFRESH_MARGIN_S - 1));
  CHECK(token_needs_refresh(&tok, 4599 - CSP_TOKEN_REFRESH_MARGIN_S));
  CHECK(token_needs_refresh(&tok, 5000));
}

TEST(a_short_lived_token_is_refreshed_at_half_its_life)
{
  struct token tok = {.access_token = "t", .obtained_at_s = 1000, .expires_at_s = 1060};
  CHECK(!token_needs_refresh(&tok, 1029));
  CHECK(token_needs_refresh(&tok, 1030));
}

RUN_TESTS()
