/* Tests for the sandbox's other routes: domain check, address validation, country rules,
 * relationship link, MCA agreements and attestations, /sandbox/state and invitation accept,
 * and the generic answers (404, 405, malformed JSON, 413, huge headers, bytes that are not
 * UTF-8). */
#include <cjson/cJSON.h>

#include "check.h"
#include "base/limits.h"
#include "sandbox_client.h"

static void post_address(struct sc_client *c, const char *line1, const char *postal,
                         const char *country, struct sc_reply *r)
{
  char body[512];
  snprintf(body, sizeof(body),
           "{\"AddressLine1\":\"%s\",\"City\":\"Redmond\",\"State\":\"WA\",\"PostalCode\":\"%s\","
           "\"Country\":\"%s\"}",
           line1, postal, country);
  sc_request(c, "POST", "/v1/validations/address", body, NULL, r);
}

TEST(address_validation_verifies_a_well_formed_address_and_flags_street_and_postal_problems)
{
  struct sc_client c;
  struct sc_reply r;
  CHECK(sc_start(&c, NULL));
  post_address(&c, "1 Microsoft Way", "98052", "US", &r);
  CHECK_INT_EQ(200, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"status\":\"VerifiedShippable\"");
  CHECK_CONTAINS(sc_body(&r), "\"originalAddress\":{\"addressLine1\":\"1 Microsoft Way\"");
  CHECK_CONTAINS(sc_body(&r), "\"suggestedAddresses\":[]");
  sc_reply_free(&r);
  post_address(&c, "Microsoft Way", "98052", "US", &r);
  CHECK_CONTAINS(sc_body(&r), "\"status\":\"StreetPartial\"");
  CHECK_CONTAINS(sc_body(&r), "\"suggestedAddresses\":[{\"addressLine1\":\"1 Microsoft Way\"");
  sc_reply_free(&r);
  post_address(&c, "1 Microsoft Way", "980", "US", &r);
  CHECK_CONTAINS(sc_body(&r), "\"status\":\"None\"");
  CHECK_CONTAINS(sc_body(&r), "\"validationMessage\":\"The postal code");
  sc_reply_free(&r);
  post_address(&c, "1 Main St", "12345", "XX", &r);
  CHECK_CONTAINS(sc_body(&r), "\"status\":\"NotValidated\"");
  sc_reply_free(&r);
  sc_request(&c, "POST", "/v1/validations/address", "{\"AddressLine1\":\"1 A\"}", NULL, &r);
  CHECK_INT_EQ(400, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"code\":3000");
  sc_reply_free(&r);
  sc_stop(&c);
}

TEST(country_rules_serve_the_documented_us_values_and_404_for_an_unknown_market)
{
  struct sc_client c;
  struct sc_reply r;
  CHECK(sc_start(&c, NULL));
  sc_request(&c, "GET", "/v1/countryvalidationrules/US", NULL, NULL, &r);
  CHECK_INT_EQ(200, r.status);
  cJSON *doc = cJSON_Parse(sc_body(&r));
  CHECK_STR_EQ("^\\d{5}(-\\d{4})?$",
               cJSON_GetStringValue(cJSON_GetObjectItem(doc, "postalCodeRegex")));
  CHECK_STR_EQ(
      "^(1[ \\-\\/\\.]?)?(\\((\\d{3})\\)|(\\d{3}))[ \\-\\/\\.]?(\\d{3})[ \\-\\/\\.]?(\\d{4})$",
      cJSON_GetStringValue(cJSON_GetObjectItem(doc, "phoneNumberRegex")));
  CHECK_INT_EQ(51, cJSON_GetArraySize(cJSON_GetObjectItem(doc, "supportedStatesList")));
  CHECK_INT_EQ(2, cJSON_GetArraySize(cJSON_GetObjectItem(doc, "supportedCulturesList")));
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(doc, "isStateRequired")));
  CHECK(cJSON_IsFalse(cJSON_GetObjectItem(doc, "customerOrganizationRegistrationNumberRequired")));
  cJSON_Delete(doc);
  sc_reply_free(&r);
  sc_request(&c, "GET", "/v1/countryvalidationrules/PT", NULL, NULL, &r);
  CHECK_CONTAINS(sc_body(&r), "\"postalCodeRegex\":\"^\\\\d{4}(-\\\\d{3})?$\"");
  CHECK_CONTAINS(sc_body(&r), "\"vatIdRegex\":\"^PT[\\\\d]{9,9}$\"");
  sc_reply_free(&r);
  SC_EXPECT(&c, "GET", "/v1/countryvalidationrules/ZZ", NULL, 404, NULL);
  sc_stop(&c);
}

