/* Tests for src/rules/rules_load.c (and yaml_tree.c, rule_parse.c): the good fixture loads
 * with common merged into each market; each broken fixture file is reported with its exact
 * file:line:column and words; without lint the load stops at the first broken file. */
#include "rules/rules.h"

#include <sys/stat.h>

#include "check.h"
#include "rules/rules_internal.h"
#include "rules_fixture.h"

#define BAD FIXTURES "bad/markets/"
#define ERR "csponboard: error: "

static size_t count_lines(const char *s)
{
  size_t n = 0;
  for (; *s; s++)
    n += *s == '\n';
  return n;
}

TEST(the_good_fixture_loads_its_markets_in_alphabetical_order)
{
  struct rules *rules = fixture_rules("good");
  CHECK(rules != NULL);
  if (!rules)
    return;
  CHECK_INT_EQ(3, rules_market_count(rules));
  CHECK_STR_EQ("DE", rules_market_code(rules, 0));
  CHECK_STR_EQ("RU", rules_market_code(rules, 1));
  CHECK_STR_EQ("US", rules_market_code(rules, 2));
  CHECK(rules_market_code(rules, 3) == NULL);
  rules_close(rules);
}

TEST(market_accessors_give_the_file_values)
{
  struct rules *rules = fixture_rules("good");
  if (!rules)
    return;
  const struct market_rules *de = rules_market(rules, "DE");
  CHECK(de != NULL);
  CHECK_STR_EQ("Germany", market_rules_name(de));
  CHECK_STR_EQ("de-DE", market_rules_default_culture(de));
  CHECK_STR_EQ("DE", market_rules_code(de));
  CHECK_INT_EQ(1, market_rules_calling_code_count(de));
  CHECK_STR_EQ("49", market_rules_calling_code(de, 0));
  CHECK_STR_EQ("0", market_rules_trunk_prefix(de));
  CHECK(rules_market(rules, "FR") == NULL); /* in a group, but no market file */
  CHECK(rules_market(rules, "de") == NULL);
  CHECK(rules_market(rules, "DEU") == NULL);
  CHECK(rules_market(rules, "") == NULL);
  rules_close(rules);
}

TEST(a_market_replaces_common_field_by_field)
{
  struct rules *rules = fixture_rules("good");
  if (!rules)
    return;
  const struct market_rules *de = rules_market(rules, "DE"), *us = rules_market(rules, "US");
  CHECK_INT_EQ(0, de->fields[FIELD_MIDDLE_NAME].n);
  CHECK_INT_EQ(1, us->fields[FIELD_MIDDLE_NAME].n);
  CHECK_STR_EQ("common.yaml", us->fields[FIELD_MIDDLE_NAME].rules[0].file);
  CHECK_STR_EQ("DE.yaml", de->fields[FIELD_POSTAL_CODE].rules[0].file);
  CHECK_INT_EQ(2, de->fields[FIELD_COMPANY_NAME].n);
  CHECK(de->fields[FIELD_PHONE].normalizes);
  rules_close(rules);
}

static const char *const bad_lines[] = {
    ERR BAD "xx.yaml: not a market file name (CC.yaml, CC an upper-case ISO 3166 code)",
    ERR BAD "XA.yaml:7:5: unknown rule key 'patern'",
    ERR BAD "XB.yaml:6:17: 'max_length' must be a whole number, not ten",
    ERR BAD "XC.yaml:6:14: 'pattern' is not a valid regex: missing closing parenthesis at "
            "offset 8",
    ERR BAD "XD.yaml:1:9: market XE does not match the file name XD.yaml",
    ERR BAD
    "XE.yaml:5:3: unknown field 'zip' (the canonical names are in the README's \"Input columns\")",
    ERR BAD "XF.yaml:6:13: unknown format phone (known: email, guid, domain, domain_prefix)",
    ERR BAD "XG.yaml:6:15: unknown checksum luhn (known: inn)",
    ERR BAD "XH.yaml:6:23: unknown normalize step title (known: trim, upper, lower, digits, "
            "phone)",
    ERR BAD "XI.yaml:6:15: 'required' must be true or false, not yes",
    ERR BAD "XJ.yaml:7:5: duplicate key 'required' (first on line 6)",
    ERR BAD "XK.yaml:3:1: did not find expected ',' or ']' while parsing a flow sequence",
    ERR BAD "XL.yaml:1:1: missing key 'name'",
    ERR BAD "XM.yaml:4:1: unknown key 'language' (a market file has market, name, sources, "
            "calling_codes, trunk_prefix, default_culture, status, rejected_reason, inferred, "
            "subdivisions, examples and fields)",
    ERR BAD "XN.yaml:6:5: case_insensitive applies to enum, and this rule has none",
    ERR BAD "XO.yaml:6:19: 'required_if' names an unknown field 'region'",
    ERR BAD "XP.yaml:3:17: calling code +49 must be 1 to 4 digits without '+'",
    ERR BAD "XP.yaml:4:15: trunk_prefix 0a must be digits (or \"\")",
    ERR BAD "XQ.yaml:1:1: market XQ is in no group of regions.yaml and not under none",
    ERR BAD "XR.yaml:6:5: enum lists NY twice",
    ERR BAD "XS.yaml:6:15: 'severity' must be error or warning, not fatal",
    ERR BAD "XT.yaml:6:7: min_length 5 is greater than max_length 2",
    ERR BAD "XT.yaml:8:7: the rule checks nothing (no required, pattern, enum, ... key)",
};

