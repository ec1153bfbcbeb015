/* Tests for src/partner_center/responses.c: every response shape, the BOM, code as number or
 * string, and malformed bodies that must give CSP_E_PROTOCOL rather than a crash. */
#include "partner_center/responses.h"

#include <string.h>

#include "check.h"
#include "base/errors.h"

#define PARSE(fn, body, ...) fn(body, strlen(body), __VA_ARGS__)

static struct arena A;

static void release_arena(void)
{
  arena_release(&A);
}

/* Empties the shared arena (freed at exit, so the leak checker stays quiet). */
static void fresh(void)
{
  static int registered;
  if (!registered)
    registered = atexit(release_arena) == 0;
  arena_release(&A);
  arena_init(&A, 0);
}

TEST(an_error_with_a_numeric_code_gives_the_code_as_text)
{
  struct pc_api_error err;
  fresh();
  CHECK_INT_EQ(CSP_E_OK, PARSE(pc_parse_error,
                               "{\"code\":600049,\"description\":\"Registration number required\","
                               "\"data\":[],\"source\":\"PartnerFD\"}",
                               &A, &err));
  CHECK_STR_EQ("600049", err.code);
  CHECK_STR_EQ("Registration number required", err.description);
}

TEST(an_error_with_a_string_code_is_kept_as_written)
{
  struct pc_api_error err;
  fresh();
  CHECK_INT_EQ(CSP_E_OK,
               PARSE(pc_parse_error, "{\"code\":\"2030\",\"description\":\"market\"}", &A, &err));
  CHECK_STR_EQ("2030", err.code);
  CHECK_STR_EQ("market", err.description);
}

TEST(the_pools_error_code_parser_gives_the_code_or_an_empty_text)
{
  char code[32] = "x";
  const char *body = "{\"code\":600049,\"description\":\"Registration number required\"}";
  pc_error_code(body, strlen(body), code, sizeof(code));
  CHECK_STR_EQ("600049", code);
  pc_error_code("not json", 8, code, sizeof(code));
  CHECK_STR_EQ("", code);
  char small[4];
  pc_error_code(body, strlen(body), small, sizeof(small)); /* truncated, still terminated */
  CHECK_STR_EQ("600", small);
}

TEST(the_throttling_body_gives_429_and_its_message)
{
  struct pc_api_error err;
  fresh();
  CHECK_INT_EQ(CSP_E_OK, PARSE(pc_parse_error,
                               "{ \"statusCode\": 429, \"message\": \"Rate limit is exceeded. "
                               "Try again in 57 seconds.\" }",
                               &A, &err));
  CHECK_STR_EQ("429", err.code);
  CHECK_CONTAINS(err.description, "57 seconds");
}

TEST(an_oauth_error_gives_its_error_and_description)
{
  struct pc_api_error err;
  fresh();
  CHECK_INT_EQ(CSP_E_OK, PARSE(pc_parse_error,
                               "{\"error\":\"invalid_grant\",\"error_description\":"
                               "\"AADSTS70000: expired\"}",
                               &A, &err));
  CHECK_STR_EQ("invalid_grant", err.code);
  CHECK_STR_EQ("AADSTS70000: expired", err.description);
  CHECK_INT_EQ(CSP_E_OK, PARSE(pc_parse_error, "{\"error\":{\"code\":\"Forbidden\"}}", &A, &err));
  CHECK_STR_EQ("Forbidden", err.code);
  CHECK_STR_EQ("", err.description);
}

TEST(an_error_body_after_a_bom_is_parsed)
{
  struct pc_api_error err;
  fresh();
  CHECK_INT_EQ(CSP_E_OK, PARSE(pc_parse_error, "\xEF\xBB\xBF{\"code\":3000,\"description\":\"x\"}",
                               &A, &err));
  CHECK_STR_EQ("3000", err.code);
}

