/* Tests for the sandbox's own rule data and create checks without HTTP
 * (src/sandbox/rules_data.c, patterns.c, customer_check.c, strmap.c). */
#include <cjson/cJSON.h>

#include "check.h"
#include "sandbox/customer_check.h"
#include "base/strmap.h"

TEST(market_groups_put_europe_together_and_leave_russia_out)
{
  CHECK_STR_EQ("Europe", sb_market_group("de"));
  CHECK_STR_EQ(sb_market_group("GB"), sb_market_group("PT"));
  CHECK_STR_EQ(sb_market_group("UA"), sb_market_group("ZA"));
  CHECK(sb_market_group("RU") == NULL);
  CHECK(sb_country_known("RU"));
  CHECK(!sb_country_known("UK"));
  CHECK(!sb_country_known("USA"));
}

TEST(every_market_regex_compiles_and_matches_its_own_sample)
{
  struct sb_patterns pats;
  CHECK_INT_EQ(0, sb_patterns_init(&pats));
  for (size_t i = 0; i < sb_market_count; i++) {
    const struct sb_market *m = &sb_markets[i];
    if (m->regnum_required)
      CHECK(sb_patterns_match(&pats, m, SB_PAT_REGNUM, m->regnum_sample));
    CHECK(sb_market_find(m->iso2) == m);
    CHECK(sb_list_has(m->cultures, m->default_culture));
  }
  const struct sb_market *gb = sb_market_find("gb");
  CHECK(sb_patterns_match(&pats, gb, SB_PAT_POSTAL, "SW1A 1AA"));
  CHECK(!sb_patterns_match(&pats, gb, SB_PAT_POSTAL, "12345"));
  CHECK(sb_patterns_match(&pats, sb_market_find("US"), SB_PAT_PHONE, "(425) 555-0100"));
  sb_patterns_release(&pats);
}

TEST(a_domain_prefix_gets_the_onmicrosoft_suffix_and_bad_prefixes_are_refused)
{
  char out[128];
  CHECK_INT_EQ(0, sb_customer_domain("Contoso42", out, sizeof(out)));
  CHECK_STR_EQ("contoso42.onmicrosoft.com", out);
  CHECK_INT_EQ(0, sb_customer_domain("a.onmicrosoft.com", out, sizeof(out)));
  CHECK_STR_EQ("a.onmicrosoft.com", out);
  CHECK_INT_EQ(1, sb_customer_domain("con-toso", out, sizeof(out)));
  CHECK_INT_EQ(1, sb_customer_domain("abcdefghijklmnopqrstuvwxyz12", out, sizeof(out)));
  CHECK_INT_EQ(1, sb_customer_domain(".onmicrosoft.com", out, sizeof(out)));
}

TEST(the_create_check_reports_the_first_failure_with_its_partner_center_code)
{
  struct sb_patterns pats;
  struct sb_check_error err;
  CHECK_INT_EQ(0, sb_patterns_init(&pats));
  cJSON *body = cJSON_Parse(
      "{\"CompanyProfile\":{\"Domain\":\"x1\"},\"BillingProfile\":{\"Email\":\"a@b.de\","
      "\"Culture\":\"de-DE\",\"Language\":\"de\",\"CompanyName\":\"X GmbH\",\"DefaultAddress\":{"
      "\"FirstName\":\"A\",\"LastName\":\"B\",\"AddressLine1\":\"Weg 1\",\"City\":\"Berlin\","
      "\"PostalCode\":\"10115\",\"Country\":\"DE\"}}}");
  CHECK_INT_EQ(0, sb_customer_check(&pats, "FR", body, &err));
  CHECK_INT_EQ(1, sb_customer_check(&pats, "US", body, &err));
  CHECK_INT_EQ(403, err.status);
  CHECK_INT_EQ(2030, err.code);
  cJSON *addr = cJSON_GetObjectItem(cJSON_GetObjectItem(body, "BillingProfile"), "DefaultAddress");
  cJSON_ReplaceItemInObject(addr, "PostalCode", cJSON_CreateString("1011"));
  CHECK_INT_EQ(1, sb_customer_check(&pats, "DE", body, &err));
  CHECK_INT_EQ(3000, err.code);
  CHECK_CONTAINS(err.description, "1011");
  cJSON_Delete(body);
  sb_patterns_release(&pats);
}

TEST(the_string_map_keeps_every_key_across_growth)
{
  struct strmap map;
  char key[32];
  strmap_init(&map, NULL);
  for (int i = 0; i < 1000; i++) {
    snprintf(key, sizeof(key), "k%d", i);
    CHECK_INT_EQ(0, strmap_put(&map, key, (void *)(size_t)(i + 1)));
  }
  CHECK_INT_EQ(1000, map.count);
  CHECK_INT_EQ(501, (size_t)strmap_get(&map, "k500"));
  CHECK(strmap_get(&map, "k1000") == NULL);
  strmap_release(&map);
}

RUN_TESTS()
