/* The rule set's accessors: which markets ship rules, their names, cultures and calling
 * codes, and the rule set's release. A market is found through a 26x26 index of its
 * two-letter code, so the per-row lookup is a couple of loads. */
#include "rules/rules_internal.h"

void rules_free(struct rules *rules)
{
  if (!rules)
    return;
  for (size_t i = 0; i < rules->ncodes; i++)
    pcre2_code_free(rules->codes[i]);
  free(rules->codes);
  pcre2_match_data_free(rules->match);
  arena_release(&rules->arena);
  free(rules);
}

const struct market_rules *rules_market(const struct rules *rules, const char *cc)
{
  if (!cc || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' || cc[2] != '\0')
    return NULL;
  int i = rules->market_index[(cc[0] - 'A') * 26 + (cc[1] - 'A')];
  return i < 0 ? NULL : &rules->markets[i];
}

size_t rules_market_count(const struct rules *rules)
{
  return rules->nmarkets;
}

const char *rules_market_code(const struct rules *rules, size_t i)
{
  return i < rules->nmarkets ? rules->markets[i].code : NULL;
}

const char *market_rules_name(const struct market_rules *m)
{
  return m->name ? m->name : "";
}

const char *market_rules_default_culture(const struct market_rules *m)
{
  return m->default_culture ? m->default_culture : "";
}

const char *market_rules_code(const struct market_rules *m)
{
  return m->code;
}

size_t market_rules_calling_code_count(const struct market_rules *m)
{
  return m->ncalling_codes;
}

const char *market_rules_calling_code(const struct market_rules *m, size_t i)
{
  return i < m->ncalling_codes ? m->calling_codes[i] : NULL;
}

const char *market_rules_trunk_prefix(const struct market_rules *m)
{
  return m->trunk_prefix ? m->trunk_prefix : "";
}
