/* Tests for src/rules/plan.c: conditions decided at load agree with conditions_hold on every
 * kind of row (resolved or auto action, the market's country or another), and a field's plan
 * keeps its normalize steps in order and splits its checks by empty value. */
#include <string.h>

#include "check.h"
#include "rules/rules_internal.h"
#include "rules_fixture.h"

static const char *create_or_invite[] = {"create", "Invite"};
static const char *countries[] = {"de", "AM", "RU"};
static const char *cultures[] = {"de-DE"};

/* Conditions on action, on country, on both, and on another field. */
static struct condition on_action = {FIELD_ACTION, create_or_invite, 1};
static struct condition on_either = {FIELD_ACTION, create_or_invite, 2};
static struct condition on_country = {FIELD_COUNTRY, countries, 3};
static struct condition on_culture = {FIELD_CULTURE, cultures, 1};

/* Plans a market of code whose phone has one rule: `when` c, `required_if` c; both decided
 * conditions must agree with conditions_hold on row. */
static void check_decision(const struct conditions *c, const char *code, struct row *row)
{
  static struct rules rules;
  struct check check = {check_kind_find("required_if"), {.conditions = *c}};
  struct rule rule = {.when = *c, .checks = &check, .nchecks = 1};
  struct market_rules m = {.fields[FIELD_PHONE] = {&rule, 1, false}};
  memcpy(m.code, code, 3);
  arena_init(&rules.arena, 1 << 20);
  CHECK_INT_EQ(0, plan_market(&rules, &m));
  const struct planned_check *p = &m.plan[0].if_empty[0];
  bool want = conditions_hold(c, row);
  if (decided_hold(&p->when, row, m.code) != want ||
      decided_hold(&p->required_if, row, m.code) != want)
    CHECK_FAIL_AT("market %s, action %d, country '%s', action cell '%s': decided differs from %d",
                  code, (int)row->action, row_get(row, FIELD_COUNTRY), row_get(row, FIELD_ACTION),
                  want);
  arena_release(&rules.arena);
}

TEST(decided_conditions_agree_with_conditions_hold_on_every_kind_of_row)
{
  struct condition sets[][2] = {{on_action, on_country},
                                {on_either, on_country},
                                {on_country, on_action},
                                {on_action, on_culture}};
  size_t counts[] = {2, 2, 1, 1};
  static const char *codes[] = {"DE", "RU", "US", "--"};
  static const char *row_countries[] = {"DE", "RU", "US", "", "XX", "de", "--", "DEU", "RUS"};
  static const char *action_cells[] = {"", "create", "INVITE", "auto"};
  static const enum row_action actions[] = {ACTION_AUTO, ACTION_CREATE, ACTION_INVITE};
  struct row row;
  row_init(&row);
  for (size_t s = 0; s < sizeof(counts) / sizeof(counts[0]); s++)
    for (size_t k = 0; k < counts[s]; k++) {
      struct conditions c = {sets[s] + k, counts[s] - k};
      for (size_t m = 0; m < 4; m++)
        for (size_t r = 0; r < sizeof(row_countries) / sizeof(row_countries[0]); r++)
          for (size_t a = 0; a < 3; a++)
            for (size_t cell = 0; cell < 4; cell++) {
              fixture_row(&row, actions[a], FIELD_COUNTRY, row_countries[r], FIELD_ACTION,
                          action_cells[cell], FIELD_CULTURE, "DE-de", FIELD_NONE);
              check_decision(&c, codes[m], &row);
            }
    }
  row_release(&row);
}

TEST(a_field_plan_keeps_every_normalize_step_and_splits_checks_by_empty_value)
{
  struct rules *rules = fixture_rules("good");
  if (!rules)
    return;
  const struct market_rules *de = rules_market(rules, "DE");
  const struct field_plan *email = NULL; /* normalize: [trim, lower], required, format */
  for (size_t i = 0; i < de->nplan; i++) {
    CHECK(de->fields[de->plan[i].field].n > 0);
    if (de->plan[i].field == FIELD_EMAIL)
      email = &de->plan[i];
  }
  CHECK(email != NULL);
  if (!email)
    goto out;
  CHECK_INT_EQ(2, email->nsteps);
  CHECK_INT_EQ(NORMALIZE_TRIM, email->steps[0]);
  CHECK_INT_EQ(NORMALIZE_LOWER, email->steps[1]);
  CHECK_INT_EQ(1, email->nif_empty);
  CHECK_STR_EQ("required", email->if_empty[0].check->kind->key);
  CHECK_INT_EQ(1, email->nif_set);
  CHECK_STR_EQ("format", email->if_set[0].check->kind->key);
out:
  rules_close(rules);
}

RUN_TESTS()