TEST(a_body_without_an_error_shape_is_a_protocol_error)
{
  struct pc_api_error err;
  fresh();
  CHECK_INT_EQ(CSP_E_PROTOCOL, PARSE(pc_parse_error, "{\"description\":\"x\"}", &A, &err));
  CHECK_INT_EQ(CSP_E_PROTOCOL, PARSE(pc_parse_error, "<html>Bad gateway</html>", &A, &err));
  CHECK_INT_EQ(CSP_E_PROTOCOL, pc_parse_error("", 0, &A, &err));
  CHECK_INT_EQ(CSP_E_PROTOCOL, pc_parse_error(NULL, 0, &A, &err));
  CHECK_STR_EQ("", err.code);
}

TEST(attestation_code_600061_counts_as_already_attested)
{
  struct pc_api_error dup = {"600061", ""}, other = {"600006", ""};
  CHECK(pc_error_is_mca_already_attested(&dup));
  CHECK(!pc_error_is_mca_already_attested(&other));
}

static const char CREATED[] =
    "\xEF\xBB\xBF{\"id\":\"cust-1\",\"commerceId\":\"c\",\"companyProfile\":{\"tenantId\":"
    "\"tenant-1\",\"domain\":\"contoso123.onmicrosoft.com\",\"companyName\":\"Contoso\"},"
    "\"userCredentials\":{\"userName\":\"admin\",\"password\":\"Pa$$w0rd!\"},"
    "\"relationshipToPartner\":\"reseller\"}";

TEST(a_created_customer_gives_ids_domain_and_the_admin_credentials)
{
  struct pc_created_customer c;
  fresh();
  CHECK_INT_EQ(CSP_E_OK, PARSE(pc_parse_created_customer, CREATED, &A, &c));
  CHECK_STR_EQ("cust-1", c.customer_id);
  CHECK_STR_EQ("tenant-1", c.tenant_id);
  CHECK_STR_EQ("contoso123.onmicrosoft.com", c.domain);
  CHECK_STR_EQ("admin", c.admin_user);
  CHECK_STR_EQ("Pa$$w0rd!", c.admin_password);
}

TEST(a_created_customer_without_a_tenant_id_uses_its_id)
{
  struct pc_created_customer c;
  fresh();
  CHECK_INT_EQ(CSP_E_OK, PARSE(pc_parse_created_customer, "{\"id\":\"cust-2\"}", &A, &c));
  CHECK_STR_EQ("cust-2", c.tenant_id);
  CHECK(c.domain == NULL && c.admin_user == NULL && c.admin_password == NULL);
  CHECK_INT_EQ(CSP_E_PROTOCOL, PARSE(pc_parse_created_customer, "{\"id\":7}", &A, &c));
}

TEST(every_truncation_of_a_created_customer_is_a_protocol_error)
{
  struct pc_created_customer c;
  size_t n = strlen(CREATED);
  for (size_t len = 0; len < n - 1; len++) {
    fresh();
    CHECK_INT_EQ(CSP_E_PROTOCOL, pc_parse_created_customer(CREATED, len, &A, &c));
  }
}

TEST(garbage_bodies_are_protocol_errors)
{
  static const char *const bodies[] = {"",
                                       "\xEF\xBB\xBF",
                                       "null",
                                       "[]",
                                       "42",
                                       "\"id\"",
                                       "{\"id\":\"x\"} trailing",
                                       "{{{{",
                                       "\xff\xfe{}",
                                       "{\"items\":{}}",
                                       "{\"items\":[1,2"};
  struct pc_created_customer c;
  const char *url;
  struct pc_address_check chk;
  for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
    fresh();
    CHECK_INT_EQ(CSP_E_PROTOCOL, PARSE(pc_parse_created_customer, bodies[i], &A, &c));
    CHECK_INT_EQ(CSP_E_PROTOCOL, PARSE(pc_parse_relationship_link, bodies[i], &A, &url));
    CHECK_INT_EQ(CSP_E_PROTOCOL, PARSE(pc_parse_address_check, bodies[i], &A, &chk));
  }
}