TEST(every_required_market_has_country_rules)
{
  static const char *const markets[] = {"US", "CA", "GB", "DE", "FR", "NL", "ES",
                                        "IT", "PL", "IN", "BR", "MX", "JP", "AU",
                                        "RU", "UA", "KZ", "TR", "ZA", "AE", "PT"};
  struct sc_client c;
  struct sc_reply r;
  char path[64];
  CHECK(sc_start(&c, NULL));
  for (size_t i = 0; i < sizeof(markets) / sizeof(markets[0]); i++) {
    snprintf(path, sizeof(path), "/v1/countryvalidationrules/%s", markets[i]);
    sc_request(&c, "GET", path, NULL, NULL, &r);
    CHECK_INT_EQ(200, r.status);
    CHECK_CONTAINS(sc_body(&r), markets[i]);
    sc_reply_free(&r);
  }
  sc_stop(&c);
}

TEST(the_relationship_link_has_the_reseller_form_and_the_indirect_form_when_configured)
{
  struct sandbox_options o;
  struct sc_client c;
  struct sc_reply r;
  CHECK(sc_start(&c, NULL));
  sc_request(&c, "GET", "/v1/customers/relationshiprequests", NULL, NULL, &r);
  CHECK_INT_EQ(200, r.status);
  CHECK_STR_EQ("{\"url\":\"https://admin.microsoft.com/Adminportal/Home?invType="
               "ResellerRelationship&partnerId=11111111-2222-3333-4444-555555555555&msppId=0&"
               "DAP=false#/BillingAccounts/partner-invitation\"}",
               sc_body(&r));
  sc_reply_free(&r);
  sc_request(&c, "GET", "/sandbox/state", NULL, NULL, &r);
  CHECK_CONTAINS(sc_body(&r), "\"relationship_link_fetches\":1");
  sc_reply_free(&r);
  sc_stop(&c);
  sandbox_options_init(&o);
  o.partner_type = "indirect_reseller";
  o.partner_mpn_id = "7654321";
  CHECK(sc_start(&c, &o));
  sc_request(&c, "GET", "/v1/customers/relationshiprequests", NULL, NULL, &r);
  CHECK_CONTAINS(sc_body(&r), "invType=IndirectResellerRelationship&partnerId=");
  CHECK_CONTAINS(sc_body(&r), "&msppId=7654321&indirectCSPId=");
  sc_reply_free(&r);
  sc_stop(&c);
}

static const char attestation[] =
    "{\"primaryContact\":{\"firstName\":\"Jane\",\"lastName\":\"Doe\",\"email\":\"jane@x.example\"}"
    ","
    "\"templateId\":\"117a77b0-9360-443b-8795-c6dedc750cf9\",\"dateAgreed\":"
    "\"2024-01-31T00:00:00Z\",\"type\":\"MicrosoftCustomerAgreement\"}";

