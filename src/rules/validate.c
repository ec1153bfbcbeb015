/* validate_row: applies the rules of a row's market to the row. First every normalize step
 * of every field (so that conditions compare normalised values), then every rule whose
 * `when` holds, every check of it, collecting every violation on the row. The country
 * itself is built in: empty is country:missing, a country without a market file is
 * country:not_in_list, and then common.yaml's rules still run on the other fields so the
 * row shows all its problems at once.
 *
 * Nothing is allocated per row except in the row's own arena: a value is copied there once
 * when a field normalises, or when a case-insensitive enum rewrites it. Patterns share the
 * rule set's match block, so validation runs on one thread at a time. */
#include "rules/validate.h"

#include "rules/rules_internal.h"

static bool steps_needed(const struct market_rules *m, enum field_id f, const char *s, size_t len)
{
  const struct field_rules *fr = &m->fields[f];
  for (size_t r = 0; r < fr->n; r++)
    for (size_t i = 0; i < fr->rules[r].nnormalize; i++)
      if (normalize_needed((enum normalize_step)fr->rules[r].normalize[i], s, len, m))
        return true;
  return false;
}

/* Normalises value[f] (len bytes); returns its new length. A value no step would change
 * (the common case) is not copied: a step that leaves its input alone hands the next step
 * that same input, so checking every step against the original value is exact. */
static size_t normalize_field(const struct market_rules *m, struct row *row, enum field_id f,
                              size_t len)
{
  if (!steps_needed(m, f, row->value[f], len))
    return len;
  char *copy = arena_strndup(&row->arena, row->value[f], len);
  if (!copy)
    return len; /* the row's arena is full: the value stays as read */
  const struct field_rules *fr = &m->fields[f];
  for (size_t r = 0; r < fr->n; r++)
    for (size_t i = 0; i < fr->rules[r].nnormalize; i++)
      len = normalize_apply((enum normalize_step)fr->rules[r].normalize[i], copy, len, m);
  copy[len] = '\0';
  row->value[f] = copy;
  return len;
}

static bool all_ascii(const char *s, size_t len)
{
  unsigned char any = 0;
  for (size_t i = 0; i < len; i++)
    any |= (unsigned char)s[i];
  return any < 0x80;
}

static void check_field(const struct rules *rules, const struct market_rules *m, struct row *row,
                        enum field_id f, size_t len)
{
  const struct field_rules *fr = &m->fields[f];
  struct check_ctx ctx = {row, f, row->value[f], len, NULL, rules->match, false};
  ctx.ascii = all_ascii(ctx.value, len);
  for (size_t r = 0; r < fr->n; r++) {
    const struct rule *rule = &fr->rules[r];
    if (!conditions_hold(&rule->when, row))
      continue;
    ctx.rule = rule;
    for (size_t c = 0; c < rule->nchecks; c++)
      if (ctx.len > 0 || rule->checks[c].kind->checks_empty)
        rule->checks[c].kind->run(&ctx, &rule->checks[c]);
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

void validate_row(const struct rules *rules, struct row *row)
{
  const struct market_rules *m = row_market(rules, row);
  bool known = m != &rules->common;
  size_t len[FIELD_COUNT];
  for (int f = 0; f < FIELD_COUNT; f++) {
    if (m->fields[f].n == 0 || (!known && f == FIELD_COUNTRY))
      continue;
    len[f] = strlen(row->value[f]);
    if (m->fields[f].normalizes && len[f] > 0)
      len[f] = normalize_field(m, row, (enum field_id)f, len[f]);
  }
  for (int f = 0; f < FIELD_COUNT; f++)
    if (m->fields[f].n > 0 && (known || f != FIELD_COUNTRY))
      check_field(rules, m, row, (enum field_id)f, len[f]);
}
