/* Tests for src/rules/describe.c: `rules show CC` prints the merged rules as YAML. */
#include "rules/rules.h"

#include "check.h"
#include "rules_fixture.h"

/* The caller frees the text. */
static char *show(const char *cc)
{
  char *text = NULL;
  size_t len;
  FILE *out = open_memstream(&text, &len);
  struct rules *rules = fixture_rules("good");
  if (rules)
    rules_describe(rules, cc, out);
  rules_close(rules);
  fclose(out);
  return text;
}

TEST(the_header_gives_the_market_file_values_and_group)
{
  char *text = show("DE");
  CHECK_CONTAINS(text, "# DE (DE.yaml), market group: Europe\nmarket: DE\nname: Germany\n"
                       "calling_codes: [\"49\"]\ntrunk_prefix: \"0\"\ndefault_culture: de-DE\n"
                       "fields:\n");
  free(text);
}

TEST(each_field_names_the_file_its_rules_come_from)
{
  char *text = show("DE");
  CHECK_CONTAINS(text, "  postal_code:  # DE.yaml\n    - required: true\n"
                       "      pattern: '^\\d{5}$'\n"
                       "      message: the 5-digit format used in DE\n");
  CHECK_CONTAINS(text, "  email:  # common.yaml\n    - normalize: [trim, lower]\n");
  CHECK(strstr(text, "middle_name") == NULL);
  free(text);
}

TEST(conditions_lists_and_modifiers_are_printed)
{
  char *text = show("RU");
  CHECK_CONTAINS(text, "    - required_if: {action: [create, invite], culture: ru-RU}\n");
  CHECK_CONTAINS(text, "    - when: {action: create}\n      format: domain_prefix\n");
  CHECK_CONTAINS(text, "      severity: warning\n");
  CHECK_CONTAINS(text, "      enum: [en-US, de-DE, ru-RU]\n      case_insensitive: true\n");
  free(text);
}

TEST(an_unknown_market_says_so)
{
  char *text = show("JP");
  CHECK_STR_EQ("# no rules for market JP\n", text);
  free(text);
}

RUN_TESTS()
