/* Tests for the sandbox's customer routes (src/sandbox/routes_customers.c and
 * customer_check.c over HTTP): the 201 shape, Partner Center validation codes, the market
 * rule, domain uniqueness, MS-RequestId idempotency (also under concurrency), the list with
 * continuation paging and filters, and the create hold tests use as a fixed point. */
#include <cjson/cJSON.h>
#include <pthread.h>

#include "check.h"
#include "sandbox_client.h"

static int occurrences(const char *hay, const char *needle)
{
  int n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

static void create(struct sc_client *c, const char *body, const char *rid, struct sc_reply *r)
{
  char header[128];
  snprintf(header, sizeof(header), "MS-RequestId: %s", rid ? rid : "");
  const char *const headers[] = {header, NULL};
  sc_request(c, "POST", "/v1/customers", body, rid ? headers : NULL, r);
}

/* The create body of sc_us_customer with one "key":"value" text replaced. */
static void us_customer_with(char *out, size_t size, const char *prefix, const char *from,
                             const char *to)
{
  char base[2048];
  sc_us_customer(base, sizeof(base), prefix, "");
  const char *at = strstr(base, from);
  if (!at) {
    snprintf(out, size, "%s", base);
    return;
  }
  snprintf(out, size, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
}

static void expect_error(struct sc_client *c, const char *prefix, const char *from, const char *to,
                         long status, const char *code, const char *text)
{
  char body[2048];
  struct sc_reply r;
  us_customer_with(body, sizeof(body), prefix, from, to);
  create(c, body, NULL, &r);
  CHECK_INT_EQ(status, r.status);
  CHECK_CONTAINS(sc_body(&r), code);
  CHECK_CONTAINS(sc_body(&r), text);
  CHECK_CONTAINS(sc_body(&r), "\"source\":\"PartnerFD\"");
  sc_reply_free(&r);
}

TEST(a_create_returns_201_with_ids_profiles_relationship_and_admin_credentials)
{
  struct sc_client c;
  struct sc_reply r;
  char body[2048];
  CHECK(sc_start(&c, NULL));
  sc_us_customer(body, sizeof(body), "contoso42", "");
  create(&c, body, "req-1", &r);
  CHECK_INT_EQ(201, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"commerceId\":\"");
  CHECK_CONTAINS(sc_body(&r), "\"domain\":\"contoso42.onmicrosoft.com\"");
  CHECK_CONTAINS(sc_body(&r), "\"companyName\":\"contoso42 Inc\"");
  CHECK_CONTAINS(sc_body(&r), "\"relationshipToPartner\":\"reseller\"");
  CHECK_CONTAINS(sc_body(&r), "\"userName\":\"admin@contoso42.onmicrosoft.com\"");
  CHECK_CONTAINS(sc_body(&r), "\"password\":\"");
  CHECK_CONTAINS(sc_body(&r), "\"postalCode\":\"98052\"");
  sc_reply_free(&r);
  sc_request(&c, "GET", "/sandbox/state", NULL, NULL, &r);
  CHECK_CONTAINS(sc_body(&r), "\"request_id\":\"req-1\"");
  CHECK_CONTAINS(sc_body(&r), "\"enable_gdap_by_default\":true");
  sc_reply_free(&r);
  sc_stop(&c);
}

TEST(camel_case_request_keys_are_accepted_like_pascal_case)
{
  struct sc_client c;
  struct sc_reply r;
  CHECK(sc_start(&c, NULL));
  create(&c,
         "{\"companyProfile\":{\"domain\":\"camel1\"},\"billingProfile\":{\"email\":\"a@camel."
         "example\",\"culture\":\"en-US\",\"language\":\"en\",\"companyName\":\"Camel Ltd\","
         "\"defaultAddress\":{\"firstName\":\"A\",\"lastName\":\"B\",\"addressLine1\":\"2 Elm\","
         "\"city\":\"Austin\",\"state\":\"TX\",\"postalCode\":\"73301\",\"country\":\"US\"}}}",
         NULL, &r);
  CHECK_INT_EQ(201, r.status);
  CHECK_CONTAINS(sc_body(&r), "camel1.onmicrosoft.com");
  sc_reply_free(&r);
  sc_stop(&c);
}

TEST(missing_or_too_long_properties_are_400_code_3000_naming_the_property)
{
  struct sc_client c;
  CHECK(sc_start(&c, NULL));
  expect_error(&c, "v1", "\"City\":\"Redmond\",", "", 400, "\"code\":3000", "City");
  expect_error(&c, "v2", "\"Email\":\"jane@v2.example\",", "", 400, "\"code\":3000", "Email");
  expect_error(&c, "v3", "\"Culture\":\"en-US\",", "", 400, "\"code\":3000", "Culture");
  expect_error(&c, "v4", "\"PostalCode\":\"98052\",", "", 400, "\"code\":3000", "PostalCode");
  expect_error(&c, "v5", "\"State\":\"WA\",", "", 400, "\"code\":3000", "State");
  expect_error(&c, "v6", "\"FirstName\":\"Jane\"",
               "\"FirstName\":\"Janeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\"", 400,
               "\"code\":3000", "FirstName");
  expect_error(&c, "v7", "\"PostalCode\":\"98052\"", "\"PostalCode\":\"9805\"", 400,
               "\"code\":3000", "postal code");
  expect_error(&c, "v8", "\"Culture\":\"en-US\"", "\"Culture\":\"de-DE\"", 400, "\"code\":3000",
               "culture");
  expect_error(&c, "bad-prefix", "", "", 400, "\"code\":3000", "domain");
  sc_stop(&c);
}

TEST(a_country_outside_the_partner_market_group_is_403_code_2030)
{
  struct sc_client c;
  CHECK(sc_start(&c, NULL));
  expect_error(&c, "m1", "\"Country\":\"US\"", "\"Country\":\"DE\"", 403, "\"code\":2030", "DE");
  expect_error(&c, "m2", "\"Country\":\"US\"", "\"Country\":\"UK\"", 400, "\"code\":3000",
               "ISO 3166");
  sc_stop(&c);
}

/* A Ukrainian customer body: reg number and phone rules. */
static void ua_customer(char *out, size_t size, const char *prefix, const char *reg,
                        const char *phone)
{
  snprintf(out, size,
           "{\"CompanyProfile\":{\"Domain\":\"%s\"%s%s%s},\"BillingProfile\":{\"Email\":\"a@b.ru\","
           "\"Culture\":\"uk-UA\",\"Language\":\"uk\",\"CompanyName\":\"OOO Romashka\","
           "\"DefaultAddress\":{\"FirstName\":\"Ivan\",\"LastName\":\"Petrov\",\"AddressLine1\":"
           "\"Khreshchatyk 1\",\"City\":\"Kyiv\",\"PostalCode\":\"01001\",\"Country\":\"UA\""
           "%s%s%s}}}",
           prefix, reg ? ",\"OrganizationRegistrationNumber\":\"" : "", reg ? reg : "",
           reg ? "\"" : "", phone ? ",\"PhoneNumber\":\"" : "", phone ? phone : "",
           phone ? "\"" : "");
}

TEST(registration_number_and_phone_rules_give_600049_600050_600051_and_600002)
{
  struct sandbox_options o;
  struct sc_client c;
  struct sc_reply r;
  char body[2048];
  sandbox_options_init(&o);
  memcpy(o.partner_market, "UA", 3);
  CHECK(sc_start(&c, &o));
  ua_customer(body, sizeof(body), "ua1", NULL, "+380441234567");
  create(&c, body, NULL, &r);
  CHECK_INT_EQ(400, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"code\":600049");
  sc_reply_free(&r);
  ua_customer(body, sizeof(body), "ua2", "12-34", "+380441234567");
  create(&c, body, NULL, &r);
  CHECK_INT_EQ(400, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"code\":600050");
  CHECK_CONTAINS(sc_body(&r), "\\\\d{8}");
  sc_reply_free(&r);
  ua_customer(body, sizeof(body), "ua3", "32855961", NULL);
  create(&c, body, NULL, &r);
  CHECK_INT_EQ(400, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"code\":600051");
  sc_reply_free(&r);
  ua_customer(body, sizeof(body), "ua4", "32855961", "+380441234567");
  create(&c, body, NULL, &r);
  CHECK_INT_EQ(201, r.status);
  sc_reply_free(&r);
  sc_stop(&c);
  CHECK(sc_start(&c, NULL));
  expect_error(&c, "us1", "{\"Domain\":\"us1.onmicrosoft.com\"}",
               "{\"Domain\":\"us1\",\"OrganizationRegistrationNumber\":\"123\"}", 400,
               "\"code\":600002", "not supported");
  sc_stop(&c);
}

TEST(an_associated_partner_id_that_is_not_a_guid_is_400_800016)
{
  struct sc_client c;
  struct sc_reply r;
  char body[2048];
  CHECK(sc_start(&c, NULL));
  sc_us_customer(body, sizeof(body), "assoc1", "\"AssociatedPartnerId\":\"reseller-7\",");
  create(&c, body, NULL, &r);
  CHECK_INT_EQ(400, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"code\":800016");
  sc_reply_free(&r);
  sc_us_customer(body, sizeof(body), "assoc2",
                 "\"AssociatedPartnerId\":\"0b6e5d3c-1a2b-4c5d-8e9f-001122334455\",");
  create(&c, body, NULL, &r);
  CHECK_INT_EQ(201, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"associatedPartnerId\":\"0b6e5d3c-1a2b-4c5d-8e9f-001122334455\"");
  sc_reply_free(&r);
  sc_stop(&c);
}

TEST(a_second_create_of_a_taken_domain_is_409_and_the_domain_check_says_taken)
{
  struct sc_client c;
  struct sc_reply r;
  char body[2048];
  CHECK(sc_start(&c, NULL));
  SC_EXPECT(&c, "HEAD", "/v1/domains/twice.onmicrosoft.com", NULL, 404, NULL);
  sc_us_customer(body, sizeof(body), "twice", "");
  create(&c, body, "a", &r);
  CHECK_INT_EQ(201, r.status);
  sc_reply_free(&r);
  create(&c, body, "b", &r);
  CHECK_INT_EQ(409, r.status);
  CHECK_CONTAINS(sc_body(&r), "DomainAlreadyExists");
  sc_reply_free(&r);
  SC_EXPECT(&c, "HEAD", "/v1/domains/TWICE.onmicrosoft.com", NULL, 200, NULL);
  sc_stop(&c);
}

TEST(a_repeated_ms_request_id_returns_the_first_result_instead_of_a_second_customer)
{
  struct sc_client c;
  struct sc_reply first, again;
  char body[2048];
  CHECK(sc_start(&c, NULL));
  sc_us_customer(body, sizeof(body), "idem", "");
  create(&c, body, "same-id", &first);
  create(&c, body, "same-id", &again);
  CHECK_INT_EQ(201, first.status);
  CHECK_INT_EQ(201, again.status);
  CHECK_STR_EQ(sc_body(&first), sc_body(&again));
  sc_reply_free(&first);
  sc_reply_free(&again);
  create(&c, "{\"CompanyProfile\":{}}", "bad-id", &first);
  create(&c, body, "bad-id", &again);
  CHECK_INT_EQ(400, first.status);
  CHECK_INT_EQ(400, again.status);
  sc_reply_free(&first);
  sc_reply_free(&again);
  sc_request(&c, "GET", "/sandbox/state", NULL, NULL, &first);
  CHECK_CONTAINS(sc_body(&first), "\"POST /v1/customers\":{\"201\":2,\"400\":2}");
  CHECK_INT_EQ(1, occurrences(sc_body(&first), "\"idem.onmicrosoft.com\""));
  sc_reply_free(&first);
  sc_stop(&c);
}

struct racer {
  struct sc_client *client;
  const char *rid; /* NULL: a fresh id per thread */
  long status;
  char body[4096];
};

static void *race(void *arg)
{
  struct racer *w = arg;
  struct sc_client local = *w->client;
  struct sc_reply r;
  char body[2048], rid[64];
  snprintf(rid, sizeof(rid), "racer-%p", (void *)w);
  sc_us_customer(body, sizeof(body), "raced", "");
  create(&local, body, w->rid ? w->rid : rid, &r);
  w->status = r.status;
  snprintf(w->body, sizeof(w->body), "%s", sc_body(&r));
  sc_reply_free(&r);
  return NULL;
}

static int run_racers(struct sc_client *c, const char *rid, struct racer *w, int n)
{
  pthread_t t[8];
  int created = 0;
  for (int i = 0; i < n; i++) {
    w[i] = (struct racer){c, rid, 0, ""};
    pthread_create(&t[i], NULL, race, &w[i]);
  }
  for (int i = 0; i < n; i++) {
    pthread_join(t[i], NULL);
    created += w[i].status == 201;
  }
  return created;
}

TEST(eight_concurrent_creates_of_one_domain_make_exactly_one_customer)
{
  struct sc_client c;
  struct sc_reply r;
  struct racer w[8];
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CHECK(sc_start(&c, NULL));
  CHECK_INT_EQ(1, run_racers(&c, NULL, w, 8));
  for (int i = 0; i < 8; i++)
    CHECK(w[i].status == 201 || w[i].status == 409);
  sc_request(&c, "GET", "/sandbox/state", NULL, NULL, &r);
  CHECK_CONTAINS(sc_body(&r), "\"POST /v1/customers\":{");
  CHECK_INT_EQ(1, occurrences(sc_body(&r), "\"raced.onmicrosoft.com\""));
  CHECK_CONTAINS(sc_body(&r), "\"409\":7");
  sc_reply_free(&r);
  sc_stop(&c);
}

TEST(eight_concurrent_creates_with_one_request_id_all_get_the_same_customer)
{
  struct sc_client c;
  struct racer w[8];
  CHECK(sc_start(&c, NULL));
  CHECK_INT_EQ(8, run_racers(&c, "one-rid", w, 8));
  for (int i = 1; i < 8; i++)
    CHECK_STR_EQ(w[0].body, w[i].body);
  sc_stop(&c);
}

/* Follows links.next from page to page; returns the number of items seen. */
static int page_through(struct sc_client *c, const char *first_path, int *pages)
{
  char path[2048], header[512];
  struct sc_reply r;
  int items = 0;
  snprintf(path, sizeof(path), "%s", first_path);
  header[0] = '\0';
  for (*pages = 0; *pages < 100;) {
    const char *const headers[] = {header, NULL};
    sc_request(c, "GET", path, NULL, header[0] ? headers : NULL, &r);
    CHECK_INT_EQ(200, r.status);
    cJSON *doc = cJSON_Parse(sc_body(&r));
    cJSON *list = cJSON_GetObjectItem(doc, "items");
    CHECK_INT_EQ(cJSON_GetArraySize(list), cJSON_GetObjectItem(doc, "totalCount")->valueint);
    items += cJSON_GetArraySize(list);
    (*pages)++;
    cJSON *next = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "links"), "next");
    cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(next, "headers"), 0);
    if (next) {
      const char *token = cJSON_GetObjectItem(h, "value")->valuestring;
      CHECK(strpbrk(token, ",") && strpbrk(token, "/") && strpbrk(token, "+") &&
            strpbrk(token, "="));
      CHECK_STR_EQ("MS-ContinuationToken", cJSON_GetObjectItem(h, "key")->valuestring);
      CHECK_CONTAINS(cJSON_GetObjectItem(next, "uri")->valuestring, "seekOperation=Next");
      snprintf(path, sizeof(path), "%s", cJSON_GetObjectItem(next, "uri")->valuestring);
      snprintf(header, sizeof(header), "MS-ContinuationToken: %s", token);
    }
    cJSON_Delete(doc);
    sc_reply_free(&r);
    if (!next)
      break;
  }
  return items;
}

