/* Tests for src/partner_center/requests.c: exact JSON bodies, routes, URL escaping, headers
 * and link following. */
#include "partner_center/requests.h"

#include <string.h>

#include "check.h"
#include "base/errors.h"

#define BASE "https://api.partnercenter.microsoft.com"
#define RID "11111111-1111-4111-8111-111111111111"
#define CID "22222222-2222-4222-8222-222222222222"

/* A row with every create field filled (US, no optional values). */
static void fill_row(struct row *row)
{
  row_init(row);
  row_set(row, FIELD_COMPANY_NAME, "Contoso Ltd");
  row_set(row, FIELD_DOMAIN, "contoso123");
  row_set(row, FIELD_FIRST_NAME, "Ada");
  row_set(row, FIELD_LAST_NAME, "Lovelace");
  row_set(row, FIELD_EMAIL, "ada@contoso.example");
  row_set(row, FIELD_ADDRESS_LINE1, "1 Microsoft Way");
  row_set(row, FIELD_CITY, "Redmond");
  row_set(row, FIELD_POSTAL_CODE, "98052");
  row_set(row, FIELD_COUNTRY, "US");
  row_set(row, FIELD_CULTURE, "en-US");
  row_set(row, FIELD_LANGUAGE, "en");
}

static struct pc_call call_for(struct row *row, const char *base)
{
  return (struct pc_call){base, "tok.en", RID, CID, &row->arena};
}

/* The value of header name in req, or NULL. */
static const char *header(const struct http_request *req, const char *name)
{
  for (size_t i = 0; i < req->nheaders; i++)
    if (strcmp(req->headers[i].name, name) == 0)
      return req->headers[i].value;
  return NULL;
}

TEST(a_direct_create_sends_the_documented_body_without_empty_optional_fields)
{
  struct row row;
  fill_row(&row);
  struct pc_call call = call_for(&row, BASE "/");
  struct pc_create_options opt = {true, false};
  struct http_request req;
  row_set(&row, FIELD_ASSOCIATED_PARTNER_ID, "should-not-be-sent");
  CHECK_INT_EQ(CSP_E_OK, pc_request_create_customer(&call, &row, &opt, &req));
  CHECK_STR_EQ("POST", req.method);
  CHECK_STR_EQ(BASE "/v1/customers", req.url);
  CHECK_STR_EQ("{\"enableGDAPByDefault\":true,"
               "\"CompanyProfile\":{\"Domain\":\"contoso123.onmicrosoft.com\"},"
               "\"BillingProfile\":{\"Email\":\"ada@contoso.example\",\"Culture\":\"en-US\","
               "\"Language\":\"en\",\"CompanyName\":\"Contoso Ltd\",\"DefaultAddress\":{"
               "\"FirstName\":\"Ada\",\"LastName\":\"Lovelace\","
               "\"AddressLine1\":\"1 Microsoft Way\",\"City\":\"Redmond\","
               "\"PostalCode\":\"98052\",\"Country\":\"US\"}}}",
               req.body);
  CHECK_INT_EQ(strlen(req.body), req.body_len);
  CHECK_STR_EQ("application/json", header(&req, "Content-Type"));
  row_release(&row);
}

TEST(a_create_with_every_optional_field_sends_them_all)
{
  struct row row;
  fill_row(&row);
  row_set(&row, FIELD_DOMAIN, "contoso123.onmicrosoft.com");
  row_set(&row, FIELD_MIDDLE_NAME, "King");
  row_set(&row, FIELD_ADDRESS_LINE2, "Building 7");
  row_set(&row, FIELD_ADDRESS_LINE3, "Floor \"3\"");
  row_set(&row, FIELD_STATE, "WA");
  row_set(&row, FIELD_PHONE, "+1 425 555 0100");
  row_set(&row, FIELD_ORG_REG_NUMBER, "1234567890");
  struct pc_call call = call_for(&row, BASE);
  struct pc_create_options opt = {false, false};
  struct http_request req;
  CHECK_INT_EQ(CSP_E_OK, pc_request_create_customer(&call, &row, &opt, &req));
  CHECK_STR_EQ("{\"enableGDAPByDefault\":false,"
               "\"CompanyProfile\":{\"Domain\":\"contoso123.onmicrosoft.com\","
               "\"OrganizationRegistrationNumber\":\"1234567890\"},"
               "\"BillingProfile\":{\"Email\":\"ada@contoso.example\",\"Culture\":\"en-US\","
               "\"Language\":\"en\",\"CompanyName\":\"Contoso Ltd\",\"DefaultAddress\":{"
               "\"FirstName\":\"Ada\",\"MiddleName\":\"King\",\"LastName\":\"Lovelace\","
               "\"AddressLine1\":\"1 Microsoft Way\",\"AddressLine2\":\"Building 7\","
               "\"AddressLine3\":\"Floor \\\"3\\\"\",\"City\":\"Redmond\",\"State\":\"WA\","
               "\"PostalCode\":\"98052\",\"Country\":\"US\",\"PhoneNumber\":\"+1 425 555 0100\"}}}",
               req.body);
  CHECK(!strstr(req.body, "userCredentials"));
  row_release(&row);
}

