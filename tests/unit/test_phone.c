/* Tests for src/rules/phone.c: phone numbers as people write them into national digits. */
#include <string.h>

#include "check.h"
#include "rules/rules_internal.h"

static const char *us_codes[] = {"1"};
static const char *de_codes[] = {"49"};
static const char *as_codes[] = {"1684", "1"};

static const char *phone(const char *const *codes, size_t ncodes, const char *trunk, const char *in)
{
  static char buf[128];
  struct market_rules m;
  memset(&m, 0, sizeof(m));
  m.calling_codes = (const char **)codes;
  m.ncalling_codes = ncodes;
  m.trunk_prefix = trunk;
  size_t len = strlen(in);
  memcpy(buf, in, len + 1);
  buf[phone_normalize(buf, len, &m)] = '\0';
  return buf;
}

#define US(in) phone(us_codes, 1, "1", in)
#define DE(in) phone(de_codes, 1, "0", in)

TEST(us_numbers_in_every_usual_spelling_become_ten_digits)
{
  CHECK_STR_EQ("4255550100", US("+1 (425) 555-0100"));
  CHECK_STR_EQ("4255550100", US("001 425 555 0100"));
  CHECK_STR_EQ("4255550100", US("425.555.0100"));
  CHECK_STR_EQ("4255550100", US("1-425-555-0100"));
  CHECK_STR_EQ("4255550100", US("425/555/0100"));
}

TEST(german_numbers_lose_the_calling_code_or_the_trunk_prefix)
{
  CHECK_STR_EQ("301234567", DE("+49 30 1234567"));
  CHECK_STR_EQ("301234567", DE("030 1234567"));
  CHECK_STR_EQ("301234567", DE("0049 (30) 123-4567"));
  CHECK_STR_EQ("301234567", DE("030/1234567"));
}

TEST(a_trunk_prefix_written_after_the_calling_code_is_dropped_too)
{
  CHECK_STR_EQ("301234567", DE("+49 (0)30 1234567"));
}

TEST(a_foreign_calling_code_is_left_as_dialled_in_plus_form)
{
  CHECK_STR_EQ("+442079460000", DE("+44 20 7946 0000"));
  CHECK_STR_EQ("+442079460000", DE("0044 20 7946 0000"));
  CHECK_STR_EQ("+4930123", US("+49 30 123"));
}

TEST(the_longest_matching_calling_code_wins)
{
  CHECK_STR_EQ("6330000", phone(as_codes, 2, "1", "+1 684 633 0000"));
}

TEST(non_breaking_spaces_count_as_spaces_and_other_characters_stay)
{
  CHECK_STR_EQ("301234567", DE("030\xC2\xA0"
                               "1234567"));
  CHECK_STR_EQ("301234567x12", DE("030 1234567 x12"));
}

TEST(a_market_without_trunk_prefix_keeps_leading_zeros)
{
  CHECK_STR_EQ("0612345678", phone(de_codes, 1, "", "06 1234 5678"));
  CHECK_STR_EQ("", DE(""));
  CHECK_STR_EQ("", DE(" - "));
}

RUN_TESTS()