TEST(the_customer_list_pages_with_continuation_tokens_and_caps_the_page_size)
{
  struct sandbox_options o;
  struct sc_client c;
  struct sc_reply r;
  char body[2048], prefix[32];
  int pages;
  sandbox_options_init(&o);
  o.page_cap = 4;
  CHECK(sc_start(&c, &o));
  for (int i = 0; i < 10; i++) {
    snprintf(prefix, sizeof(prefix), "%s%d", i < 3 ? "alpha" : "beta", i);
    sc_us_customer(body, sizeof(body), prefix, "");
    create(&c, body, NULL, &r);
    CHECK_INT_EQ(201, r.status);
    sc_reply_free(&r);
  }
  CHECK_INT_EQ(10, page_through(&c, "/v1/customers?size=3", &pages));
  CHECK_INT_EQ(4, pages);
  CHECK_INT_EQ(10, page_through(&c, "/v1/customers?size=50", &pages));
  CHECK_INT_EQ(3, pages);
  const char *const bad[] = {"MS-ContinuationToken: sb1,2/0000+=", NULL};
  sc_request(&c, "GET", "/v1/customers?size=3&seekOperation=Next", NULL, bad, &r);
  CHECK_INT_EQ(400, r.status);
  sc_reply_free(&r);
  sc_stop(&c);
}