TEST(an_indirect_provider_create_names_the_associated_partner)
{
  struct row row;
  fill_row(&row);
  row_set(&row, FIELD_ASSOCIATED_PARTNER_ID, "33333333-3333-4333-8333-333333333333");
  struct pc_call call = call_for(&row, BASE);
  struct pc_create_options opt = {true, true};
  struct http_request req;
  CHECK_INT_EQ(CSP_E_OK, pc_request_create_customer(&call, &row, &opt, &req));
  CHECK_CONTAINS(req.body, "{\"enableGDAPByDefault\":true,"
                           "\"AssociatedPartnerId\":\"33333333-3333-4333-8333-333333333333\","
                           "\"CompanyProfile\":");
  row_release(&row);
}

TEST(every_request_carries_the_common_headers)
{
  struct row row;
  fill_row(&row);
  struct pc_call call = call_for(&row, BASE);
  struct http_request req;
  CHECK_INT_EQ(CSP_E_OK, pc_request_relationship_link(&call, &req));
  CHECK_STR_EQ("GET", req.method);
  CHECK_STR_EQ(BASE "/v1/customers/relationshiprequests", req.url);
  CHECK_STR_EQ("Bearer tok.en", header(&req, "Authorization"));
  CHECK_STR_EQ("application/json", header(&req, "Accept"));
  CHECK_STR_EQ(RID, header(&req, "MS-RequestId"));
  CHECK_STR_EQ(CID, header(&req, "MS-CorrelationId"));
  CHECK_STR_EQ("en-US", header(&req, "X-Locale"));
  CHECK(header(&req, "Content-Type") == NULL);
  CHECK(req.body == NULL);
  row_release(&row);
}

TEST(the_domain_check_is_a_head_with_the_domain_escaped)
{
  struct row row;
  fill_row(&row);
  struct pc_call call = call_for(&row, BASE);
  struct http_request req;
  CHECK_INT_EQ(CSP_E_OK, pc_request_domain_check(&call, "contoso123", &req));
  CHECK_STR_EQ("HEAD", req.method);
  CHECK_STR_EQ(BASE "/v1/domains/contoso123.onmicrosoft.com", req.url);
  CHECK_INT_EQ(CSP_E_OK, pc_request_domain_check(&call, "a b/c?.onmicrosoft.com", &req));
  CHECK_STR_EQ(BASE "/v1/domains/a%20b%2Fc%3F.onmicrosoft.com", req.url);
  row_release(&row);
}

TEST(address_validation_posts_the_address_lines_that_are_present)
{
  struct row row;
  fill_row(&row);
  row_set(&row, FIELD_STATE, "WA");
  struct pc_call call = call_for(&row, BASE);
  struct http_request req;
  CHECK_INT_EQ(CSP_E_OK, pc_request_validate_address(&call, &row, &req));
  CHECK_STR_EQ("POST", req.method);
  CHECK_STR_EQ(BASE "/v1/validations/address", req.url);
  CHECK_STR_EQ("{\"AddressLine1\":\"1 Microsoft Way\",\"City\":\"Redmond\",\"State\":\"WA\","
               "\"PostalCode\":\"98052\",\"Country\":\"US\"}",
               req.body);
  row_release(&row);
}

