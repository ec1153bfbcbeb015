/* Tests for src/rules/text_fold.c: names compared without case, accents or punctuation, in
 * Latin, Greek and Cyrillic; other scripts kept as written. */
#include "rules/text_fold.h"

#include "check.h"

static const char *folded(const char *s)
{
  static char out[TEXT_FOLD_MAX];
  return text_fold(s, strlen(s), out, sizeof(out)) == (size_t)-1 ? "(none)" : out;
}

TEST(case_accents_and_punctuation_are_dropped_in_latin_script)
{
  CHECK_STR_EQ("osterreich", folded("ÖSTERREICH"));
  CHECK_STR_EQ("osterreich", folded("Österreich"));
  CHECK_STR_EQ("us", folded("U.S."));
  CHECK_STR_EQ("usa", folded(" U.S.A. "));
  CHECK_STR_EQ("zurich", folded("Zürich"));
  CHECK_STR_EQ("badenwurttemberg", folded("Baden-Württemberg"));
  CHECK_STR_EQ("strasse", folded("Straße"));
  CHECK_STR_EQ("lodz", folded("Łódź"));
  CHECK_STR_EQ("bucuresti", folded("București")); /* ș with comma below, U+0219 */
  CHECK_STR_EQ("hanoi", folded("Hà Nội"));        /* Vietnamese: U+1ED9 */
  CHECK_STR_EQ("cotedivoire", folded("Côte d’Ivoire"));
}

TEST(greek_and_cyrillic_are_lower_cased_without_accents)
{
  CHECK_STR_EQ("москва", folded("МОСКВА"));
  CHECK_STR_EQ("еи", folded("Ёй"));
  CHECK_STR_EQ("αθηνα", folded("Αθήνα"));
  CHECK_STR_EQ("санктпетербург", folded("Санкт-Петербург"));
}

TEST(cjk_is_kept_as_written_and_its_punctuation_dropped)
{
  CHECK_STR_EQ("東京都", folded("東京都"));
  CHECK_STR_EQ("東京都", folded("東京都。"));
  CHECK_STR_EQ("abc", folded("ＡＢＣ")); /* full-width */
}

TEST(invalid_utf8_and_overflow_fold_to_nothing)
{
  char out[4];
  CHECK(text_fold("\xC3", 1, out, sizeof(out)) == (size_t)-1);
  CHECK(text_fold("\xC0\xAF", 2, out, sizeof(out)) == (size_t)-1); /* overlong */
  CHECK(text_fold("abcd", 4, out, sizeof(out)) == (size_t)-1);
  CHECK_INT_EQ(3, text_fold("abc", 3, out, sizeof(out)));
  CHECK_STR_EQ("", folded("..."));
}

RUN_TESTS()