TEST(a_starts_with_filter_on_domain_or_company_name_is_a_case_insensitive_prefix_match)
{
  struct sandbox_options o;
  struct sc_client c;
  struct sc_reply r;
  char body[2048], prefix[32];
  int pages;
  sandbox_options_init(&o);
  o.page_cap = 2;
  CHECK(sc_start(&c, &o));
  for (int i = 0; i < 7; i++) {
    snprintf(prefix, sizeof(prefix), "%s%d", i % 2 ? "Alpha" : "beta", i);
    sc_us_customer(body, sizeof(body), prefix, "");
    create(&c, body, NULL, &r);
    sc_reply_free(&r);
  }
  CHECK_INT_EQ(3, page_through(&c,
                               "/v1/customers?size=2&filter=%7B%22Field%22%3A%22Domain%22%2C%22"
                               "Value%22%3A%22ALPHA%22%2C%22Operator%22%3A%22starts_with%22%7D",
                               &pages));
  CHECK_INT_EQ(2, pages);
  CHECK_INT_EQ(4, page_through(&c,
                               "/v1/customers?filter=%7B%22Field%22%3A%22CompanyName%22%2C%22"
                               "Value%22%3A%22beta%22%2C%22Operator%22%3A%22starts_with%22%7D",
                               &pages));
  SC_EXPECT(&c, "GET", "/v1/customers?filter=%7B%22Field%22%3A%22Email%22%7D", NULL, 400, NULL);
  sc_stop(&c);
}

