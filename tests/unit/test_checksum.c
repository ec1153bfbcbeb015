/* Tests for src/rules/checksum.c: the Russian INN check digits on real numbers. */
#include <string.h>

#include "check.h"
#include "rules/rules_internal.h"

static bool inn(const char *s)
{
  return checksum_inn(s, strlen(s));
}

TEST(real_ten_digit_inns_of_organisations_pass)
{
  CHECK(inn("7707083893")); /* Sberbank */
  CHECK(inn("7736207543")); /* Yandex */
  CHECK(inn("7702070139")); /* VTB */
}

TEST(a_valid_twelve_digit_inn_passes)
{
  CHECK(inn("500100732259"));
}

TEST(one_changed_digit_fails_the_check)
{
  CHECK(!inn("7707083894"));
  CHECK(!inn("7707083393"));
  CHECK(!inn("7736207553"));
  CHECK(!inn("500100732258")); /* second check digit */
  CHECK(!inn("500100732249")); /* first check digit */
  CHECK(!inn("500100742259"));
}

TEST(other_lengths_and_non_digits_fail)
{
  CHECK(!inn(""));
  CHECK(!inn("770708389"));
  CHECK(!inn("77070838930"));
  CHECK(!inn("77O7083893"));
  CHECK(!inn("7707 083893"));
}

TEST(the_checksum_table_names_inn)
{
  CHECK_STR_EQ("inn", rule_checksums[0].name);
  CHECK(rule_checksums[1].name == NULL);
}

RUN_TESTS()
