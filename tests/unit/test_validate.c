/* Tests for src/rules/validate.c: normalize then check every field of a row's market,
 * collecting every violation with its message (fixture: tests/fixtures/rules/good). */
#include "rules/validate.h"

#include <time.h>

#include "check.h"
#include "rules_fixture.h"

static struct rules *rules;
static struct row row;

static void setup(void)
{
  if (!rules)
    rules = fixture_rules("good");
  row_init(&row);
}

/* The i-th violation of the row is field:code with this message. */
#define CHECK_NTH(i, field_, code_, message_) \
  do { \
    CHECK_INT_EQ(field_, row.violations[i].field); \
    CHECK_INT_EQ(code_, row.violations[i].code); \
    CHECK_STR_EQ(message_, row.violations[i].message); \
  } while (0)

static void teardown(void)
{
  row_release(&row);
}

#define GOOD_DE \
  FIELD_COMPANY_NAME, "Contoso GmbH", FIELD_EMAIL, "anna@contoso.de", FIELD_COUNTRY, "DE", \
      FIELD_POSTAL_CODE, "10115"

TEST(a_valid_row_has_no_violations)
{
  setup();
  fixture_row(&row, ACTION_CREATE, GOOD_DE, FIELD_DOMAIN, "contoso123", FIELD_NONE);
  validate_row(rules, &row);
  CHECK_INT_EQ(0, row.nviolations);
  teardown();
}

TEST(every_violation_of_a_row_is_collected_in_field_order)
{
  setup();
  fixture_row(&row, ACTION_CREATE, FIELD_COUNTRY, "DE", FIELD_EMAIL, "not-an-email",
              FIELD_POSTAL_CODE, "1234", FIELD_FIRST_NAME, "A", FIELD_PHONE, "+44 20 7946 0000",
              FIELD_NONE);
  validate_row(rules, &row);
  CHECK_INT_EQ(5, row.nviolations);
  CHECK_NTH(0, FIELD_COMPANY_NAME, VIOLATION_MISSING, "company_name is required");
  CHECK_NTH(1, FIELD_FIRST_NAME, VIOLATION_TOO_SHORT,
            "first_name is too short (1 character, at least 2)");
  CHECK_NTH(2, FIELD_EMAIL, VIOLATION_FORMAT,
            "email not-an-email does not match an email address (name@example.com)");
  CHECK_NTH(3, FIELD_PHONE, VIOLATION_PATTERN,
            "phone +442079460000 does not match a German phone number (national format)");
  CHECK_NTH(4, FIELD_POSTAL_CODE, VIOLATION_PATTERN,
            "postal_code 1234 does not match the 5-digit format used in DE");
  CHECK(row_has_errors(&row));
  teardown();
}

TEST(normalize_rewrites_values_before_the_checks)
{
  setup();
  fixture_row(&row, ACTION_CREATE, GOOD_DE, FIELD_PHONE, "+49 (30) 123-4567", FIELD_EMAIL,
              "  Anna@Contoso.DE ", FIELD_NONE);
  validate_row(rules, &row);
  CHECK_INT_EQ(0, row.nviolations);
  CHECK_STR_EQ("301234567", row_get(&row, FIELD_PHONE));
  CHECK_STR_EQ("anna@contoso.de", row_get(&row, FIELD_EMAIL));
  teardown();
}

TEST(a_country_without_rules_is_not_in_list_and_common_rules_still_apply)
{
  setup();
  fixture_row(&row, ACTION_CREATE, FIELD_COUNTRY, "FR", FIELD_NONE); /* in a group, no file */
  validate_row(rules, &row);
  CHECK_INT_EQ(3, row.nviolations);
  CHECK_NTH(0, FIELD_COUNTRY, VIOLATION_NOT_IN_LIST,
            "country FR is not a market csponboard has rules for");
  CHECK_NTH(1, FIELD_COMPANY_NAME, VIOLATION_MISSING, "company_name is required");
  CHECK_NTH(2, FIELD_EMAIL, VIOLATION_MISSING, "email is required");
  teardown();
}

TEST(an_empty_country_is_missing)
{
  setup();
  fixture_row(&row, ACTION_CREATE, GOOD_DE, FIELD_COUNTRY, "", FIELD_NONE);
  validate_row(rules, &row);
  CHECK_INT_EQ(1, row.nviolations);
  CHECK_INT_EQ(VIOLATION_MISSING, row.violations[0].code);
  CHECK_STR_EQ("country is required", row.violations[0].message);
  teardown();
}