TEST(tenants_marked_as_customers_are_listed_and_every_tenant_domain_is_taken)
{
  struct sandbox_options o;
  struct sc_client c;
  struct sc_reply r;
  sandbox_options_init(&o);
  o.tenants_file = "samples/sandbox-tenants.json";
  CHECK(sc_start(&c, &o));
  sc_request(&c, "GET", "/v1/customers", NULL, NULL, &r);
  CHECK_CONTAINS(sc_body(&r), "\"domain\":\"northwindtraders.com\"");
  CHECK(!strstr(sc_body(&r), "fabrikam.onmicrosoft.com"));
  sc_reply_free(&r);
  SC_EXPECT(&c, "HEAD", "/v1/domains/fabrikam.onmicrosoft.com", NULL, 200, NULL);
  SC_EXPECT(&c, "HEAD", "/v1/domains/contoso.onmicrosoft.com", NULL, 200, NULL);
  sc_stop(&c);
}

TEST(an_indirect_reseller_cannot_create_customers)
{
  struct sandbox_options o;
  struct sc_client c;
  struct sc_reply r;
  char body[2048];
  sandbox_options_init(&o);
  o.partner_type = "indirect_reseller";
  CHECK(sc_start(&c, &o));
  sc_us_customer(body, sizeof(body), "resold", "");
  create(&c, body, NULL, &r);
  CHECK_INT_EQ(403, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"code\":600006");
  sc_reply_free(&r);
  sc_stop(&c);
}

