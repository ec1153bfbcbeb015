/* Tests for src/rules/checks.c: every rule kind passes and fails, with its code, severity
 * and message (fixture: tests/fixtures/rules/checks, one field of market ZZ per kind). */
#include "rules/validate.h"

#include "check.h"
#include "rules/rules_internal.h"
#include "rules_fixture.h"

static struct rules *rules;
static struct row row;

/* Validates a ZZ row with a company name and one more field; returns its violation of that
 * field (NULL when there is none) and checks that it is the only one. */
static const struct violation *one(enum row_action action, enum field_id f, const char *value)
{
  if (!rules) {
    rules = fixture_rules("checks");
    row_init(&row);
  }
  fixture_row(&row, action, FIELD_COUNTRY, "ZZ", FIELD_COMPANY_NAME, "Contoso", f, value,
              FIELD_NONE);
  validate_row(rules, &row);
  CHECK(row.nviolations <= 1);
  return fixture_violation(&row, f, 0);
}

#define PASSES(f, value) CHECK(one(ACTION_CREATE, f, value) == NULL)

#define FAILS(f, value, code_, message_) \
  do { \
    const struct violation *v_ = one(ACTION_CREATE, f, value); \
    CHECK(v_ != NULL); \
    if (v_) { \
      CHECK_INT_EQ(code_, v_->code); \
      CHECK_STR_EQ(message_, v_->message); \
    } \
  } while (0)

TEST(required_fails_only_an_empty_value)
{
  PASSES(FIELD_COMPANY_NAME, "Contoso");
  FAILS(FIELD_COMPANY_NAME, "", VIOLATION_MISSING, "company_name is required");
}

TEST(lengths_count_utf8_characters_not_bytes)
{
  PASSES(FIELD_FIRST_NAME, "Jörg");
  PASSES(FIELD_FIRST_NAME, "");
  FAILS(FIELD_FIRST_NAME, "J", VIOLATION_TOO_SHORT,
        "first_name is too short (1 character, at least 2)");
  FAILS(FIELD_FIRST_NAME, "Jürgen", VIOLATION_TOO_LONG,
        "first_name is too long (6 characters, at most 4)");
}

TEST(forbidden_fails_any_value_and_the_message_ends_the_text)
{
  PASSES(FIELD_MIDDLE_NAME, "");
  FAILS(FIELD_MIDDLE_NAME, "Q", VIOLATION_FORBIDDEN,
        "middle_name must be empty, not Q; expected no middle name in ZZ");
}

TEST(a_forbidden_value_that_is_only_a_warning_is_reported_and_dropped)
{
  const struct violation *v = one(ACTION_CREATE, FIELD_ADDRESS_LINE3, "Building 7");
  CHECK(v != NULL);
  if (v) {
    CHECK(v->warning);
    CHECK_STR_EQ("address_line3 Building 7 is not used here and will not be sent; expected a "
                 "two-line address",
                 v->message);
  }
  CHECK_STR_EQ("", row_get(&row, FIELD_ADDRESS_LINE3));
}

TEST(required_if_applies_when_every_condition_holds)
{
  const struct violation *v = one(ACTION_CREATE, FIELD_CULTURE, "en-GB");
  CHECK(v == NULL);
  v = fixture_violation(&row, FIELD_LAST_NAME, 0);
  CHECK(v != NULL);
  if (v) {
    CHECK_INT_EQ(VIOLATION_MISSING, v->code);
    CHECK_STR_EQ("last_name is required when action is create and culture is en-GB", v->message);
  }
  (void)one(ACTION_INVITE, FIELD_CULTURE, "en-GB");
  CHECK_INT_EQ(0, row.nviolations);
  (void)one(ACTION_CREATE, FIELD_CULTURE, "de-DE");
  CHECK(fixture_violation(&row, FIELD_LAST_NAME, 0) == NULL);
}

