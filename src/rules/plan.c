/* A market's validation plan, worked out once at load so that validate_row does not
 * rediscover it on every row: which fields have rules, every normalize step of each field in
 * file order, which checks can fail on an empty value and which on a value that is there,
 * and each rule's conditions decided as far as the market decides them (a `when: {action:
 * create}` is a lookup by the row's resolved action; `required_if: {country: [...]}` in the
 * DE market is settled for every German row). Checks that can never fail (`required: false`,
 * `forbidden: false`) are left out. The plan lives in the rule set's arena. */
#include "rules/rules_internal.h"

static void decide(const struct conditions *c, const char *code, struct decided_conditions *out)
{
  static const enum row_action actions[] = {ACTION_CREATE, ACTION_INVITE};
  *out = (struct decided_conditions){c, !c || c->n == 0, false, {true, true, true}};
  for (size_t i = 0; c && i < c->n; i++) {
    const struct condition *item = &c->items[i];
    if (item->field != FIELD_ACTION && item->field != FIELD_COUNTRY) {
      out->on_other_fields = true;
      continue;
    }
    for (size_t a = 0; a < sizeof(actions) / sizeof(actions[0]); a++) {
      const char *value = item->field == FIELD_ACTION ? row_action_name(actions[a]) : code;
      out->holds_for[actions[a]] &= condition_matches(item, value);
    }
  }
}

/* The country conditions_hold compares (row_get's, without the call) is code. */
static bool is_country(const struct row *row, const char *code)
{
  const char *cc = row->value[FIELD_COUNTRY] ? row->value[FIELD_COUNTRY] : "";
  return cc[0] == code[0] && cc[0] && cc[1] == code[1] && cc[1] && cc[2] == '\0';
}

bool decided_hold(const struct decided_conditions *d, const struct row *row, const char *code)
{
  if (d->always)
    return true;
  if (!d->on_other_fields && row->action != ACTION_AUTO && is_country(row, code))
    return d->holds_for[row->action];
  return conditions_hold(d->conditions, row);
}

/* A check that passes every value: a required or forbidden that is set to false. */
static bool never_fails(const struct check *check)
{
  return check->kind->param == PARAM_BOOL && !check->p.flag;
}

static struct planned_check planned(const struct rule *rule, const struct check *check,
                                    const char *code)
{
  struct planned_check pc = {rule, check, {0}, {0}};
  decide(&rule->when, code, &pc.when);
  decide(check->kind->param == PARAM_CONDITIONS ? &check->p.conditions : NULL, code,
         &pc.required_if);
  return pc;
}

/* Fills the checks of fr that look at an empty value (empty) or at one that is there. */
static size_t plan_checks(const struct field_rules *fr, bool empty, const char *code,
                          struct planned_check *out)
{
  size_t n = 0;
  for (size_t r = 0; r < fr->n; r++)
    for (size_t c = 0; c < fr->rules[r].nchecks; c++) {
      const struct check *check = &fr->rules[r].checks[c];
      if (check->kind->checks_empty == empty && !never_fails(check))
        out[n++] = planned(&fr->rules[r], check, code);
    }
  return n;
}

static size_t count_checks(const struct field_rules *fr)
{
  size_t n = 0;
  for (size_t r = 0; r < fr->n; r++)
    n += fr->rules[r].nchecks;
  return n;
}

static int plan_field(struct rules *rules, const struct market_rules *m, enum field_id f,
                      struct field_plan *out)
{
  const struct field_rules *fr = &m->fields[f];
  struct planned_check *checks =
      arena_alloc(&rules->arena, (count_checks(fr) + 1) * sizeof(*checks));
  if (!checks)
    return CSP_E_NOMEM;
  out->field = f;
  out->nsteps = 0;
  for (size_t r = 0; r < fr->n; r++)
    for (size_t i = 0; i < fr->rules[r].nnormalize; i++)
      out->steps[out->nsteps++] = fr->rules[r].normalize[i];
  size_t naliases = 0;
  for (size_t r = 0; r < fr->n; r++)
    naliases += fr->rules[r].naliases;
  if (naliases) {
    out->alias_from = arena_alloc(&rules->arena, naliases * sizeof(*out->alias_from));
    out->alias_to = arena_alloc(&rules->arena, naliases * sizeof(*out->alias_to));
    if (!out->alias_from || !out->alias_to)
      return CSP_E_NOMEM;
  }
  out->naliases = 0;
  for (size_t r = 0; r < fr->n; r++)
    for (size_t i = 0; i < fr->rules[r].naliases; i++, out->naliases++) {
      out->alias_from[out->naliases] = fr->rules[r].alias_from[i];
      out->alias_to[out->naliases] = fr->rules[r].alias_to[i];
    }
  out->if_empty = checks;
  out->nif_empty = plan_checks(fr, true, m->code, checks);
  out->if_set = checks + out->nif_empty;
  out->nif_set = plan_checks(fr, false, m->code, checks + out->nif_empty);
  return CSP_E_OK;
}

int plan_market(struct rules *rules, struct market_rules *m)
{
  size_t n = 0;
  for (int f = 0; f < FIELD_COUNT; f++)
    n += m->fields[f].n > 0;
  struct field_plan *plan = arena_alloc(&rules->arena, (n + 1) * sizeof(*plan));
  if (!plan)
    return CSP_E_NOMEM;
  m->plan = plan;
  m->nplan = 0;
  for (int f = 0; f < FIELD_COUNT; f++) {
    if (m->fields[f].n == 0)
      continue;
    int rc = plan_field(rules, m, (enum field_id)f, &plan[m->nplan++]);
    if (rc)
      return rc;
  }
  return CSP_E_OK;
}
