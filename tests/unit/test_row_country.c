/* Tests for src/rules/row_country.c and countries.c: countries written as names or alpha-3
 * codes (fixture tests/fixtures/rules/world with its countries.yaml), the partner's market
 * for an invite without a country, and what an unknown country is told. */
#include "rules/validate.h"

#include "check.h"
#include "rules/rules_internal.h"
#include "rules_fixture.h"

static struct rules *world;
static struct row row;

static void validate(enum row_action action, const char *country)
{
  if (!world) {
    world = fixture_rules("world");
    row_init(&row);
  }
  fixture_row(&row, action, FIELD_COMPANY_NAME, "Contoso", FIELD_EMAIL, "a@contoso.com",
              FIELD_COUNTRY, country, FIELD_NONE);
  validate_row(world, &row);
}

static void check_sent(const char *input, const char *code)
{
  validate(ACTION_CREATE, input);
  CHECK_STR_EQ(code, row_get(&row, FIELD_COUNTRY));
  const struct violation *v = fixture_violation(&row, FIELD_COUNTRY, 0);
  CHECK(v && v->warning && v->code == VIOLATION_CONVERTED);
  char want[128];
  snprintf(want, sizeof(want), "country %s was sent as %s", input, code);
  CHECK_STR_EQ(want, v ? v->message : NULL);
  CHECK(fixture_violation(&row, FIELD_COUNTRY, 1) == NULL); /* no error on it */
}

TEST(country_names_and_alpha3_codes_are_sent_as_alpha2_with_a_warning)
{
  check_sent("United States", "US");
  check_sent("USA", "US");
  check_sent("U.S.", "US");
  check_sent("united states of america", "US");
  check_sent("Deutschland", "DE");
  check_sent("ÖSTERREICH", "AT");
  check_sent("Österreich", "AT");
  check_sent("Россия", "RU");
  check_sent("日本", "JP");
  check_sent("che", "CH");
}

TEST(a_two_letter_code_is_used_as_it_is_without_reading_countries_yaml)
{
  struct rules *rules = fixture_rules("world");
  struct row r;
  row_init(&r);
  fixture_row(&r, ACTION_CREATE, FIELD_COMPANY_NAME, "Contoso", FIELD_EMAIL, "a@contoso.com",
              FIELD_COUNTRY, "DE", FIELD_NONE);
  validate_row(rules, &r);
  CHECK_INT_EQ(0, r.nviolations);
  CHECK_INT_EQ(LAZY_UNLOADED, atomic_load(&rules->countries_state));
  fixture_row(&r, ACTION_CREATE, FIELD_COMPANY_NAME, "Contoso", FIELD_EMAIL, "a@contoso.com",
              FIELD_COUNTRY, "Germany", FIELD_NONE);
  validate_row(rules, &r);
  CHECK_INT_EQ(LAZY_LOADED, atomic_load(&rules->countries_state));
  row_release(&r);
  rules_close(rules);
}

TEST(an_unknown_country_names_the_expected_form)
{
  validate(ACTION_CREATE, "Narnia");
  const struct violation *v = fixture_violation(&row, FIELD_COUNTRY, 0);
  CHECK(v && !v->warning && v->code == VIOLATION_NOT_IN_LIST);
  CHECK_STR_EQ("country Narnia is not a country we know; expected a 2-letter ISO code such as US",
               v ? v->message : NULL);
  validate(ACTION_CREATE, "GB"); /* a country, but no market file here */
  v = fixture_violation(&row, FIELD_COUNTRY, 0);
  CHECK_STR_EQ("country GB is not a country we know; expected a 2-letter ISO code such as US",
               v ? v->message : NULL);
}

TEST(an_invite_without_a_country_is_checked_as_the_partners_market)
{
  validate(ACTION_INVITE, "");
  const struct violation *v = fixture_violation(&row, FIELD_COUNTRY, 0);
  CHECK_STR_EQ("country is required", v ? v->message : NULL); /* no partner market set yet */
  rules_set_home_market(world, "US");
  validate(ACTION_INVITE, "");
  v = fixture_violation(&row, FIELD_COUNTRY, 0);
  CHECK(v && v->warning);
  CHECK_STR_EQ("country is empty: the invite was checked as a customer in the partner's "
               "market US",
               v ? v->message : NULL);
  CHECK_STR_EQ("US", row_get(&row, FIELD_COUNTRY));
  validate(ACTION_CREATE, ""); /* a create needs its country */
  v = fixture_violation(&row, FIELD_COUNTRY, 0);
  CHECK(v && !v->warning && v->code == VIOLATION_MISSING);
}

TEST(the_fixture_is_released)
{
  row_release(&row);
  rules_close(world);
  world = NULL;
}

RUN_TESTS()