struct dedup {
  int n;
  char ids[4][64];
  char domains[4][64];
};

static int remember(void *ctx, const struct pc_customer *c)
{
  struct dedup *s = ctx;
  if (s->n < 4) {
    snprintf(s->ids[s->n], sizeof(s->ids[0]), "%s/%s/%s", c->id, c->tenant_id, c->company_name);
    snprintf(s->domains[s->n], sizeof(s->domains[0]), "%s", c->domain);
  }
  s->n++;
  return 0;
}

TEST(a_customer_page_gives_each_customer_and_the_next_link)
{
  struct dedup s = {0};
  struct pc_link next;
  fresh();
  CHECK_INT_EQ(CSP_E_OK,
               PARSE(pc_parse_customer_page,
                     "{\"totalCount\":2,\"items\":[{\"id\":\"a\",\"companyProfile\":{\"tenantId\":"
                     "\"ta\",\"domain\":\"a.onmicrosoft.com\",\"companyName\":\"A Inc\"}},"
                     "{\"id\":\"b\"},{\"noid\":true}],\"links\":{\"next\":{\"uri\":"
                     "\"/customers?size=2&seekOperation=Next\",\"method\":\"GET\",\"headers\":[{"
                     "\"key\":\"MS-ContinuationToken\",\"value\":\"a,b/c+d=e==\"}]}}}",
                     remember, &s, &A, &next));
  CHECK_INT_EQ(2, s.n);
  CHECK_STR_EQ("a/ta/A Inc", s.ids[0]);
  CHECK_STR_EQ("a.onmicrosoft.com", s.domains[0]);
  CHECK_STR_EQ("b/b/", s.ids[1]);
  CHECK_STR_EQ("/customers?size=2&seekOperation=Next", next.uri);
  CHECK_STR_EQ("GET", next.method);
  CHECK_INT_EQ(1, next.nheaders);
  CHECK_STR_EQ("MS-ContinuationToken", next.headers[0].name);
  CHECK_STR_EQ("a,b/c+d=e==", next.headers[0].value);
}

TEST(every_truncation_of_a_customer_page_is_a_protocol_error)
{
  static const char page[] =
      "{\"items\":[{\"id\":\"a\",\"companyProfile\":{\"domain\":\"a.onmicrosoft.com\"}}],"
      "\"links\":{\"next\":{\"uri\":\"/"
      "customers\",\"headers\":[{\"key\":\"k\",\"value\":\"v\"}]}}}";
  struct dedup s = {0};
  struct pc_link next;
  for (size_t len = 0; len < sizeof(page) - 2; len++) {
    fresh();
    CHECK_INT_EQ(CSP_E_PROTOCOL, pc_parse_customer_page(page, len, remember, &s, &A, &next));
  }
  CHECK_INT_EQ(0, s.n);
}

TEST(the_last_customer_page_has_no_next_link)
{
  struct dedup s = {0};
  struct pc_link next;
  fresh();
  CHECK_INT_EQ(CSP_E_OK,
               PARSE(pc_parse_customer_page, "{\"totalCount\":0,\"items\":[],\"links\":{}}",
                     remember, &s, &A, &next));
  CHECK_INT_EQ(0, s.n);
  CHECK(next.uri == NULL);
}

static int stop_at_first(void *ctx, const struct pc_customer *c)
{
  (void)c;
  ++*(int *)ctx;
  return CSP_E_INTERRUPTED;
}

TEST(a_callback_can_stop_the_page_walk)
{
  int calls = 0;
  struct pc_link next;
  fresh();
  CHECK_INT_EQ(CSP_E_INTERRUPTED,
               PARSE(pc_parse_customer_page, "{\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}]}",
                     stop_at_first, &calls, &A, &next));
  CHECK_INT_EQ(1, calls);
}

