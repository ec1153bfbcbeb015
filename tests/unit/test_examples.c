/* Tests for src/rules/examples.c and rules check's completeness (rules_open with lint): a
 * market file's examples run through its rules and must behave as declared; every code of
 * regions.yaml needs a market file. */
#include "check.h"
#include "rules_fixture.h"

#define ERR "csponboard: error: "

TEST(examples_that_do_not_behave_as_declared_and_a_missing_file_fail_rules_check)
{
  struct rules *rules = NULL;
  fixture_log_begin();
  CHECK_INT_EQ(CSP_E_RULES, rules_open(FIXTURES "bad_examples", true, &rules));
  const char *log = fixture_log_text();
  CHECK_CONTAINS(log, ERR FIXTURES "bad_examples/markets/XA.yaml:5:33: example postal_code "
                                   "12345 is declared valid but: postal_code 12345 does not "
                                   "match 4 digits\n");
  CHECK_CONTAINS(log, ERR FIXTURES "bad_examples/markets/XA.yaml:5:61: example postal_code "
                                   "4321 is declared invalid but passes the rules\n");
  CHECK_CONTAINS(log, ERR FIXTURES "bad_examples/markets/XB.yaml: missing: XB is listed in "
                                   "regions.yaml (Test) but has no market file\n");
  CHECK(strstr(log, "'1234'") == NULL && strstr(log, "ABCD") == NULL); /* those behave */
  fixture_log_end();
}

TEST(without_lint_neither_examples_nor_missing_files_are_looked_at)
{
  struct rules *rules = NULL;
  fixture_log_begin();
  CHECK_INT_EQ(CSP_E_OK, rules_open(FIXTURES "bad_examples", false, &rules));
  CHECK_STR_EQ("", fixture_log_text());
  rules_close(rules);
  fixture_log_end();
}

TEST(the_world_fixtures_examples_pass)
{
  struct rules *rules = NULL;
  CHECK_INT_EQ(CSP_E_OK, rules_open(FIXTURES "world", true, &rules));
  rules_close(rules);
}

RUN_TESTS()