TEST(pattern_must_match_and_names_the_regex_without_a_message)
{
  PASSES(FIELD_POSTAL_CODE, "10115");
  FAILS(FIELD_POSTAL_CODE, "1011", VIOLATION_PATTERN,
        "postal_code 1011 does not match the pattern ^\\d{5}$");
  FAILS(FIELD_POSTAL_CODE, "10115\n", VIOLATION_PATTERN,
        "postal_code 10115\n does not match the pattern ^\\d{5}$");
}

/* As one(), with f's value from a cell that a spreadsheet stored as a number. */
static const struct violation *numeric(enum field_id f, const char *value)
{
  (void)one(ACTION_CREATE, f, value);
  row.numeric_fields[f / 8] |= (unsigned char)(1u << (f % 8));
  row.nviolations = 0;
  validate_row(rules, &row);
  CHECK(row.nviolations <= 1);
  return fixture_violation(&row, f, 0);
}

#define LOST_ZERO \
  "; stored by Excel as a number: a leading zero may be lost (format the column as Text)"

TEST(a_numeric_cell_that_fails_a_check_of_its_characters_may_have_lost_a_leading_zero)
{
  CHECK(numeric(FIELD_POSTAL_CODE, "98052") == NULL); /* passes: nothing to say */
  const struct violation *v = numeric(FIELD_POSTAL_CODE, "2108");
  CHECK(v && v->code == VIOLATION_PATTERN && !v->warning);
  CHECK_STR_EQ("postal_code 2108 does not match the pattern ^\\d{5}$" LOST_ZERO,
               v ? v->message : NULL);
  v = numeric(FIELD_FIRST_NAME, "7");
  CHECK_STR_EQ("first_name is too short (1 character, at least 2)" LOST_ZERO,
               v ? v->message : NULL);
  v = numeric(FIELD_ORG_REG_NUMBER, "770708389");
  CHECK_CONTAINS(v ? v->message : NULL, LOST_ZERO);
}

TEST(a_numeric_cell_too_long_or_matching_a_forbidden_pattern_gets_no_leading_zero_hint)
{
  const struct violation *v = numeric(FIELD_FIRST_NAME, "12345");
  CHECK_STR_EQ("first_name is too long (5 characters, at most 4)", v ? v->message : NULL);
  v = numeric(FIELD_CITY, "1110");
  CHECK_STR_EQ("city 1110 matches the forbidden pattern (.)\\1\\1", v ? v->message : NULL);
  v = one(ACTION_CREATE, FIELD_POSTAL_CODE, "2108"); /* a text cell */
  CHECK_STR_EQ("postal_code 2108 does not match the pattern ^\\d{5}$", v ? v->message : NULL);
}

TEST(patterns_see_utf8_values_and_invalid_bytes_never_match)
{
  FAILS(FIELD_POSTAL_CODE, "1011ü", VIOLATION_PATTERN,
        "postal_code 1011ü does not match the pattern ^\\d{5}$");
  FAILS(FIELD_POSTAL_CODE, "1011\xff", VIOLATION_PATTERN,
        "postal_code 1011\xff does not match the pattern ^\\d{5}$");
  CHECK(one(ACTION_CREATE, FIELD_CITY, "Zürich") == NULL);
  CHECK(one(ACTION_CREATE, FIELD_CITY, "Züüürich") != NULL);
}

TEST(not_pattern_must_not_match_and_can_be_a_warning)
{
  PASSES(FIELD_CITY, "Berlin");
  const struct violation *v = one(ACTION_CREATE, FIELD_CITY, "Aaaachen");
  CHECK(v != NULL);
  if (v) {
    CHECK(v->warning);
    CHECK_INT_EQ(VIOLATION_PATTERN, v->code);
    CHECK_STR_EQ("city Aaaachen matches the forbidden pattern (.)\\1\\1", v->message);
  }
}