TEST(a_page_without_items_or_with_too_many_link_headers_is_a_protocol_error)
{
  struct dedup s = {0};
  struct pc_link next;
  fresh();
  CHECK_INT_EQ(CSP_E_PROTOCOL,
               PARSE(pc_parse_customer_page, "{\"totalCount\":0}", remember, &s, &A, &next));
  CHECK_INT_EQ(CSP_E_PROTOCOL,
               PARSE(pc_parse_customer_page,
                     "{\"items\":[],\"links\":{\"next\":{\"uri\":\"/x\",\"headers\":["
                     "{\"key\":\"a\",\"value\":\"1\"},{\"key\":\"b\",\"value\":\"2\"},"
                     "{\"key\":\"c\",\"value\":\"3\"},{\"key\":\"d\",\"value\":\"4\"},"
                     "{\"key\":\"e\",\"value\":\"5\"}]}}}",
                     remember, &s, &A, &next));
  CHECK(next.uri == NULL);
}

TEST(the_relationship_request_gives_the_invitation_url)
{
  const char *url = NULL;
  fresh();
  CHECK_INT_EQ(CSP_E_OK, PARSE(pc_parse_relationship_link,
                               "{\"url\":\"https://admin.microsoft.com/Adminportal/Home?invType="
                               "ResellerRelationship&partnerId=p&msppId=0&DAP=false\"}",
                               &A, &url));
  CHECK_CONTAINS(url, "invType=ResellerRelationship&partnerId=p");
}

TEST(the_agreement_list_gives_the_mca_template_id)
{
  const char *id = NULL;
  fresh();
  CHECK_INT_EQ(CSP_E_OK, PARSE(pc_parse_agreement_template,
                               "{\"totalCount\":2,\"items\":[{\"templateId\":\"other\","
                               "\"agreementType\":\"MicrosoftCloudAgreement\"},{\"templateId\":"
                               "\"117a77b0-9360-443b-8795-c6dedc750cf9\",\"agreementType\":"
                               "\"MicrosoftCustomerAgreement\"}]}",
                               &A, &id));
  CHECK_STR_EQ("117a77b0-9360-443b-8795-c6dedc750cf9", id);
  CHECK_INT_EQ(CSP_E_NOT_FOUND, PARSE(pc_parse_agreement_template, "{\"items\":[]}", &A, &id));
  CHECK_INT_EQ(CSP_E_PROTOCOL, PARSE(pc_parse_agreement_template, "{\"items\":", &A, &id));
}

TEST(a_verified_address_is_good_and_has_no_suggestion_when_none_is_given)
{
  struct pc_address_check chk;
  fresh();
  CHECK_INT_EQ(CSP_E_OK,
               PARSE(pc_parse_address_check,
                     "{\"originalAddress\":{},\"suggestedAddresses\":[],\"status\":\"Verified\"}",
                     &A, &chk));
  CHECK(chk.verified);
  CHECK_STR_EQ("Verified", chk.status);
  CHECK(chk.suggested == NULL && chk.message == NULL);
}

TEST(an_unverified_address_gives_the_first_suggestion_on_one_line)
{
  struct pc_address_check chk;
  fresh();
  CHECK_INT_EQ(CSP_E_OK, PARSE(pc_parse_address_check,
                               "{\"suggestedAddresses\":[{\"addressLine1\":\"1 Microsoft Way\","
                               "\"city\":\"Redmond\",\"state\":\"WA\",\"postalCode\":\"98052\","
                               "\"country\":\"US\"},{\"addressLine1\":\"2 Other\"}],"
                               "\"status\":\"StreetPartial\",\"validationMessage\":\"check it\"}",
                               &A, &chk));
  CHECK(!chk.verified);
  CHECK_STR_EQ("StreetPartial", chk.status);
  CHECK_STR_EQ("1 Microsoft Way, Redmond, WA 98052, US", chk.suggested);
  CHECK_STR_EQ("check it", chk.message);
  CHECK_INT_EQ(CSP_E_OK,
               PARSE(pc_parse_address_check,
                     "{\"suggestedAddresses\":[{\"addressLine1\":\"Rua 1\","
                     "\"addressLine2\":\"2 Esq\",\"city\":\"Lisboa\",\"postalCode\":"
                     "\"1000-001\",\"country\":\"PT\"}],\"status\":\"VerifiedShippable\"}",
                     &A, &chk));
  CHECK(chk.verified);
  CHECK_STR_EQ("Rua 1, 2 Esq, Lisboa, 1000-001, PT", chk.suggested);
}