TEST(the_customer_list_asks_for_a_page_size)
{
  struct row row;
  fill_row(&row);
  struct pc_call call = call_for(&row, BASE);
  struct http_request req;
  CHECK_INT_EQ(CSP_E_OK, pc_request_customers_page(&call, 500, &req));
  CHECK_STR_EQ(BASE "/v1/customers?size=500", req.url);
  row_release(&row);
}

TEST(a_domain_filter_is_url_encoded_json)
{
  struct row row;
  fill_row(&row);
  struct pc_call call = call_for(&row, BASE);
  struct http_request req;
  CHECK_INT_EQ(CSP_E_OK,
               pc_request_customers_filter(&call, PC_FILTER_DOMAIN, "con\"to&so", 10, &req));
  CHECK_STR_EQ(BASE "/v1/customers?size=10&filter=%7B%22Field%22%3A%22Domain%22%2C%22Value%22"
                    "%3A%22con%5C%22to%26so%22%2C%22Operator%22%3A%22starts_with%22%7D",
               req.url);
  CHECK_INT_EQ(CSP_E_OK,
               pc_request_customers_filter(&call, PC_FILTER_COMPANY_NAME, "Contoso", 10, &req));
  CHECK_CONTAINS(req.url, "%22Field%22%3A%22CompanyName%22");
  row_release(&row);
}

static const char *const TOKEN = "a+b/c=d,e==";

TEST(a_relative_continuation_link_is_joined_to_the_versioned_base)
{
  struct row row;
  fill_row(&row);
  struct pc_call call = call_for(&row, BASE);
  struct pc_link link = {
      "/customers?size=40&seekOperation=Next", NULL, {{"MS-ContinuationToken", TOKEN}}, 1};
  struct http_request req;
  CHECK_INT_EQ(CSP_E_OK, pc_request_follow_link(&call, &link, &req));
  CHECK_STR_EQ("GET", req.method);
  CHECK_STR_EQ(BASE "/v1/customers?size=40&seekOperation=Next", req.url);
  CHECK_STR_EQ(TOKEN, header(&req, "MS-ContinuationToken"));
  CHECK_STR_EQ("Bearer tok.en", header(&req, "Authorization"));
  link.uri = "/v1/customers?seekOperation=Next";
  CHECK_INT_EQ(CSP_E_OK, pc_request_follow_link(&call, &link, &req));
  CHECK_STR_EQ(BASE "/v1/customers?seekOperation=Next", req.url);
  link.uri = "customers?seekOperation=Next";
  CHECK_INT_EQ(CSP_E_OK, pc_request_follow_link(&call, &link, &req));
  CHECK_STR_EQ(BASE "/v1/customers?seekOperation=Next", req.url);
  row_release(&row);
}

TEST(an_absolute_continuation_link_is_followed_as_given)
{
  struct row row;
  fill_row(&row);
  struct pc_call call = call_for(&row, BASE);
  struct pc_link link = {"HTTPS://api.partnercenter.microsoft.com/v1/customers?seekOperation=Next",
                         "GET",
                         {{"MS-ContinuationToken", TOKEN}},
                         1};
  struct http_request req;
  CHECK_INT_EQ(CSP_E_OK, pc_request_follow_link(&call, &link, &req));
  CHECK_STR_EQ("HTTPS://api.partnercenter.microsoft.com/v1/customers?seekOperation=Next", req.url);
  CHECK_STR_EQ(TOKEN, header(&req, "MS-ContinuationToken"));
  row_release(&row);
}

TEST(an_absolute_link_to_another_origin_is_refused)
{
  struct row row;
  fill_row(&row);
  struct pc_call call = call_for(&row, "http://127.0.0.1:8080");
  struct pc_link link = {"http://127.0.0.1:9/v1/customers", NULL, {{0}}, 0};
  struct http_request req;
  CHECK_INT_EQ(CSP_E_PROTOCOL, pc_request_follow_link(&call, &link, &req));
  link.uri = "http://127.0.0.1:8080.evil.com/v1/customers";
  CHECK_INT_EQ(CSP_E_PROTOCOL, pc_request_follow_link(&call, &link, &req));
  link.uri = "http://127.0.0.1:8080/v1/customers?seekOperation=Next";
  CHECK_INT_EQ(CSP_E_OK, pc_request_follow_link(&call, &link, &req));
  row_release(&row);
}