TEST(lint_reports_every_problem_of_every_file_with_its_position)
{
  struct rules *rules = (struct rules *)1;
  fixture_log_begin();
  CHECK_INT_EQ(CSP_E_RULES, rules_open(FIXTURES "bad", true, &rules));
  CHECK(rules == NULL);
  const char *log = fixture_log_text();
  for (size_t i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++)
    CHECK_CONTAINS(log, bad_lines[i]);
  CHECK_INT_EQ(sizeof(bad_lines) / sizeof(bad_lines[0]), count_lines(log));
  fixture_log_end();
}

TEST(without_lint_a_broken_market_is_found_on_first_use_and_logged_once)
{
  struct rules *rules = NULL;
  fixture_log_begin();
  CHECK_INT_EQ(CSP_E_OK, rules_open(FIXTURES "two_broken", false, &rules));
  CHECK_STR_EQ("", fixture_log_text()); /* no market file read yet */
  CHECK(rules_market(rules, "XA") == NULL);
  CHECK(rules_market(rules, "XA") == NULL);
  CHECK(rules_market_has_file(rules, "XA"));
  CHECK_STR_EQ(ERR FIXTURES "two_broken/markets/XA.yaml:5:10: unknown rule key 'requird'\n",
               fixture_log_text());
  CHECK_INT_EQ(0, rules_markets_loaded(rules));
  rules_close(rules);
  fixture_log_end();
  fixture_log_begin();
  CHECK_INT_EQ(CSP_E_RULES, rules_open(FIXTURES "two_broken", true, &rules));
  CHECK_INT_EQ(2, count_lines(fixture_log_text()));
  fixture_log_end();
}

TEST(a_missing_folder_or_file_is_reported)
{
  struct rules *rules = NULL;
  fixture_log_begin();
  CHECK_INT_EQ(CSP_E_RULES, rules_open(FIXTURES "no_such_folder", false, &rules));
  CHECK_STR_EQ(ERR FIXTURES "no_such_folder/regions.yaml: cannot open: No such file or "
                            "directory\n",
               fixture_log_text());
  fixture_log_end();
}

/* Writes text to dir/name. */
static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
  char path[1024];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (f) {
    fwrite(text, 1, len, f);
    fclose(f);
  }
}

TEST(the_example_of_every_rule_kind_in_docs_rules_md_loads)
{
  static const char start[] = "## One example per rule kind\n```yaml\n";
  char doc[32768], dir[] = "/tmp/csp_rules_doc_XXXXXX", sub[600];
  FILE *f = fopen("docs/RULES.md", "r");
  CHECK(f != NULL);
  if (!f || !mkdtemp(dir))
    return;
  size_t n = fread(doc, 1, sizeof(doc) - 1, f);
  fclose(f);
  doc[n] = '\0';
  const char *yaml = strstr(doc, start);
  const char *end = yaml ? strstr(yaml + sizeof(start) - 1, "```") : NULL;
  CHECK(yaml && end);
  if (!yaml || !end)
    return;
  yaml += sizeof(start) - 1;
  snprintf(sub, sizeof(sub), "%s/markets", dir);
  CHECK(mkdir(sub, 0700) == 0);
  write_file(dir, "regions.yaml", "groups: {}\n", 11);
  write_file(sub, "common.yaml", yaml, (size_t)(end - yaml));
  struct rules *rules = NULL;
  CHECK_INT_EQ(0, rules_open(dir, false, &rules));
  rules_close(rules);
  snprintf(sub, sizeof(sub), "rm -r '%s'", dir);
  CHECK_INT_EQ(0, system(sub));
}

RUN_TESTS()