TEST(the_mca_template_is_served_and_an_attestation_is_201_then_600061_then_404_for_strangers)
{
  struct sc_client c;
  struct sc_reply r;
  char body[2048], path[128];
  CHECK(sc_start(&c, NULL));
  sc_request(&c, "GET", "/v1/agreements?agreementType=MicrosoftCustomerAgreement", NULL, NULL, &r);
  CHECK_INT_EQ(200, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"totalCount\":1");
  CHECK_CONTAINS(sc_body(&r), "\"templateId\":\"117a77b0-9360-443b-8795-c6dedc750cf9\"");
  CHECK_CONTAINS(sc_body(&r), "\"agreementType\":\"MicrosoftCustomerAgreement\"");
  sc_reply_free(&r);
  sc_us_customer(body, sizeof(body), "agreed", "");
  sc_request(&c, "POST", "/v1/customers", body, NULL, &r);
  const char *id = strstr(sc_body(&r), "\"id\":\"") + 6;
  snprintf(path, sizeof(path), "/v1/customers/%.36s/agreements", id);
  sc_reply_free(&r);
  SC_EXPECT(&c, "POST", path, attestation, 201, NULL);
  SC_EXPECT(&c, "POST", path, attestation, 400, "\"code\":600061");
  sc_request(&c, "POST", "/v1/customers/00000000-0000-4000-8000-000000000000/agreements",
             attestation, NULL, &r);
  CHECK_INT_EQ(404, r.status);
  sc_reply_free(&r);
  sc_request(&c, "GET", "/sandbox/state", NULL, NULL, &r);
  CHECK_CONTAINS(sc_body(&r), "\"attestations\":[{\"customer_id\":\"");
  CHECK_CONTAINS(sc_body(&r), "\"POST /v1/customers/agreements\":{\"201\":1,\"400\":1,\"404\":1}");
  sc_reply_free(&r);
  sc_stop(&c);
}

TEST(an_accepted_invitation_puts_the_tenant_in_the_customer_list_and_in_the_state)
{
  struct sandbox_options o;
  struct sc_client c;
  struct sc_reply r;
  sandbox_options_init(&o);
  o.tenants_file = "samples/sandbox-tenants.json";
  CHECK(sc_start(&c, &o));
  sc_request(&c, "GET", "/v1/customers", NULL, NULL, &r);
  CHECK(!strstr(sc_body(&r), "wingtiptoys.com"));
  sc_reply_free(&r);
  sc_request(&c, "POST", "/sandbox/invitations/7c9e6679-7425-40de-944b-e07fc1f90ae7/accept", NULL,
             NULL, &r);
  CHECK_INT_EQ(200, r.status);
  sc_reply_free(&r);
  sc_request(&c, "GET", "/v1/customers", NULL, NULL, &r);
  CHECK_CONTAINS(sc_body(&r), "\"domain\":\"wingtiptoys.com\"");
  sc_reply_free(&r);
  sc_request(&c, "GET", "/sandbox/state", NULL, NULL, &r);
  CHECK_CONTAINS(sc_body(&r), "\"invitations\":[{\"tenant_id\":\"7c9e6679-7425-40de-944b-"
                              "e07fc1f90ae7\",\"domain\":\"wingtiptoys.com\"");
  sc_reply_free(&r);
  sc_request(&c, "POST", "/sandbox/invitations/7c9e6679-7425-40de-944b-e07fc1f90ae7/accept", NULL,
             NULL, &r);
  CHECK_INT_EQ(409, r.status);
  sc_reply_free(&r);
  sc_request(&c, "POST", "/sandbox/invitations/00000000-0000-4000-8000-000000000000/accept", NULL,
             NULL, &r);
  CHECK_INT_EQ(404, r.status);
  sc_reply_free(&r);
  sc_stop(&c);
}

TEST(unknown_routes_are_404_wrong_methods_405_and_malformed_json_400)
{
  struct sc_client c;
  struct sc_reply r;
  char allow[64];
  CHECK(sc_start(&c, NULL));
  SC_EXPECT(&c, "GET", "/v1/nothing", NULL, 404, "\"code\":\"NotFound\"");
  sc_request(&c, "DELETE", "/v1/customers", NULL, NULL, &r);
  CHECK_INT_EQ(405, r.status);
  CHECK_STR_EQ("POST, GET", sc_header(&r, "Allow", allow, sizeof(allow)));
  sc_reply_free(&r);
  sc_request(&c, "POST", "/v1/customers", "{\"CompanyProfile\":", NULL, &r);
  CHECK_INT_EQ(400, r.status);
  sc_reply_free(&r);
  SC_EXPECT(&c, "POST", "/v1/validations/address", "[1,2", 400, NULL);
  SC_EXPECT(&c, "GET", "/v1/customers?size=abc", NULL, 400, NULL);
  sc_request(&c, "GET", "/sandbox/state", NULL, NULL, &r);
  CHECK_CONTAINS(sc_body(&r), "\"other\":{\"404\":1,\"405\":1}");
  sc_reply_free(&r);
  sc_stop(&c);
}