TEST(enum_lists_its_first_values_and_rewrites_other_case_when_insensitive)
{
  PASSES(FIELD_STATE, "WA");
  CHECK(one(ACTION_CREATE, FIELD_STATE, "tx") == NULL);
  CHECK_STR_EQ("TX", row_get(&row, FIELD_STATE));
  FAILS(FIELD_STATE, "XY", VIOLATION_NOT_IN_LIST,
        "state XY is not one of NY, WA, CA, DC, FL, GA, TX, AL, …");
  PASSES(FIELD_LANGUAGE, "de");
  FAILS(FIELD_LANGUAGE, "DE", VIOLATION_NOT_IN_LIST, "language DE is not one of en, de");
}

TEST(formats_check_email_guid_domain_and_domain_prefix)
{
  PASSES(FIELD_EMAIL, "anna.schmidt+csp@contoso.co.uk");
  FAILS(FIELD_EMAIL, "anna@contoso", VIOLATION_FORMAT,
        "email anna@contoso does not match an email address (name@example.com)");
  PASSES(FIELD_TENANT_ID, "6A8F3B2C-1D4E-4F5A-9B7C-0D1E2F3A4B5C");
  FAILS(FIELD_TENANT_ID, "6a8f3b2c1d4e4f5a9b7c0d1e2f3a4b5c", VIOLATION_FORMAT,
        "tenant_id 6a8f3b2c1d4e4f5a9b7c0d1e2f3a4b5c does not match a GUID "
        "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
  PASSES(FIELD_DOMAIN, "contoso123");
  PASSES(FIELD_DOMAIN, "contoso123.onmicrosoft.com");
  FAILS(FIELD_DOMAIN, "contoso.com", VIOLATION_FORMAT,
        "domain contoso.com does not match an .onmicrosoft.com prefix (1-27 letters and digits)");
  CHECK(one(ACTION_INVITE, FIELD_DOMAIN, "contoso.com") == NULL);
  CHECK(one(ACTION_INVITE, FIELD_DOMAIN, "contoso") != NULL);
}

TEST(checksum_checks_the_inn)
{
  PASSES(FIELD_ORG_REG_NUMBER, "7707083893");
  FAILS(FIELD_ORG_REG_NUMBER, "7707083894", VIOLATION_CHECKSUM,
        "organization_registration_number 7707083894 does not match a Russian INN (10 or 12 "
        "digits with valid check digits)");
}

TEST(when_limits_a_rule_to_rows_whose_conditions_hold)
{
  (void)one(ACTION_CREATE, FIELD_CITY, "Paris");
  const struct violation *v = fixture_violation(&row, FIELD_ASSOCIATED_PARTNER_ID, 0);
  CHECK(v != NULL);
  if (v) {
    CHECK(v->warning);
    CHECK_STR_EQ("associated_partner_id is required", v->message);
  }
  CHECK(one(ACTION_INVITE, FIELD_CITY, "Paris") == NULL);
  CHECK(one(ACTION_CREATE, FIELD_CITY, "Lyon") == NULL);
}

TEST(conditions_on_action_read_the_column_while_the_action_is_auto)
{
  fixture_row(&row, ACTION_AUTO, FIELD_COUNTRY, "ZZ", FIELD_COMPANY_NAME, "Contoso", FIELD_ACTION,
              "create", FIELD_CITY, "Paris", FIELD_NONE);
  validate_row(rules, &row);
  CHECK(fixture_violation(&row, FIELD_ASSOCIATED_PARTNER_ID, 0) != NULL);
}

TEST(every_check_kind_has_a_table_row_with_a_function)
{
  size_t n = 0;
  for (const struct check_kind *k; (k = check_kind_at(n)); n++) {
    CHECK(k->run != NULL);
    CHECK(check_kind_find(k->key) == k);
  }
  CHECK_INT_EQ(11, n);
  CHECK(check_kind_find("when") == NULL);
}

TEST(the_fixture_is_released)
{
  rules_close(rules);
  row_release(&row);
  rules = NULL;
}

RUN_TESTS()
