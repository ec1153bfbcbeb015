/* Tests for the lazy loading of market files (src/rules/rules.c, rules_load.c): start-up
 * reads regions.yaml and common.yaml only; a market is read on first use, once, whichever
 * thread asks first; rules check reads them all. */
#include <pthread.h>

#include "check.h"
#include "rules/validate.h"
#include "rules_fixture.h"

TEST(a_market_is_read_on_first_use_and_only_once)
{
  struct rules *rules = fixture_rules("world");
  CHECK_INT_EQ(0, rules_markets_loaded(rules));
  CHECK_INT_EQ(11, rules_market_count(rules)); /* the files are known, not read */
  struct row row;
  row_init(&row);
  fixture_row(&row, ACTION_CREATE, FIELD_COMPANY_NAME, "Contoso", FIELD_EMAIL, "a@contoso.com",
              FIELD_COUNTRY, "DE", FIELD_NONE);
  validate_row(rules, &row);
  CHECK_INT_EQ(1, rules_markets_loaded(rules));
  validate_row(rules, &row);
  CHECK(rules_market(rules, "DE") == rules_market(rules, "DE"));
  CHECK_INT_EQ(1, rules_markets_loaded(rules));
  CHECK(rules_market(rules, "FR") == NULL); /* no file: nothing to read */
  CHECK_INT_EQ(1, rules_markets_loaded(rules));
  row_release(&row);
  rules_close(rules);
}

struct asker {
  const struct rules *rules;
  const struct market_rules *got[11];
};

static const char *const codes[] = {"AT", "BR", "CA", "CH", "CU", "DE",
                                    "JM", "JP", "KZ", "RU", "US"};

static void *ask_all(void *arg)
{
  struct asker *a = arg;
  for (size_t i = 0; i < 11; i++)
    a->got[i] = rules_market(a->rules, codes[i]);
  return NULL;
}

TEST(two_threads_asking_at_once_get_the_same_market_read_once)
{
  struct rules *rules = fixture_rules("world");
  struct asker a = {rules, {0}}, b = {rules, {0}};
  pthread_t t;
  CHECK_INT_EQ(0, pthread_create(&t, NULL, ask_all, &a));
  ask_all(&b);
  pthread_join(t, NULL);
  for (size_t i = 0; i < 11; i++) {
    CHECK(a.got[i] != NULL);
    CHECK(a.got[i] == b.got[i]);
  }
  CHECK_INT_EQ(11, rules_markets_loaded(rules));
  rules_close(rules);
}

TEST(rules_check_reads_every_market)
{
  struct rules *rules = NULL;
  CHECK_INT_EQ(0, rules_open(FIXTURES "world", true, &rules));
  CHECK_INT_EQ(11, rules_markets_loaded(rules));
  rules_close(rules);
}

TEST(rules_list_sees_every_code_of_regions_yaml)
{
  struct rules *rules = fixture_rules("good");
  CHECK_INT_EQ(8, rules_region_count(rules)); /* DE AT FR US AS GU RU BY */
  CHECK_STR_EQ("AS", rules_region_code(rules, 0));
  CHECK(rules_region_code(rules, 8) == NULL);
  rules_close(rules);
}

RUN_TESTS()
