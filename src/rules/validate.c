/* validate_row: applies the rules of a row's market to the row. First every normalize step
 * of every field (so that conditions compare normalised values), then every rule whose
 * `when` holds, every check of it, collecting every violation on the row. The country
 * itself is built in: empty is country:missing, a country without a market file is
 * country:not_in_list, and then common.yaml's rules still run on the other fields so the
 * row shows all its problems at once.
 *
 * The work follows the market's plan (plan.c): only fields with rules are visited, an empty
 * value meets only the checks that can fail on one (and a value that is there only the
 * others), and conditions are mostly settled at load.
 *
 * Nothing is allocated per row except in the row's own arena: a value is copied there once
 * when a field normalises, or when a case-insensitive enum rewrites it. Patterns share the
 * rule set's match block, so validation runs on one thread at a time — or each thread brings
 * its own (validate_scratch). */
#include "rules/validate.h"

#include <stdlib.h>

#include "rules/rules_internal.h"

static bool steps_needed(const struct market_rules *m, const struct field_plan *fp, const char *s,
                         size_t len)
{
  for (size_t i = 0; i < fp->nsteps; i++)
    if (normalize_needed((enum normalize_step)fp->steps[i], s, len, m))
      return true;
  return false;
}

/* Normalises the plan's field (len bytes); returns its new length. A value no step would
 * change (the common case) is not copied: a step that leaves its input alone hands the next
 * step that same input, so checking every step against the original value is exact. */
static size_t normalize_field(const struct market_rules *m, struct row *row,
                              const struct field_plan *fp, size_t len)
{
  if (!steps_needed(m, fp, row->value[fp->field], len))
    return len;
  char *copy = arena_strndup(&row->arena, row->value[fp->field], len);
  if (!copy)
    return len; /* the row's arena is full: the value stays as read */
  for (size_t i = 0; i < fp->nsteps; i++)
    len = normalize_apply((enum normalize_step)fp->steps[i], copy, len, m);
  copy[len] = '\0';
  row->value[fp->field] = copy;
  return len;
}

/* Runs the field's checks that can fail on its value: each rule's `when` is settled once,
 * before the first of its checks, as the rules are written. */
static void check_field(pcre2_match_data *match, const struct market_rules *m, struct row *row,
                        const struct field_plan *fp, size_t len)
{
  struct check_ctx ctx = {row,  fp->field, row->value[fp->field], len,
                          NULL, match,     VALUE_ASCII_UNKNOWN};
  const struct planned_check *checks = len ? fp->if_set : fp->if_empty;
  size_t n = len ? fp->nif_set : fp->nif_empty;
  const struct rule *rule = NULL;
  bool holds = false;
  for (size_t i = 0; i < n; i++) {
    const struct planned_check *pc = &checks[i];
    if (pc->rule != rule) {
      rule = pc->rule;
      holds = pc->when.always || decided_hold(&pc->when, row, m->code);
    }
    if (holds && (pc->required_if.always || decided_hold(&pc->required_if, row, m->code))) {
      ctx.rule = rule;
      pc->check->kind->run(&ctx, pc->check);
    }
  }
}

/* The row's market, or common.yaml's rules after recording why there is none. */
static const struct market_rules *row_market(const struct rules *rules, struct row *row)
{
  const char *cc = row_get(row, FIELD_COUNTRY);
  const struct market_rules *m = rules_market(rules, cc);
  if (m)
    return m;
  if (!*cc)
    row_add_violation(row, FIELD_COUNTRY, VIOLATION_MISSING, false, "country is required");
  else
    row_add_violation(row, FIELD_COUNTRY, VIOLATION_NOT_IN_LIST, false,
                      "country %.*s is not a market csponboard has rules for",
                      CSP_MESSAGE_VALUE_CHARS, cc);
  return &rules->common;
}

static void validate_with(const struct rules *rules, pcre2_match_data *match, struct row *row)
{
  const struct market_rules *m = row_market(rules, row);
  bool known = m != &rules->common;
  size_t len[FIELD_COUNT]; /* by plan entry */
  for (size_t i = 0; i < m->nplan; i++) {
    const struct field_plan *fp = &m->plan[i];
    if (!known && fp->field == FIELD_COUNTRY)
      continue;
    const char *value = row->value[fp->field];
    len[i] = *value ? strlen(value) : 0; /* many fields are empty: spare the call */
    if (fp->nsteps > 0 && len[i] > 0)
      len[i] = normalize_field(m, row, fp, len[i]);
  }
  for (size_t i = 0; i < m->nplan; i++)
    if (known || m->plan[i].field != FIELD_COUNTRY)
      check_field(match, m, row, &m->plan[i], len[i]);
}

void validate_row(const struct rules *rules, struct row *row)
{
  validate_with(rules, rules->match, row);
}

struct validate_scratch {
  pcre2_match_data *match;
};

struct validate_scratch *validate_scratch_new(void)
{
  struct validate_scratch *s = malloc(sizeof(*s));
  if (s && !(s->match = pcre2_match_data_create(1, NULL))) {
    free(s);
    s = NULL;
  }
  return s;
}

void validate_scratch_free(struct validate_scratch *s)
{
  if (!s)
    return;
  pcre2_match_data_free(s->match);
  free(s);
}

void validate_row_with(const struct rules *rules, struct validate_scratch *s, struct row *row)
{
  validate_with(rules, s->match, row);
}
