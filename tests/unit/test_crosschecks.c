/* Tests for src/rules/crosschecks.c: a postal code outside the row's state and a phone number
 * of another country are warnings naming what they belong to (fixture
 * tests/fixtures/rules/world: US with postal prefixes and a plan without 876/658, JM, CA, RU,
 * KZ sharing +7). */
#include "rules/validate.h"

#include "check.h"
#include "rules_fixture.h"

static struct rules *world;
static struct row row;

static void validate(const char *country, const char *state, const char *postal, const char *phone)
{
  if (!world) {
    world = fixture_rules("world");
    row_init(&row);
  }
  fixture_row(&row, ACTION_CREATE, FIELD_COMPANY_NAME, "Contoso", FIELD_EMAIL, "a@contoso.com",
              FIELD_COUNTRY, country, FIELD_STATE, state, FIELD_POSTAL_CODE, postal, FIELD_PHONE,
              phone, FIELD_NONE);
  validate_row(world, &row);
}

static const char *warning_of(enum field_id f, enum violation_code code)
{
  for (size_t i = 0; i < row.nviolations; i++)
    if (row.violations[i].field == f && row.violations[i].code == code && row.violations[i].warning)
      return row.violations[i].message;
  return NULL;
}

TEST(a_postal_code_of_another_state_is_a_warning_naming_that_state)
{
  validate("US", "CA", "10001", "");
  CHECK_STR_EQ("postal_code 10001 belongs to NY (New York), not CA (California)",
               warning_of(FIELD_POSTAL_CODE, VIOLATION_STATE_MISMATCH));
  CHECK(!row_has_errors(&row));
  validate("US", "California", "00501", "");
  CHECK_STR_EQ("postal_code 00501 belongs to NY (New York), not CA (California)",
               warning_of(FIELD_POSTAL_CODE, VIOLATION_STATE_MISMATCH));
  validate("US", "CA", "20001", ""); /* no state of the fixture starts so */
  CHECK_STR_EQ("postal_code 20001 does not start like the postal codes of CA (California)",
               warning_of(FIELD_POSTAL_CODE, VIOLATION_STATE_MISMATCH));
}

TEST(a_postal_code_of_its_state_or_an_invalid_pair_says_nothing)
{
  validate("US", "CA", "94105", "");
  CHECK_INT_EQ(0, row.nviolations);
  validate("US", "Wash.", "10001", ""); /* the state is wrong: that error is enough */
  CHECK(warning_of(FIELD_POSTAL_CODE, VIOLATION_STATE_MISMATCH) == NULL);
  validate("US", "CA", "1000", "");
  CHECK(warning_of(FIELD_POSTAL_CODE, VIOLATION_STATE_MISMATCH) == NULL);
}

TEST(a_jamaican_number_in_a_us_row_names_jamaica)
{
  validate("US", "", "", "+1 876 555 0100");
  CHECK(row_has_errors(&row)); /* it fails the US plan */
  CHECK_STR_EQ(
      "phone 8765550100 looks like a number of Jamaica (JM), not of United States (calling "
      "code +1)",
      warning_of(FIELD_PHONE, VIOLATION_OTHER_COUNTRY));
  validate("US", "", "", "(876) 555-0100");
  CHECK(warning_of(FIELD_PHONE, VIOLATION_OTHER_COUNTRY) != NULL);
  validate("US", "", "", "425 555 0100");
  CHECK(fixture_violation(&row, FIELD_PHONE, 0) == NULL);
}

TEST(a_number_with_another_calling_code_names_its_country)
{
  validate("DE", "", "", "+7 701 123 4567"); /* +7: RU and KZ; the plan decides */
  CHECK_STR_EQ("phone +77011234567 has the calling code +7 of Kazakhstan (KZ), not one of "
               "Germany's",
               warning_of(FIELD_PHONE, VIOLATION_OTHER_COUNTRY));
  validate("DE", "", "", "0044 20 7946 0000"); /* GB has no market file here: named anyway */
  CHECK_STR_EQ("phone +442079460000 has the calling code +44 of United Kingdom (GB), not one of "
               "Germany's",
               warning_of(FIELD_PHONE, VIOLATION_OTHER_COUNTRY));
  validate("DE", "", "", "+7 123"); /* fits neither plan: every country of +7 is named */
  CHECK_STR_EQ("phone +7123 has the calling code +7 of Kazakhstan (KZ) or Russia (RU), not one "
               "of Germany's",
               warning_of(FIELD_PHONE, VIOLATION_OTHER_COUNTRY));
}

TEST(the_fixture_is_released)
{
  row_release(&row);
  rules_close(world);
  world = NULL;
}

RUN_TESTS()