TEST(a_domain_check_status_says_taken_free_or_unknown)
{
  CHECK_INT_EQ(PC_DOMAIN_TAKEN, pc_domain_state_from_status(200));
  CHECK_INT_EQ(PC_DOMAIN_FREE, pc_domain_state_from_status(404));
  CHECK_INT_EQ(PC_DOMAIN_UNKNOWN, pc_domain_state_from_status(500));
  CHECK_INT_EQ(PC_DOMAIN_UNKNOWN, pc_domain_state_from_status(401));
}

TEST(country_rules_give_formats_lists_and_requirements)
{
  struct pc_country_rules r;
  fresh();
  CHECK_INT_EQ(CSP_E_OK,
               PARSE(pc_parse_country_rules,
                     "\xEF\xBB\xBF{\"iso2Code\":\"RU\",\"defaultCulture\":\"ru-RU\","
                     "\"isStateRequired\":false,\"supportedStatesList\":[],"
                     "\"supportedLanguagesList\":[\"ru\",\"en\"],"
                     "\"supportedCulturesList\":[\"ru-RU\"],\"isPostalCodeRequired\":true,"
                     "\"postalCodeRegex\":\"^\\\\d{6}$\",\"isCityRequired\":true,"
                     "\"phoneNumberRegex\":\"\",\"countryCallingCodesList\":[\"+7\"],"
                     "\"customerOrganizationRegistrationNumberRequired\":true,"
                     "\"customerOrganizationRegistrationNumberRegex\":\"^(\\\\d{10}|\\\\d{12})$\","
                     "\"customerOrganizationPhoneNumberRequired\":true}",
                     &A, &r));
  CHECK_STR_EQ("RU", r.iso2);
  CHECK_STR_EQ("^\\d{6}$", r.postal_regex);
  CHECK_STR_EQ("", r.phone_regex);
  CHECK_STR_EQ("", r.registration_sample);
  CHECK(r.postal_required && r.city_required && r.registration_required && r.phone_required);
  CHECK(!r.state_required);
  CHECK_INT_EQ(0, r.states.n);
  CHECK_INT_EQ(2, r.languages.n);
  CHECK_STR_EQ("en", r.languages.items[1]);
  CHECK_STR_EQ("+7", r.calling_codes.items[0]);
}

TEST(country_rules_without_an_iso_code_or_not_json_are_refused)
{
  struct pc_country_rules r;
  fresh();
  CHECK_INT_EQ(CSP_E_PROTOCOL, PARSE(pc_parse_country_rules, "{\"defaultCulture\":\"x\"}", &A, &r));
  CHECK_INT_EQ(CSP_E_PROTOCOL, PARSE(pc_parse_country_rules, "{\"iso2Code\":", &A, &r));
}

/* Found by fuzz_country_rules: the market code names the file rules sync writes. */
TEST(a_country_rules_reply_whose_code_is_not_two_letters_is_refused)
{
  struct pc_country_rules r;
  static const char *const bad[] = {
      "{\"iso2Code\":\"../../etc/x\"}", "{\"iso2Code\":\"U\"}", "{\"iso2Code\":\"USA\"}",
      "{\"iso2Code\":\"U/\"}",          "{\"iso2Code\":\"\"}",  "{\"iso2Code\":\"\\u00c4U\"}",
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    CHECK_INT_EQ(CSP_E_PROTOCOL, pc_parse_country_rules(bad[i], strlen(bad[i]), &A, &r));
  CHECK_INT_EQ(0, PARSE(pc_parse_country_rules, "{\"iso2Code\":\"de\"}", &A, &r));
}

RUN_TESTS()
