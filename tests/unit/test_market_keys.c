/* Tests for src/rules/market_keys.c and the `aliases` rule key: sources, status/
 * rejected_reason (an embargoed market), inferred, aliases (fixture tests/fixtures/rules/world)
 * and what the loader refuses. */
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "rules/rules_internal.h"
#include "rules/validate.h"
#include "rules_fixture.h"

TEST(an_embargoed_market_gives_its_reason_and_its_rows_are_not_checked)
{
  struct rules *rules = fixture_rules("world");
  CHECK_STR_EQ("Microsoft does not sell in Cuba (US embargo); Partner Center has no such market",
               rules_market_rejected_reason(rules, "CU"));
  CHECK(rules_market_rejected_reason(rules, "US") == NULL);
  struct row row;
  row_init(&row);
  fixture_row(&row, ACTION_CREATE, FIELD_COUNTRY, "CU", FIELD_NONE); /* no company, no email */
  validate_row(rules, &row);
  CHECK_INT_EQ(0, row.nviolations);
  row_release(&row);
  rules_close(rules);
}

TEST(an_alias_is_sent_as_its_target_with_a_note)
{
  struct rules *rules = fixture_rules("world");
  struct row row;
  row_init(&row);
  fixture_row(&row, ACTION_CREATE, FIELD_COMPANY_NAME, "Contoso", FIELD_EMAIL, "a@contoso.com",
              FIELD_COUNTRY, "BR", FIELD_LANGUAGE, "PT", FIELD_NONE);
  validate_row(rules, &row);
  CHECK_STR_EQ("pt-BR", row_get(&row, FIELD_LANGUAGE));
  CHECK_INT_EQ(1, row.nviolations);
  CHECK(row.violations[0].warning && row.violations[0].code == VIOLATION_CONVERTED);
  CHECK_STR_EQ("language PT was sent as pt-BR", row.violations[0].message);
  const struct market_rules *br = rules_market(rules, "BR");
  CHECK(br->inferred[FIELD_LANGUAGE] && !br->inferred[FIELD_CULTURE]);
  row_release(&row);
  rules_close(rules);
}

TEST(rules_show_prints_the_new_keys)
{
  struct rules *rules = fixture_rules("world");
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  rules_describe(rules, "US", out);
  rules_describe(rules, "CU", out);
  rules_describe(rules, "BR", out);
  fclose(out);
  CHECK_CONTAINS(text, "sources:\n  - test fixture\n");
  CHECK_CONTAINS(text, "  - {code: CA, iso: US-CA, names: [California], postal: '9[0-6]'}\n");
  CHECK_CONTAINS(text, "      subdivision: true\n");
  CHECK_CONTAINS(text, "status: embargoed\nrejected_reason: ");
  CHECK_CONTAINS(text, "inferred: [language]\n");
  CHECK_CONTAINS(text, "aliases: {pt: pt-BR}\n");
  free(text);
  rules_close(rules);
}

/* Loads a one-market folder whose XA.yaml is text (lint); returns the log's first line. */
static char *lint_one(const char *text)
{
  char dir[] = "/tmp/csp-market-keys-XXXXXX", path[256];
  CHECK(mkdtemp(dir) != NULL);
  snprintf(path, sizeof(path), "%s/markets", dir);
  CHECK(mkdir(path, 0700) == 0);
  const char *files[][2] = {{"regions.yaml", "groups:\n  T: [XA]\n"},
                            {"markets/common.yaml", "fields: {}\n"},
                            {"markets/XA.yaml", text}};
  for (size_t i = 0; i < 3; i++) {
    snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
    FILE *f = fopen(path, "w");
    fputs(files[i][1], f);
    fclose(f);
  }
  struct rules *rules = NULL;
  fixture_log_begin();
  int rc = rules_open(dir, true, &rules);
  char *log = strdup(fixture_log_text());
  fixture_log_end();
  CHECK_INT_EQ(CSP_E_RULES, rc);
  for (size_t i = 3; i-- > 0;) {
    snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
    unlink(path);
  }
  snprintf(path, sizeof(path), "%s/markets", dir);
  rmdir(path);
  rmdir(dir);
  return log;
}

#define HEAD "market: XA\nname: X\ncalling_codes: [\"9\"]\n"

TEST(the_loader_refuses_malformed_new_keys_with_their_position)
{
  static const char *const cases[][2] = {
      {HEAD "status: closed\n", "XA.yaml:4:9: 'status' must be sold or embargoed, not closed"},
      {HEAD "status: embargoed\n", "XA.yaml:1:1: status: embargoed needs a rejected_reason"},
      {HEAD "inferred: [zip]\n", "XA.yaml:4:12: 'inferred' names an unknown field 'zip'"},
      {HEAD "subdivisions:\n  - {name: X}\n",
       "XA.yaml:5:6: unknown key 'name' (a subdivision has code, iso, names and postal)"},
      {HEAD "subdivisions:\n  - {code: A, postal: '(1'}\n",
       "XA.yaml:5:23: 'postal' is not a valid regex"},
      {HEAD "subdivisions:\n  - {code: A}\n  - {code: A}\n", "subdivision code A is listed twice"},
      {HEAD "examples:\n  zip: {valid: ['1']}\n", "XA.yaml:5:3: examples name an unknown field"},
      {HEAD "examples:\n  city: {good: ['1']}\n", "XA.yaml:5:10: unknown key 'good'"},
      {HEAD "fields:\n  language: {aliases: [pt]}\n", "'aliases' must be a mapping"},
      {HEAD "fields:\n  state: {subdivision: true}\n",
       "state has subdivision: true but the market lists no subdivisions"},
      {HEAD "sources: source\n", "XA.yaml:4:10: 'sources' must be a list of strings"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char *log = lint_one(cases[i][0]);
    CHECK_CONTAINS(log, cases[i][1]);
    free(log);
  }
}

RUN_TESTS()
