/* `rules check`'s test of every market's `examples:`: each value is put in a row of that
 * market (action create, country the market's code, every other field empty) and run through
 * the market's own rules; a `valid` value must leave no error on its field, an `invalid` one
 * must leave at least one. Warnings do not count either way. A value that does not behave
 * as declared is a problem at its position in the file, with the findings that decided. */
#include "base/diag.h"
#include "rules/rules_internal.h"

/* The errors row has on field f, joined with "; " into out. */
static size_t field_errors(const struct row *row, enum field_id f, char *out, size_t cap)
{
  size_t n = 0, used = 0;
  out[0] = '\0';
  for (size_t i = 0; i < row->nviolations; i++) {
    const struct violation *v = &row->violations[i];
    if (v->field != f || v->warning)
      continue;
    if (used < cap)
      used += (size_t)snprintf(out + used, cap - used, "%s%s", n ? "; " : "", v->message);
    n++;
  }
  return n;
}

static int check_example(const struct rules *rules, const struct market_rules *m,
                         const struct example *ex, struct row *row)
{
  row_reset(row);
  for (int f = 0; f < FIELD_COUNT; f++)
    row->value[f] = "";
  row->action = ACTION_CREATE;
  row->value[FIELD_COUNTRY] = m->code;
  if (ex->field != FIELD_COUNTRY)
    row->value[ex->field] = ex->value;
  validate_market(rules, rules->match, m, row);
  char errors[1024];
  size_t n = field_errors(row, ex->field, errors, sizeof(errors));
  if (ex->valid && n > 0)
    diag_error("%s/markets/%s:%u:%u: example %s %s is declared valid but: %s", rules->dir, m->file,
               ex->line, ex->column, field_name(ex->field), ex->value, errors);
  else if (!ex->valid && n == 0)
    diag_error("%s/markets/%s:%u:%u: example %s %s is declared invalid but passes the rules",
               rules->dir, m->file, ex->line, ex->column, field_name(ex->field), ex->value);
  return (ex->valid && n > 0) || (!ex->valid && n == 0);
}

int examples_check(const struct rules *rules)
{
  struct row row;
  int failures = 0;
  row_init(&row);
  for (size_t i = 0; i < rules->nmarkets; i++) {
    if (atomic_load(&rules->market_state[i]) != LAZY_LOADED)
      continue;
    const struct market_rules *m = &rules->markets[i];
    for (size_t e = 0; e < m->nexamples; e++)
      failures += check_example(rules, m, &m->examples[e], &row);
  }
  row_release(&row);
  return failures;
}