TEST(a_link_with_a_line_break_is_refused)
{
  struct row row;
  fill_row(&row);
  struct pc_call call = call_for(&row, BASE);
  struct pc_link link = {"/customers", NULL, {{"MS-ContinuationToken", "x\r\nEvil: 1"}}, 1};
  struct http_request req;
  CHECK_INT_EQ(CSP_E_PROTOCOL, pc_request_follow_link(&call, &link, &req));
  struct pc_link none = {0};
  CHECK_INT_EQ(CSP_E_PROTOCOL, pc_request_follow_link(&call, &none, &req));
  row_release(&row);
}

TEST(the_agreement_template_request_names_the_mca)
{
  struct row row;
  fill_row(&row);
  struct pc_call call = call_for(&row, BASE);
  struct http_request req;
  CHECK_INT_EQ(CSP_E_OK, pc_request_agreement_templates(&call, &req));
  CHECK_STR_EQ(BASE "/v1/agreements?agreementType=MicrosoftCustomerAgreement", req.url);
  row_release(&row);
}

TEST(an_mca_attestation_uses_the_row_contact_and_acceptance_date)
{
  struct row row;
  fill_row(&row);
  row_set(&row, FIELD_MCA_ACCEPTED_AT, "2024-01-31");
  struct pc_call call = call_for(&row, BASE);
  struct http_request req;
  CHECK_INT_EQ(CSP_E_OK, pc_request_attest_mca(&call, &row, "cust-1", "tmpl-1", 0, &req));
  CHECK_STR_EQ("POST", req.method);
  CHECK_STR_EQ(BASE "/v1/customers/cust-1/agreements", req.url);
  CHECK_STR_EQ("{\"primaryContact\":{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
               "\"email\":\"ada@contoso.example\"},\"templateId\":\"tmpl-1\","
               "\"dateAgreed\":\"2024-01-31T00:00:00Z\",\"type\":\"MicrosoftCustomerAgreement\"}",
               req.body);
  row_set(&row, FIELD_PHONE, "4255550100");
  CHECK_INT_EQ(CSP_E_OK, pc_request_attest_mca(&call, &row, "cust-1", "tmpl-1", 0, &req));
  CHECK_CONTAINS(req.body, "\"email\":\"ada@contoso.example\",\"phoneNumber\":\"4255550100\"}");
  row_release(&row);
}

TEST(the_agreement_date_defaults_to_now_and_keeps_a_full_timestamp)
{
  struct arena a;
  arena_init(&a, 0);
  CHECK_STR_EQ("2024-02-29T12:34:56Z", pc_date_agreed(&a, "", 1709210096));
  CHECK_STR_EQ("2024-01-31T08:00:00Z", pc_date_agreed(&a, "2024-01-31T08:00:00Z", 0));
  CHECK_STR_EQ("2024-01-31T00:00:00Z", pc_date_agreed(&a, "2024-01-31", 0));
  arena_release(&a);
}

TEST(a_bare_prefix_becomes_an_onmicrosoft_domain)
{
  struct arena a;
  arena_init(&a, 0);
  CHECK_STR_EQ("fabrikam.onmicrosoft.com", pc_onmicrosoft_domain(&a, "fabrikam"));
  CHECK_STR_EQ("fabrikam.onmicrosoft.com", pc_onmicrosoft_domain(&a, "fabrikam.onmicrosoft.com"));
  CHECK_STR_EQ("fabrikam.com", pc_onmicrosoft_domain(&a, "fabrikam.com"));
  arena_release(&a);
}

TEST(a_full_arena_makes_the_builder_fail_cleanly)
{
  struct row row;
  fill_row(&row);
  struct arena tiny;
  arena_init(&tiny, 64);
  struct pc_call call = {BASE, "tok.en", RID, CID, &tiny};
  struct pc_create_options opt = {true, false};
  struct http_request req;
  CHECK_INT_EQ(CSP_E_LIMIT, pc_request_create_customer(&call, &row, &opt, &req));
  arena_release(&tiny);
  row_release(&row);
}

RUN_TESTS()
