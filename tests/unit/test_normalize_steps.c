/* Tests for src/rules/normalize_steps.c: trim, upper, lower, digits, alnum and country_prefix
 * rewrite in place. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "rules/rules_internal.h"

static const char *apply_in(const char *market, const char *step, const char *in)
{
  static char buf[128];
  struct market_rules m;
  memset(&m, 0, sizeof(m));
  snprintf(m.code, sizeof(m.code), "%s", market);
  size_t len = strlen(in);
  memcpy(buf, in, len + 1);
  buf[normalize_apply((enum normalize_step)normalize_step_by_name(step), buf, len, &m)] = '\0';
  return buf;
}

static const char *apply(const char *step, const char *in)
{
  return apply_in("", step, in);
}

TEST(trim_drops_blanks_and_non_breaking_spaces_at_both_ends)
{
  CHECK_STR_EQ("Contoso Ltd", apply("trim", " \tContoso Ltd \r\n"));
  CHECK_STR_EQ("Contoso", apply("trim", "\xC2\xA0"
                                        "Contoso\xC2\xA0"));
  CHECK_STR_EQ("", apply("trim", "   "));
  CHECK_STR_EQ("Zürich", apply("trim", "Zürich "));
}

TEST(upper_and_lower_change_ascii_letters_only)
{
  CHECK_STR_EQ("WA", apply("upper", "wa"));
  CHECK_STR_EQ("en-us", apply("lower", "EN-US"));
  CHECK_STR_EQ("ÄB", apply("upper", "Äb"));
}

TEST(digits_keeps_only_digits)
{
  CHECK_STR_EQ("7707083893", apply("digits", "77-07 083 893"));
  CHECK_STR_EQ("", apply("digits", "n/a"));
}

TEST(alnum_keeps_ascii_letters_and_digits)
{
  CHECK_STR_EQ("11222333000181", apply("alnum", "11.222.333/0001-81"));
  CHECK_STR_EQ("12ABC34501DE35", apply("alnum", " 12.ABC.345/01DE-35"));
  CHECK_STR_EQ("PL5260250274", apply("alnum", "PL 526-025-02-74"));
  CHECK_STR_EQ("ab", apply("alnum", "äaøb"));
}

TEST(country_prefix_drops_the_markets_iso_or_vehicle_code_before_a_digit)
{
  CHECK_STR_EQ("8001", apply_in("CH", "country_prefix", "CH-8001"));
  CHECK_STR_EQ("8001", apply_in("CH", "country_prefix", "ch-8001"));
  CHECK_STR_EQ("1010", apply_in("AT", "country_prefix", "A-1010"));
  CHECK_STR_EQ("1010", apply_in("AT", "country_prefix", "AT-1010"));
  CHECK_STR_EQ("10115", apply_in("DE", "country_prefix", "D-10115"));
  CHECK_STR_EQ("111 52", apply_in("SE", "country_prefix", "S-111 52"));
  CHECK_STR_EQ("00100", apply_in("FI", "country_prefix", "FIN-00100"));
  CHECK_STR_EQ("A-1010", apply_in("DE", "country_prefix", "A-1010")); /* another country's */
  CHECK_STR_EQ("CH-", apply_in("CH", "country_prefix", "CH-"));
  CHECK_STR_EQ("CH-A1", apply_in("CH", "country_prefix", "CH-A1"));
  CHECK_STR_EQ("8001", apply_in("CH", "country_prefix", "8001"));
}

TEST(step_names_round_trip)
{
  for (int i = 0; i < NORMALIZE_COUNT; i++)
    CHECK_INT_EQ(i, normalize_step_by_name(normalize_step_name((enum normalize_step)i)));
  CHECK_INT_EQ(-1, normalize_step_by_name("title"));
}

/* normalize_needed must say exactly whether normalize_apply changes the value. */
TEST(a_step_is_needed_exactly_when_it_changes_the_value)
{
  static const char *const values[] = {"",
                                       "abc",
                                       "ABC",
                                       "aBc",
                                       " a",
                                       "a ",
                                       "\xC2\xA0"
                                       "a",
                                       "a\xC2\xA0",
                                       "123",
                                       "1-2",
                                       "+49 30 1",
                                       "030 123",
                                       "0049301",
                                       "4930123",
                                       "Zürich"};
  static const char *const codes[] = {"49"};
  struct market_rules m;
  memset(&m, 0, sizeof(m));
  m.calling_codes = (const char **)codes;
  m.ncalling_codes = 1;
  m.trunk_prefix = "0";
  for (int step = 0; step < NORMALIZE_COUNT; step++)
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
      char buf[64];
      size_t len = strlen(values[i]);
      memcpy(buf, values[i], len + 1);
      size_t n = normalize_apply((enum normalize_step)step, buf, len, &m);
      bool changed = n != len || memcmp(buf, values[i], len) != 0;
      if (changed != normalize_needed((enum normalize_step)step, values[i], len, &m))
        CHECK_FAIL_AT("step %s on \"%s\": changed %d", normalize_step_name(step), values[i],
                      changed);
    }
}

RUN_TESTS()
