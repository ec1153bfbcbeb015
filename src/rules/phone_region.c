/* `phone_region:` (docs/RULES.md): the numbers of a market's own region when its calling
 * code is shared (+1 NANP, +7 RU/KZ, +44 GB/GG/IM/JE, ...), as a regex over the national
 * number. The market's `phone` pattern takes every number of the shared plan (the US plan
 * takes a Jamaican 876 number); this one tells the sharers apart, for the cross-check that
 * names the country a number looks like (crosschecks.c). It is long (1.5 KB for the US), and
 * only rows with a phone of such a market need it, so it is compiled on first use, under
 * the rule set's load lock, and published like a lazily read market. */
#include "rules/rules_internal.h"

bool phone_region_parse(struct load_ctx *lc, const struct ynode *n, struct market_rules *m)
{
  if (n->type != YNODE_SCALAR || ynode_is_null(n) || !*n->text) {
    load_problem(lc, n, "'phone_region' must be a regex (a string), not %s", ynode_type_name(n));
    return false;
  }
  struct phone_region *r = load_alloc(lc, sizeof(*r));
  if (!r || !(r->source = load_strdup(lc, n->text)) || !(r->path = load_strdup(lc, lc->path)))
    return false;
  r->line = n->line;
  r->column = n->column;
  r->re = (struct regex){0};
  atomic_init(&r->state, LAZY_UNLOADED);
  m->phone_region = r;
  return true;
}

/* Compiles r (the caller holds the load lock or owns the rule set); its new LAZY_* state. */
static int compile(struct rules *rules, struct phone_region *r)
{
  struct load_ctx lc = {rules, r->path, NULL, 0};
  struct ynode at = {.type = YNODE_SCALAR, .line = r->line, .column = r->column};
  return regex_compile(&lc, &at, "phone_region", r->source, &r->re) ? LAZY_LOADED : LAZY_FAILED;
}

int phone_region_load(const struct rules *shared, const struct market_rules *m)
{
  struct phone_region *r = m->phone_region;
  if (!r)
    return LAZY_FAILED;
  int state = atomic_load_explicit(&r->state, memory_order_acquire);
  if (state != LAZY_UNLOADED)
    return state;
  struct rules *rules = (struct rules *)shared; /* the lazy part is behind the lock */
  pthread_mutex_lock(&rules->load_lock);
  state = atomic_load_explicit(&r->state, memory_order_relaxed);
  if (state == LAZY_UNLOADED) {
    state = compile(rules, r);
    atomic_store_explicit(&r->state, (unsigned char)state, memory_order_release);
  }
  pthread_mutex_unlock(&rules->load_lock);
  return state;
}

int phone_region_match(const struct rules *rules, const struct market_rules *m,
                       const char *national, size_t len, pcre2_match_data *match)
{
  if (phone_region_load(rules, m) != LAZY_LOADED)
    return -1;
  return regex_match_value(&m->phone_region->re, national, len, match) ? 1 : 0;
}
