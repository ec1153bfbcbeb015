/* Tests for src/rules/regions.c: market groups from regions.yaml and its load errors. */
#include "rules/rules.h"

#include "check.h"
#include "rules_fixture.h"

TEST(markets_belong_to_their_group_and_russia_to_none)
{
  struct rules *rules = fixture_rules("good");
  if (!rules)
    return;
  CHECK_STR_EQ("Europe", rules_market_group(rules, "DE"));
  CHECK_STR_EQ("Europe", rules_market_group(rules, "FR"));
  CHECK_STR_EQ("United States", rules_market_group(rules, "GU"));
  CHECK(rules_market_group(rules, "RU") == NULL);
  CHECK(rules_market_group(rules, "BY") == NULL);
  CHECK(rules_market_group(rules, "JP") == NULL);
  CHECK(rules_market_group(rules, "") == NULL);
  CHECK(rules_market_group(rules, "DEU") == NULL);
  CHECK(rules_market_group(rules, "de") == NULL);
  CHECK(rules_market_group(rules, "D") == NULL);
  CHECK(rules_market_group(rules, "ZZ") == NULL);
  CHECK(rules_market_group(rules, "D[") == NULL);
  CHECK(rules_market_group(rules, NULL) == NULL);
  rules_close(rules);
}

TEST(a_code_in_two_groups_a_bad_code_and_an_unknown_key_are_load_errors)
{
  struct rules *rules = NULL;
  fixture_log_begin();
  CHECK_INT_EQ(CSP_E_RULES, rules_open(FIXTURES "bad_regions", true, &rules));
  const char *log = fixture_log_text();
  CHECK_CONTAINS(log, "bad_regions/regions.yaml:3:21: DE is listed twice (in Europe and in "
                      "Middle East)");
  CHECK_CONTAINS(log, "bad_regions/regions.yaml:4:11: a market group must be a list of market "
                      "codes, not a string");
  CHECK_CONTAINS(log, "bad_regions/regions.yaml:5:12: Russia is not a market code (two "
                      "upper-case letters)");
  CHECK_CONTAINS(log, "bad_regions/regions.yaml:6:1: unknown key 'members' (regions.yaml has "
                      "groups: and none:)");
  fixture_log_end();
}

RUN_TESTS()
