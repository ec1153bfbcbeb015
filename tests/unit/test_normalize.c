/* Tests for src/rules/normalize.c: trim, upper, lower and digits rewrite in place. */
#include <string.h>

#include "check.h"
#include "rules/rules_internal.h"

static const char *apply(const char *step, const char *in)
{
  static char buf[128];
  struct market_rules m;
  memset(&m, 0, sizeof(m));
  size_t len = strlen(in);
  memcpy(buf, in, len + 1);
  buf[normalize_apply((enum normalize_step)normalize_step_by_name(step), buf, len, &m)] = '\0';
  return buf;
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

TEST(step_names_round_trip)
{
  for (int i = 0; i < NORMALIZE_COUNT; i++)
    CHECK_INT_EQ(i, normalize_step_by_name(normalize_step_name((enum normalize_step)i)));
  CHECK_INT_EQ(-1, normalize_step_by_name("title"));
}

RUN_TESTS()