struct held_create {
  struct sc_client *client;
  const char *prefix;
  long status;
};

static void *create_in_thread(void *arg)
{
  struct held_create *h = arg;
  char body[2048];
  struct sc_reply r;
  sc_us_customer(body, sizeof(body), h->prefix, "");
  sc_request(h->client, "POST", "/v1/customers", body, NULL, &r);
  h->status = r.status;
  sc_reply_free(&r);
  return NULL;
}

/* The hold's "waiting" count, read from GET /sandbox/holds. */
static int holds_waiting(struct sc_client *c)
{
  struct sc_reply r;
  sc_request(c, "GET", "/sandbox/holds", NULL, NULL, &r);
  cJSON *json = cJSON_Parse(sc_body(&r));
  int waiting = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(json, "waiting"));
  cJSON_Delete(json);
  sc_reply_free(&r);
  return waiting;
}

TEST(the_create_hold_lets_n_creates_through_and_holds_the_next_until_released)
{
  struct sc_client c;
  struct sc_reply r;
  char body[2048];
  CHECK(sc_start(&c, NULL));
  c.timeout_ms = 120000; /* the held create waits for the release, however loaded the machine */
  sc_request(&c, "POST", "/sandbox/hold-creates/1", NULL, NULL, &r);
  CHECK_INT_EQ(200, r.status);
  CHECK_CONTAINS(sc_body(&r), "\"armed\":true");
  sc_reply_free(&r);
  sc_us_customer(body, sizeof(body), "holdfirst", "");
  create(&c, body, NULL, &r);
  CHECK_INT_EQ(201, r.status); /* the one let through */
  sc_reply_free(&r);

  struct held_create h = {&c, "holdsecond", 0};
  pthread_t t;
  CHECK_INT_EQ(0, pthread_create(&t, NULL, create_in_thread, &h));
  while (holds_waiting(&c) < 1) /* a condition, not a duration */
    ;
  sc_request(&c, "GET", "/sandbox/state", NULL, NULL, &r);
  CHECK(!strstr(sc_body(&r), "holdsecond")); /* held before it created anything */
  sc_reply_free(&r);
  sc_request(&c, "POST", "/sandbox/release-creates", NULL, NULL, &r);
  CHECK_CONTAINS(sc_body(&r), "\"armed\":false");
  CHECK_CONTAINS(sc_body(&r), "\"held\":1");
  sc_reply_free(&r);
  pthread_join(t, NULL);
  CHECK_INT_EQ(201, h.status);
  CHECK_INT_EQ(0, holds_waiting(&c));
  sc_request(&c, "POST", "/sandbox/hold-creates/x", NULL, NULL, &r);
  CHECK_INT_EQ(400, r.status);
  sc_reply_free(&r);
  sc_stop(&c);
}

RUN_TESTS()
