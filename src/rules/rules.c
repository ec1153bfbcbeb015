/* The rule set's accessors: which markets ship rules, their names, cultures and calling
 * codes, and the rule set's release. A market is found through a 26x26 index of its
 * two-letter code, then its state is read with acquire ordering: a market read before (the
 * common case) costs a couple of loads; the first row of a market reads its file
 * (rules_market_load, under the rule set's lock), whichever thread asks first. */
#include "rules/rules_internal.h"

void rules_close(struct rules *rules)
{
  if (!rules)
    return;
  for (size_t i = 0; i < rules->ncodes; i++)
    pcre2_code_free(rules->codes[i]);
  free(rules->codes);
  pcre2_match_data_free(rules->match);
  pthread_mutex_destroy(&rules->load_lock);
  arena_release(&rules->arena);
  free(rules);
}

/* The index in markets of cc's file, or -1. */
static int market_slot(const struct rules *rules, const char *cc)
{
  if (!cc || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' || cc[2] != '\0')
    return -1;
  return rules->market_index[(cc[0] - 'A') * 26 + (cc[1] - 'A')];
}

const struct market_rules *rules_market(const struct rules *rules, const char *cc)
{
  int i = market_slot(rules, cc);
  if (i < 0)
    return NULL;
  int state = atomic_load_explicit(&rules->market_state[i], memory_order_acquire);
  if (state == LAZY_UNLOADED)
    state = rules_market_load(rules, (size_t)i);
  return state == LAZY_LOADED ? &rules->markets[i] : NULL;
}

bool rules_market_has_file(const struct rules *rules, const char *cc)
{
  return market_slot(rules, cc) >= 0;
}

size_t rules_markets_loaded(const struct rules *rules)
{
  return atomic_load_explicit(&rules->markets_loaded, memory_order_relaxed);
}

size_t rules_region_count(const struct rules *rules)
{
  return rules->nregions;
}

const char *rules_region_code(const struct rules *rules, size_t i)
{
  return i < rules->nregions ? rules->regions[i].code : NULL;
}

void rules_set_home_market(struct rules *rules, const char *cc)
{
  rules->home_market = cc && *cc ? arena_strdup(&rules->arena, cc) : NULL;
}

const char *rules_market_rejected_reason(const struct rules *rules, const char *cc)
{
  const struct market_rules *m = rules_market(rules, cc);
  return m ? market_rules_rejected_reason(m) : NULL;
}

const char *market_rules_rejected_reason(const struct market_rules *m)
{
  return m->embargoed ? m->rejected_reason : NULL;
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