TEST(a_body_over_the_cap_is_413_and_the_server_keeps_serving)
{
  struct sc_client c;
  size_t n = CSP_SANDBOX_MAX_BODY + 10;
  char *big = malloc(n + 1);
  memset(big, 'x', n);
  big[n] = '\0';
  CHECK(sc_start(&c, NULL));
  SC_EXPECT(&c, "POST", "/v1/customers", big, 413, NULL);
  SC_EXPECT(&c, "HEAD", "/v1/domains/after.onmicrosoft.com", NULL, 404, NULL);
  free(big);
  sc_stop(&c);
}

/* The fuzz input (test_fuzz_sandbox): an MS-RequestId of 20 KiB. The sandbox echoed it into
 * the reply's headers, which then did not fit in MHD's 32 KiB connection pool, and MHD closed
 * the connection without any answer. */
TEST(a_huge_request_id_gets_an_answer_without_the_echo)
{
  struct sc_client c;
  struct sc_reply r;
  static char header[20 * 1024];
  int n = snprintf(header, sizeof(header), "MS-RequestId: ");
  memset(header + n, '7', sizeof(header) - (size_t)n - 1);
  const char *const headers[] = {header, "MS-CorrelationId: 0f0e0d0c", NULL};
  char echoed[64];
  CHECK(sc_start(&c, NULL));
  sc_request(&c, "GET", "/sandbox/state", NULL, headers, &r);
  CHECK_INT_EQ(CURLE_OK, r.curl);
  CHECK_INT_EQ(200, r.status);
  CHECK_STR_EQ("", sc_header(&r, "MS-RequestId", echoed, sizeof(echoed)));
  CHECK_STR_EQ("0f0e0d0c", sc_header(&r, "MS-CorrelationId", echoed, sizeof(echoed)));
  sc_reply_free(&r);
  sc_stop(&c);
}

/* The fuzz input (test_fuzz_sandbox): GET /v1/customers/%FF%FE, and an address whose line
 * holds a byte that is not UTF-8. The sandbox echoed the bytes into its JSON answer, which
 * was then not UTF-8; each bad byte is now U+FFFD. */
TEST(bytes_that_are_not_utf8_are_not_echoed_into_json_answers)
{
  struct sc_client c;
  struct sc_reply r;
  CHECK(sc_start(&c, NULL));
  sc_request(&c, "GET", "/v1/customers/%FF%FE", NULL, NULL, &r);
  CHECK_INT_EQ(404, r.status);
  CHECK_CONTAINS(sc_body(&r), "/v1/customers/\xEF\xBF\xBD\xEF\xBF\xBD.");
  sc_reply_free(&r);
  post_address(&c, "1 Micro\xC3soft Way", "98052", "US", &r);
  CHECK_INT_EQ(200, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"1 Micro\xEF\xBF\xBDsoft Way\"");
  sc_reply_free(&r);
  sc_stop(&c);
}

/* The fuzz input (test_fuzz_sandbox): an address without addressLine1 (or with a number
 * there). It is StreetPartial, and its suggestion's new line replaced nothing and leaked;
 * the line was also formatted from a NULL string. */
TEST(an_address_without_a_first_line_gets_a_suggestion_with_one)
{
  struct sc_client c;
  struct sc_reply r;
  CHECK(sc_start(&c, NULL));
  sc_request(&c, "POST", "/v1/validations/address",
             "{\"AddressLine1\":7,\"City\":\"Redmond\",\"State\":\"WA\",\"PostalCode\":"
             "\"98052\",\"Country\":\"US\"}",
             NULL, &r);
  CHECK_INT_EQ(200, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"status\":\"StreetPartial\"");
  CHECK_CONTAINS(sc_body(&r), "\"addressLine1\":\"1 \"");
  sc_reply_free(&r);
  sc_stop(&c);
}

RUN_TESTS()
