/* Tests for src/rules/phone_region.c with the real schemas/: a calling code shared by
 * several countries (+1, +7) is told apart by each market's phone_region, and a number of
 * another sharer's region is a warning naming it; a number of the market's own region, or a
 * toll-free number every NANP country shares, says nothing. */
#include "rules/rules_internal.h"
#include "rules/validate.h"

#include "check.h"
#include "rules_fixture.h"

static struct rules *real;
static struct row row;

static const char *phone_warning(const char *country, const char *phone)
{
  if (!fixture_schemas_row(&real, &row, country, FIELD_PHONE, phone))
    return "(schemas/ does not load)";
  for (size_t i = 0; i < row.nviolations; i++)
    if (row.violations[i].field == FIELD_PHONE && row.violations[i].code == VIOLATION_OTHER_COUNTRY)
      return row.violations[i].warning ? row.violations[i].message : "(an error)";
  return NULL;
}

/* Findings of any kind on the phone of the last row. */
static int phone_findings(void)
{
  int n = 0;
  for (size_t i = 0; i < row.nviolations; i++)
    n += row.violations[i].field == FIELD_PHONE;
  return n;
}

TEST(a_jamaican_number_in_a_us_row_names_jamaica)
{
  CHECK_STR_EQ("phone 8765550100 looks like a number of Jamaica (JM), not of United States "
               "(calling code +1)",
               phone_warning("US", "+1 876 555 0100"));
  CHECK_INT_EQ(1, phone_findings()); /* the US plan takes it: the warning alone */
  CHECK_STR_EQ("phone 8765550100 looks like a number of Jamaica (JM), not of United States "
               "(calling code +1)",
               phone_warning("US", "(876) 555-0100"));
}

TEST(a_us_number_in_a_us_row_says_nothing)
{
  CHECK(phone_warning("US", "+1 425 555 0100") == NULL);
  CHECK_INT_EQ(0, phone_findings());
  CHECK(phone_warning("US", "(212) 555-0100") == NULL);
}

TEST(a_toll_free_number_shared_by_every_nanp_country_says_nothing)
{
  CHECK(phone_warning("US", "1-800-555-0100") == NULL);
  CHECK(phone_warning("JM", "888 555 0100") == NULL);
  CHECK(phone_warning("CA", "+1 877 555 0100") == NULL);
}

TEST(a_us_number_in_a_canadian_row_names_the_united_states)
{
  CHECK_STR_EQ("phone 4255550100 looks like a number of United States (US), not of Canada "
               "(calling code +1)",
               phone_warning("CA", "425-555-0100"));
  CHECK(phone_warning("CA", "416 555 0100") == NULL); /* Toronto */
}

TEST(a_kazakh_number_in_a_russian_row_names_kazakhstan)
{
  CHECK_STR_EQ("phone 7011234567 looks like a number of Kazakhstan (KZ), not of Russia (calling "
               "code +7)",
               phone_warning("RU", "+7 701 123 4567"));
  CHECK(phone_warning("RU", "+7 495 123 4567") == NULL); /* Moscow */
  CHECK(phone_warning("KZ", "8 727 123 4567") == NULL);  /* Almaty */
  CHECK(phone_warning("KZ", "+7 495 123 4567") != NULL); /* Moscow, in a KZ row */
}

TEST(only_markets_sharing_a_calling_code_have_a_region_and_it_compiles_on_first_use)
{
  CHECK(phone_warning("DE", "030 1234567") == NULL);
  const struct market_rules *de = rules_market(real, "DE"), *us = rules_market(real, "US");
  CHECK(de != NULL && de->phone_region == NULL);
  CHECK(us != NULL && us->phone_region != NULL);
  CHECK_INT_EQ(LAZY_LOADED, phone_region_load(real, us));
  const struct market_rules *gg = rules_market(real, "GG");
  CHECK(gg != NULL && gg->phone_region != NULL);
  CHECK_INT_EQ(LAZY_UNLOADED, atomic_load(&gg->phone_region->state)); /* no +44 phone seen */
}

TEST(the_rule_set_is_released)
{
  row_release(&row);
  rules_close(real);
  real = NULL;
}

RUN_TESTS()
