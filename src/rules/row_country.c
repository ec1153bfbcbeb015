/* The slow path of finding a row's market, for a country that is not a 2-letter code with a
 * market file: what migration files write (`United States`, `USA`, `U.S.`, `Deutschland`,
 * `ÖSTERREICH`) is looked up in countries.yaml (alpha-2, alpha-3 and names, compared as
 * text_fold does; read on first need), the alpha-2 code replaces it (that is what is sent)
 * and the warnings column says so. An invite row without a country (Partner Center's
 * "Export customers" file has no country column) is checked as a row of the partner's own
 * market. Anything else is recorded as why the row has no market. */
#include "rules/rules_internal.h"

static bool is_code(const char *s)
{
  return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] == '\0';
}

static const struct market_rules *home_market(const struct rules *rules, struct row *row)
{
  const struct market_rules *m = rules->home_market && row->action == ACTION_INVITE
                                     ? rules_market(rules, rules->home_market)
                                     : NULL;
  if (!m) {
    row_add_violation(row, FIELD_COUNTRY, VIOLATION_MISSING, false, "country is required");
    return NULL;
  }
  row->value[FIELD_COUNTRY] = m->code; /* the rule set outlives the row */
  row_add_violation(row, FIELD_COUNTRY, VIOLATION_CONVERTED, true,
                    "country is empty: the invite was checked as a customer in the partner's "
                    "market %s",
                    m->code);
  return m;
}

/* A market whose file is there but does not load: its problems were logged when it was read. */
static void broken_market(const struct rules *rules, struct row *row, const char *cc)
{
  row_add_violation(row, FIELD_COUNTRY, VIOLATION_NOT_IN_LIST, false,
                    "country %s: its rule file %s/markets/%s.yaml cannot be loaded (the log says "
                    "why)",
                    cc, rules->dir, cc);
}

static void unknown_country(const struct rules *rules, struct row *row, const char *value,
                            bool ambiguous)
{
  if (is_code(value) && rules_region(rules, value))
    row_add_violation(row, FIELD_COUNTRY, VIOLATION_NOT_IN_LIST, false,
                      "country %s is not a market csponboard has rules for", value);
  else
    row_add_violation(row, FIELD_COUNTRY, VIOLATION_NOT_IN_LIST, false,
                      "country %.*s is %s; expected a 2-letter ISO code such as US",
                      CSP_MESSAGE_VALUE_CHARS, value,
                      ambiguous ? "the name of more than one country" : "not a country we know");
}

const struct market_rules *row_country_market(const struct rules *rules, struct row *row)
{
  const char *value = row_get(row, FIELD_COUNTRY);
  if (!*value)
    return home_market(rules, row);
  if (rules_market_has_file(rules, value)) {
    broken_market(rules, row, value);
    return NULL;
  }
  const struct countries *c = rules_countries(rules);
  int i = countries_find(c, value, strlen(value));
  if (i < 0) {
    unknown_country(rules, row, value, i == FOLD_AMBIGUOUS);
    return NULL;
  }
  const char *code = c->items[i].code;
  if (strcmp(code, value)) {
    row_add_violation(row, FIELD_COUNTRY, VIOLATION_CONVERTED, true, "country %.*s was sent as %s",
                      CSP_MESSAGE_VALUE_CHARS, value, code);
    row->value[FIELD_COUNTRY] = code; /* the rule set outlives the row */
  }
  const struct market_rules *m = rules_market(rules, code);
  if (!m && rules_market_has_file(rules, code))
    broken_market(rules, row, code);
  else if (!m)
    unknown_country(rules, row, code, false);
  return m;
}
