/* Tests for the `subdivision` rule key (src/rules/checks.c) and the `subdivisions:` of a market
 * file (market_keys.c, fold_table.c): a state written as its code, ISO id or any of its names,
 * in Latin, Cyrillic or CJK script, is sent as the code; anything else stays wrong (fixture
 * tests/fixtures/rules/world). */
#include "rules/validate.h"

#include "check.h"
#include "rules_fixture.h"

static struct rules *world;
static struct row row;

static void validate(const char *country, const char *state)
{
  if (!world) {
    world = fixture_rules("world");
    row_init(&row);
  }
  fixture_row(&row, ACTION_CREATE, FIELD_COMPANY_NAME, "Contoso", FIELD_EMAIL, "a@contoso.com",
              FIELD_COUNTRY, country, FIELD_STATE, state, FIELD_NONE);
  validate_row(world, &row);
}

/* state in country is sent as code, with the conversion warning want ("" for none). */
static void check_state(const char *country, const char *state, const char *code, const char *want)
{
  validate(country, state);
  CHECK_STR_EQ(code, row_get(&row, FIELD_STATE));
  const struct violation *v = fixture_violation(&row, FIELD_STATE, 0);
  if (!*want) {
    CHECK(v == NULL);
    return;
  }
  CHECK(v && v->warning && v->code == VIOLATION_CONVERTED);
  CHECK_STR_EQ(want, v ? v->message : NULL);
}

TEST(latin_names_in_several_languages_are_sent_as_the_code)
{
  check_state("DE", "Bayern", "BY", "state Bayern was sent as BY");
  check_state("DE", "Bavaria", "BY", "state Bavaria was sent as BY (Bayern)");
  check_state("DE", "bavière", "BY", "state bavière was sent as BY (Bayern)");
  check_state("DE", "BADEN WURTTEMBERG", "BW",
              "state BADEN WURTTEMBERG was sent as BW "
              "(Baden-Württemberg)");
  check_state("US", "California", "CA", "state California was sent as CA");
  check_state("US", "US-CA", "CA", "state US-CA was sent as CA (California)");
  check_state("CH", "Zurich", "ZH", "state Zurich was sent as ZH (Zürich)");
}

TEST(cyrillic_and_cjk_names_are_sent_as_the_code)
{
  check_state("RU", "Москва", "MOW", "state Москва was sent as MOW");
  check_state("RU", "МОСКВА", "MOW", "state МОСКВА was sent as MOW (Москва)");
  check_state("RU", "Санкт-Петербург", "SPE", "state Санкт-Петербург was sent as SPE");
  check_state("JP", "東京都", "Tokyo", "state 東京都 was sent as Tokyo");
  check_state("JP", "東京", "Tokyo", "state 東京 was sent as Tokyo (東京都)");
  check_state("JP", "Ōsaka", "Osaka", "state Ōsaka was sent as Osaka (大阪府)");
}

TEST(the_code_itself_or_in_another_case_needs_no_warning)
{
  check_state("US", "CA", "CA", "");
  check_state("US", "ca", "CA", "");
  check_state("RU", "mow", "MOW", "");
}

TEST(an_abbreviation_that_is_no_name_stays_wrong)
{
  validate("US", "Wash.");
  const struct violation *v = fixture_violation(&row, FIELD_STATE, 0);
  CHECK(v && !v->warning && v->code == VIOLATION_NOT_IN_LIST);
  CHECK_STR_EQ("state Wash. is not one of CA, NY, WA, TX (a code or a name of a subdivision of "
               "US); expected a US state (code or name)",
               v ? v->message : NULL);
  CHECK_STR_EQ("Wash.", row_get(&row, FIELD_STATE));
  validate("RU", "Moskau");
  CHECK(row_has_errors(&row));
}

TEST(the_fixture_is_released)
{
  row_release(&row);
  rules_close(world);
  world = NULL;
}

RUN_TESTS()
