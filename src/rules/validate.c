/* validate_row: applies the rules of a row's market to the row. First every normalize step
 * of every field (so that conditions compare normalised values) and its aliases, then every
 * rule whose `when` holds, every check of it, collecting every violation on the row, then the
 * built-in checks across fields (crosschecks.c: a postal code outside the row's state, a phone
 * of another country). The country itself is built in: a known 2-letter code finds its market
 * directly; anything else goes through row_country.c (names, the partner's market for an
 * invite without a country, why there is no market), and then common.yaml's rules still run
 * on the other fields so the row shows all its problems at once. A market with status
 * embargoed is not checked further: its rows are rejected (classify.c).
 *
 * The work follows the market's plan (plan.c): only fields with rules are visited, an empty
 * value meets only the checks that can fail on one (and a value that is there only the
 * others), and conditions are mostly settled at load.
 *
 * Nothing is allocated per row except in the row's own arena: a value is copied there once
 * when a field normalises, or when a case-insensitive enum rewrites it (aliases and
 * subdivisions point the value at the rule set's string). Patterns share the rule set's match
 * block, so validation runs on one thread at a time — or each thread brings its own
 * (validate_scratch). */
#include "rules/validate.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* The value an alias of the field sends for value (ASCII case ignored), or NULL. */
static const char *alias_of(const struct field_plan *fp, const char *value)
{
  for (size_t i = 0; i < fp->naliases; i++)
    if (!strcasecmp(value, fp->alias_from[i]) && strcmp(value, fp->alias_to[i]))
      return fp->alias_to[i];
  return NULL;
}

/* aliases: a value listed becomes the value sent, with a note. */
static size_t apply_aliases(struct row *row, const struct field_plan *fp, size_t len)
{
  const char *to = alias_of(fp, row->value[fp->field]);
  if (!to)
    return len;
  row_add_violation(row, fp->field, VIOLATION_CONVERTED, true, "%s %s was sent as %s",
                    field_name(fp->field), row->value[fp->field], to);
  row->value[fp->field] = to; /* the rule set outlives the row */
  return strlen(to);
}

/* Runs the field's checks that can fail on its value: each rule's `when` is settled once,
 * before the first of its checks, as the rules are written. */
static void check_field(pcre2_match_data *match, const struct market_rules *m, struct row *row,
                        const struct field_plan *fp, size_t len)
{
  struct check_ctx ctx = {row, fp->field, row->value[fp->field], len, NULL,
                          m,   match,     VALUE_ASCII_UNKNOWN};
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

/* The language a culture implies (pt-BR -> pt, or what the market's aliases send for it,
 * pt-BR in BR), into out; false when the culture has no language part that fits. */
static bool language_of(const struct market_rules *m, const char *culture, char *out, size_t cap)
{
  size_t n = strcspn(culture, "-_");
  if (n == 0 || n >= cap)
    return false;
  for (size_t i = 0; i < n; i++)
    out[i] = (char)tolower((unsigned char)culture[i]);
  out[n] = '\0';
  for (size_t i = 0; i < m->nplan; i++) {
    const char *to = m->plan[i].field == FIELD_LANGUAGE ? alias_of(&m->plan[i], out) : NULL;
    if (to)
      return snprintf(out, cap, "%s", to) < (int)cap;
  }
  return true;
}

/* A create's billing profile needs a culture and a language (Partner Center refuses one
 * without: error 3000): empty ones take the market's default culture and the language it
 * implies, before normalisation, so the market's lists check them as a value the file gave. */
static void fill_billing_defaults(const struct market_rules *m, struct row *row)
{
  const char *culture = m->default_culture;
  if (row->action != ACTION_CREATE || !culture || !*culture)
    return;
  if (!*row->value[FIELD_CULTURE])
    (void)row_set(row, FIELD_CULTURE, culture);
  char language[16];
  if (!*row->value[FIELD_LANGUAGE] &&
      language_of(m, row->value[FIELD_CULTURE], language, sizeof(language)))
    (void)row_set(row, FIELD_LANGUAGE, language);
}

void validate_market(const struct rules *rules, pcre2_match_data *match,
                     const struct market_rules *m, struct row *row)
{
  bool known = m != &rules->common;
  size_t len[FIELD_COUNT]; /* by plan entry */
  if (known)
    fill_billing_defaults(m, row);
  for (size_t i = 0; i < m->nplan; i++) {
    const struct field_plan *fp = &m->plan[i];
    if (!known && fp->field == FIELD_COUNTRY)
      continue;
    const char *value = row->value[fp->field];
    len[i] = *value ? strlen(value) : 0; /* many fields are empty: spare the call */
    if (fp->nsteps > 0 && len[i] > 0)
      len[i] = normalize_field(m, row, fp, len[i]);
    if (fp->naliases > 0 && len[i] > 0)
      len[i] = apply_aliases(row, fp, len[i]);
  }
  for (size_t i = 0; i < m->nplan; i++)
    if (known || m->plan[i].field != FIELD_COUNTRY)
      check_field(match, m, row, &m->plan[i], len[i]);
  if (known)
    crosschecks_run(rules, match, m, row);
}

static void validate_with(const struct rules *rules, pcre2_match_data *match, struct row *row)
{
  const struct market_rules *m = rules_market(rules, row_get(row, FIELD_COUNTRY));
  if (!m)
    m = row_country_market(rules, row);
  if (!m)
    m = &rules->common;
  if (!m->embargoed)
    validate_market(rules, match, m, row);
}

void validate_row(const struct rules *rules, struct row *row)
{
  validate_with(rules, rules->match, row);
}

struct validate_scratch {
  pcre2_match_data *match;
};

struct validate_scratch *validate_scratch_open(void)
{
  struct validate_scratch *s = malloc(sizeof(*s));
  if (s && !(s->match = pcre2_match_data_create(1, NULL))) {
    free(s);
    s = NULL;
  }
  return s;
}

void validate_scratch_close(struct validate_scratch *s)
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