TEST(a_market_entry_replaces_common_for_that_field_only)
{
  setup();
  /* DE.yaml says middle_name: [] (common forbids it); US keeps common's rule. */
  fixture_row(&row, ACTION_CREATE, GOOD_DE, FIELD_MIDDLE_NAME, "Maria", FIELD_NONE);
  validate_row(rules, &row);
  CHECK_INT_EQ(0, row.nviolations);
  fixture_row(&row, ACTION_CREATE, FIELD_COMPANY_NAME, "Contoso Inc", FIELD_EMAIL, "a@contoso.com",
              FIELD_COUNTRY, "US", FIELD_STATE, "wa", FIELD_POSTAL_CODE, "98052", FIELD_MIDDLE_NAME,
              "Q", FIELD_NONE);
  validate_row(rules, &row);
  CHECK_INT_EQ(1, row.nviolations);
  CHECK_STR_EQ("middle_name must be empty, not Q", row.violations[0].message);
  CHECK_STR_EQ("WA", row_get(&row, FIELD_STATE));
  teardown();
}

TEST(warnings_are_reported_but_do_not_block_the_row)
{
  setup();
  fixture_row(&row, ACTION_CREATE, GOOD_DE, FIELD_COMPANY_NAME, "Contooo GmbH", FIELD_NONE);
  validate_row(rules, &row);
  CHECK_INT_EQ(1, row.nviolations);
  CHECK(row.violations[0].warning);
  CHECK(!row_has_errors(&row));
  teardown();
}

TEST(long_values_are_cut_in_messages)
{
  setup();
  fixture_row(&row, ACTION_CREATE, GOOD_DE, FIELD_POSTAL_CODE,
              "0123456789012345678901234567890123456789012345678901234567890123456789", FIELD_NONE);
  validate_row(rules, &row);
  CHECK_INT_EQ(1, row.nviolations);
  CHECK_STR_EQ("postal_code 012345678901234567890123456789012345678901234567890123456789… does "
               "not match the 5-digit format used in DE",
               row.violations[0].message);
  teardown();
}

TEST(russian_rows_need_a_valid_inn_and_a_phone_for_create)
{
  setup();
  fixture_row(&row, ACTION_CREATE, FIELD_COMPANY_NAME, "Yandex", FIELD_EMAIL, "a@yandex.ru",
              FIELD_COUNTRY, "RU", FIELD_CITY, "Moscow", FIELD_ORG_REG_NUMBER, "7736-207-544",
              FIELD_NONE);
  validate_row(rules, &row);
  CHECK_INT_EQ(2, row.nviolations);
  CHECK_NTH(0, FIELD_PHONE, VIOLATION_MISSING, "phone is required when action is create");
  CHECK_NTH(1, FIELD_ORG_REG_NUMBER, VIOLATION_CHECKSUM,
            "organization_registration_number 7736207544 does not match a Russian INN (10 or "
            "12 digits with valid check digits)");
  fixture_row(&row, ACTION_INVITE, FIELD_COMPANY_NAME, "Yandex", FIELD_EMAIL, "a@yandex.ru",
              FIELD_COUNTRY, "RU", FIELD_CITY, "Moscow", FIELD_ORG_REG_NUMBER, "7736207543",
              FIELD_NONE);
  validate_row(rules, &row);
  CHECK_INT_EQ(0, row.nviolations);
  teardown();
}

TEST(validating_many_rows_is_fast)
{
  setup();
  struct timespec t0, t1;
  const int n = 200000;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < n; i++) {
    fixture_row(&row, ACTION_CREATE, FIELD_COMPANY_NAME, "Contoso Inc", FIELD_EMAIL,
                "anna@contoso.com", FIELD_COUNTRY, "US", FIELD_STATE, "wa", FIELD_POSTAL_CODE,
                "98052-1234", FIELD_PHONE, "+1 (425) 555-0100", FIELD_CULTURE, "en-us",
                FIELD_DOMAIN, "contoso123", FIELD_FIRST_NAME, "Anna", FIELD_NONE);
    validate_row(rules, &row);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  CHECK_INT_EQ(0, row.nviolations);
  double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  fprintf(stderr, "  validate: %.0f rows/s (row set-up included)\n", n / s);
  teardown();
}

TEST(the_rule_set_is_freed)
{
  rules_close(rules);
  rules = NULL;
  rules_close(NULL);
}

RUN_TESTS()
