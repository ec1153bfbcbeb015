/* Tests for src/input/utf8.c: validation, cutting at a character boundary, repair. */
#include "input/utf8.h"

#include <string.h>

#include "check.h"

#define S(lit) lit, sizeof(lit) - 1

TEST(ascii_and_well_formed_multibyte_text_is_valid)
{
  CHECK(utf8_valid(S("plain ascii text longer than eight bytes")));
  CHECK(utf8_valid(S("M\xC3\xBCller \xE2\x82\xAC \xF0\x9F\x98\x80")));
  CHECK(utf8_valid(S("")));
}

TEST(ill_formed_sequences_are_invalid)
{
  CHECK(!utf8_valid(S("caf\xE9")));          /* Latin-1 byte */
  CHECK(!utf8_valid(S("\xC0\xAF")));         /* overlong */
  CHECK(!utf8_valid(S("\xED\xA0\x80")));     /* surrogate */
  CHECK(!utf8_valid(S("\xF4\x90\x80\x80"))); /* above U+10FFFF */
  CHECK(!utf8_valid(S("abc\xE2\x82")));      /* truncated */
  CHECK(!utf8_valid(S("12345678\xFF"
                      "abcdefg"))); /* after an ASCII word */
}

TEST(cutting_never_splits_a_character)
{
  const char *s = "ab\xE2\x82\xAC"; /* "ab€" */
  CHECK_INT_EQ(2, utf8_cut(s, 3));
  CHECK_INT_EQ(2, utf8_cut(s, 4));
  CHECK_INT_EQ(5, utf8_cut(s, 5));
  CHECK_INT_EQ(2, utf8_cut(s, 2));
}

TEST(repair_replaces_each_bad_byte_with_the_replacement_character)
{
  struct arena a;
  arena_init(&a, 0);
  CHECK_STR_EQ("caf\xEF\xBF\xBD!", utf8_repair(&a, S("caf\xE9!")));
  CHECK_STR_EQ("\xEF\xBF\xBD\xEF\xBF\xBDok", utf8_repair(&a, S("\xFF\xFEok")));
  CHECK_STR_EQ("M\xC3\xBCller", utf8_repair(&a, S("M\xC3\xBCller")));
  arena_release(&a);
}

TEST(a_nul_byte_is_not_text_in_the_fast_and_the_slow_path)
{
  CHECK(!utf8_valid("ab\0c", 4));
  CHECK(!utf8_valid("abcdefgh\0ijklmnop", 17));
  CHECK(!utf8_valid("\xC3\xA9"
                    "abcdefg\0",
                    10));
  struct arena a;
  arena_init(&a, 0);
  CHECK_STR_EQ("ab\xEF\xBF\xBD"
               "c",
               utf8_repair(&a, "ab\0c", 4));
  arena_release(&a);
}

RUN_TESTS()
