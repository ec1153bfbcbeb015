/* Tests for the sandbox's token endpoint and bearer checks (src/sandbox/auth.c and the
 * router's 401/403 steps): grants, client and refresh-token errors, URL-decoded secrets,
 * expiry, --deny-admin and app-only tokens on app+user routes. */
#include <unistd.h>

#include "check.h"
#include "sandbox_client.h"

TEST(a_refresh_token_grant_returns_a_long_bearer_token_with_expires_in_as_a_string)
{
  struct sc_client c;
  struct sc_reply r;
  CHECK(sc_start(&c, NULL));
  sc_token_request(&c,
                   "grant_type=refresh_token&client_id=sandbox-app&client_secret=sandbox-secret"
                   "&refresh_token=sandbox-refresh-token",
                   &r);
  CHECK_INT_EQ(200, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"token_type\":\"Bearer\"");
  CHECK_CONTAINS(sc_body(&r), "\"expires_in\":\"3599\"");
  CHECK_CONTAINS(sc_body(&r), "\"expires_on\":\"");
  CHECK(strlen(c.token) >= 1024 && strlen(c.token) <= 2048);
  sc_reply_free(&r);
  sc_stop(&c);
}

TEST(a_client_credentials_grant_returns_a_token_that_passes_the_domain_check)
{
  struct sc_client c;
  CHECK(sc_start(&c, NULL));
  CHECK(sc_login(&c, true));
  SC_EXPECT(&c, "HEAD", "/v1/domains/free.onmicrosoft.com", NULL, 404, NULL);
  sc_stop(&c);
}

TEST(a_wrong_client_secret_is_401_invalid_client_and_a_wrong_refresh_token_400_invalid_grant)
{
  struct sc_client c;
  struct sc_reply r;
  CHECK(sc_start(&c, NULL));
  sc_token_request(&c, "grant_type=client_credentials&client_id=sandbox-app&client_secret=no", &r);
  CHECK_INT_EQ(401, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"error\":\"invalid_client\"");
  CHECK_CONTAINS(sc_body(&r), "\"error_description\"");
  sc_reply_free(&r);
  sc_token_request(&c, "grant_type=client_credentials&client_id=other&client_secret=x", &r);
  CHECK_INT_EQ(401, r.status);
  sc_reply_free(&r);
  sc_token_request(&c,
                   "grant_type=refresh_token&client_id=sandbox-app&client_secret=sandbox-secret"
                   "&refresh_token=stale",
                   &r);
  CHECK_INT_EQ(400, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"error\":\"invalid_grant\"");
  sc_reply_free(&r);
  sc_token_request(&c, "grant_type=password&client_id=sandbox-app", &r);
  CHECK_INT_EQ(400, r.status);
  CHECK_CONTAINS(sc_body(&r), "unsupported_grant_type");
  sc_reply_free(&r);
  sc_stop(&c);
}

TEST(a_secret_with_plus_slash_and_equals_is_url_decoded_before_it_is_compared)
{
  struct sandbox_options o;
  struct sc_client c;
  struct sc_reply r;
  sandbox_options_init(&o);
  o.client_secret = "a+b/c=d e";
  o.quiet = true;
  memset(&c, 0, sizeof(c));
  CHECK_INT_EQ(0, sandbox_open(&o, &c.sb));
  snprintf(c.base, sizeof(c.base), "http://127.0.0.1:%u", sandbox_port(c.sb));
  sc_token_request(&c,
                   "grant_type=client_credentials&client_id=sandbox-app&client_secret=a%2Bb%2Fc%"
                   "3Dd+e",
                   &r);
  CHECK_INT_EQ(200, r.status);
  sc_reply_free(&r);
  sc_token_request(&c, "grant_type=client_credentials&client_id=sandbox-app&client_secret=a+b/c=d",
                   &r);
  CHECK_INT_EQ(401, r.status);
  sc_reply_free(&r);
  sc_stop(&c);
}

TEST(a_v1_call_without_or_with_an_unknown_bearer_token_is_401_with_a_partner_center_body)
{
  struct sc_client c;
  CHECK(sc_start(&c, NULL));
  snprintf(c.token, sizeof(c.token), "not-a-token");
  SC_EXPECT(&c, "GET", "/v1/customers", NULL, 401, "\"source\":\"PartnerFD\"");
  c.token[0] = '\0';
  SC_EXPECT(&c, "GET", "/v1/customers", NULL, 401, NULL);
  sc_stop(&c);
}

TEST(a_token_stops_working_after_its_ttl)
{
  struct sandbox_options o;
  struct sc_client c;
  sandbox_options_init(&o);
  o.token_ttl_s = 3; /* the first call must come within it, even on a loaded machine */
  CHECK(sc_start(&c, &o));
  SC_EXPECT(&c, "GET", "/v1/countryvalidationrules/US", NULL, 200, NULL);
  usleep(3100 * 1000);
  SC_EXPECT(&c, "GET", "/v1/countryvalidationrules/US", NULL, 401, "expired");
  sc_stop(&c);
}

TEST(deny_admin_answers_every_v1_call_with_the_role_message)
{
  struct sandbox_options o;
  struct sc_client c;
  struct sc_reply r;
  sandbox_options_init(&o);
  o.deny_admin = true;
  CHECK(sc_start(&c, &o));
  SC_EXPECT(&c, "HEAD", "/v1/domains/x.onmicrosoft.com", NULL, 403, NULL);
  sc_request(&c, "GET", "/v1/customers", NULL, NULL, &r);
  CHECK_INT_EQ(403, r.status);
  CHECK_CONTAINS(sc_body(&r),
                 "The supplied role does not have the rights to perform the requested operation");
  sc_reply_free(&r);
  sc_stop(&c);
}

TEST(an_app_only_token_gets_403_on_every_app_user_route)
{
  static const char *const calls[][3] = {
      {"GET", "/v1/customers/relationshiprequests", NULL},
      {"GET", "/v1/agreements?agreementType=MicrosoftCustomerAgreement", NULL},
      {"POST", "/v1/customers/x/agreements", "{}"},
  };
  struct sc_client c;
  struct sc_reply r;
  char body[2048];
  CHECK(sc_start(&c, NULL));
  CHECK(sc_login(&c, true));
  for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
    sc_request(&c, calls[i][0], calls[i][1], calls[i][2], NULL, &r);
    CHECK_INT_EQ(403, r.status);
    CHECK_CONTAINS(sc_body(&r), "can't be accessed by application credentials");
    sc_reply_free(&r);
  }
  sc_us_customer(body, sizeof(body), "appolly",
                 "\"AssociatedPartnerId\":\"0b6e5d3c-1a2b-4c5d-8e9f-001122334455\",");
  SC_EXPECT(&c, "POST", "/v1/customers", body, 403, "can't be accessed by application credentials");
  sc_us_customer(body, sizeof(body), "appolly", "");
  SC_EXPECT(&c, "POST", "/v1/customers", body, 201, NULL);
  sc_stop(&c);
}

RUN_TESTS()
