/* schemas/countries.yaml: every ISO 3166-1 country with its alpha-3 code, calling codes and
 * names in many languages. It is only needed for a country written as something other than a
 * known 2-letter code (`United States`, `USA`, `Österreich`) and for naming the country of a
 * phone number dialled with another calling code, so it is read on first need, under the rule
 * set's lock, and published like a market (rules.c). A folder without the file still works:
 * countries are then known by their 2-letter code only. */
#include <unistd.h>

#include "base/diag.h"
#include "rules/rules_internal.h"

#define COUNTRY_RANK_CODE 0
#define COUNTRY_RANK_NAME 1

static bool parse_calling_codes(struct load_ctx *lc, const struct ynode *n, struct country *c)
{
  if (n->type != YNODE_SEQUENCE) {
    load_problem(lc, n, "'calling_codes' must be a list of codes like \"41\"");
    return false;
  }
  c->calling_codes = load_alloc(lc, (n->n + 1) * sizeof(*c->calling_codes));
  for (size_t i = 0; c->calling_codes && i < n->n; i++) {
    const struct ynode *code = &n->items[i];
    if (code->type != YNODE_SCALAR || !code->len || code->len > 4 ||
        strspn(code->text, "0123456789") != code->len) {
      load_problem(lc, code, "calling code %s must be 1 to 4 digits without '+'",
                   code->type == YNODE_SCALAR ? code->text : ynode_type_name(code));
      return false;
    }
    c->calling_codes[c->ncalling_codes++] = load_strdup(lc, code->text);
  }
  return c->calling_codes != NULL;
}

/* One country's mapping; its names go into the table, alpha-2 and alpha-3 first. */
static void parse_country(struct load_ctx *lc, const struct ynode *key, const struct ynode *v,
                          struct countries *out)
{
  struct country *c = &out->items[out->n];
  memset(c, 0, sizeof(*c));
  if (key->len != 2 || key->text[0] < 'A' || key->text[0] > 'Z' || key->text[1] < 'A' ||
      key->text[1] > 'Z') {
    load_problem(lc, key, "%s is not an ISO 3166-1 alpha-2 code", key->text);
    return;
  }
  if (v->type != YNODE_MAPPING || !load_mapping_keys_ok(lc, v)) {
    if (v->type != YNODE_MAPPING)
      load_problem(lc, v, "country %s must be a mapping with alpha3, calling_codes, names",
                   key->text);
    return;
  }
  memcpy(c->code, key->text, 3);
  int index = (int)out->n;
  bool ok = fold_table_add(lc, &out->names, c->code, index, COUNTRY_RANK_CODE);
  for (size_t i = 0; ok && i < v->n; i++) {
    const struct ynode *k = &v->items[2 * i], *value = &v->items[2 * i + 1];
    if (!strcmp(k->text, "alpha3") && value->type == YNODE_SCALAR && value->len == 3)
      ok = (c->alpha3 = load_strdup(lc, value->text)) &&
           fold_table_add(lc, &out->names, c->alpha3, index, COUNTRY_RANK_CODE);
    else if (!strcmp(k->text, "calling_codes"))
      ok = parse_calling_codes(lc, value, c);
    else if (!strcmp(k->text, "names") && value->type == YNODE_SEQUENCE)
      for (size_t j = 0; ok && j < value->n; j++) {
        const struct ynode *name = &value->items[j];
        if (name->type != YNODE_SCALAR || ynode_is_null(name)) {
          load_problem(lc, name, "a country name must be a string");
          ok = false;
        } else {
          ok = fold_table_add(lc, &out->names, name->text, index, COUNTRY_RANK_NAME);
          if (ok && !c->name)
            ok = (c->name = load_strdup(lc, name->text)) != NULL;
        }
      }
    else {
      load_problem(lc, k,
                   "unknown or malformed key '%s' (a country has alpha3: XXX, "
                   "calling_codes: [...], names: [...])",
                   k->text);
      ok = false;
    }
  }
  if (!c->name)
    c->name = c->code;
  out->n++;
}

static size_t count_entries(const struct ynode *list, bool names)
{
  size_t total = 0;
  for (size_t i = 0; i < list->n; i++) {
    const struct ynode *v = ynode_get(&list->items[2 * i + 1], names ? "names" : "calling_codes");
    total += (names ? 2 : 0) + (v && v->type == YNODE_SEQUENCE ? v->n : 0);
  }
  return total;
}

static void index_calling_codes(struct load_ctx *lc, struct countries *out, size_t max)
{
  out->calling = load_alloc(lc, (max + 1) * sizeof(*out->calling));
  for (size_t i = 0; out->calling && i < out->n; i++)
    for (size_t j = 0; j < out->items[i].ncalling_codes; j++)
      out->calling[out->ncalling++] =
          (struct calling_code_entry){out->items[i].calling_codes[j], i};
}

static void parse_countries(struct load_ctx *lc, const struct ynode *root, struct countries *out)
{
  const struct ynode *list =
      root && root->type == YNODE_MAPPING ? ynode_get(root, "countries") : NULL;
  if (!list || list->type != YNODE_MAPPING || root->n != 1) {
    load_problem(lc, root, "countries.yaml must be a mapping with countries: (and nothing else)");
    return;
  }
  if (!load_mapping_keys_ok(lc, list))
    return;
  out->items = load_alloc(lc, (list->n + 1) * sizeof(*out->items));
  if (!out->items || !fold_table_init(lc, &out->names, count_entries(list, true)))
    return;
  for (size_t i = 0; i < list->n; i++)
    parse_country(lc, &list->items[2 * i], &list->items[2 * i + 1], out);
  index_calling_codes(lc, out, count_entries(list, false));
}

/* Reads dir/countries.yaml into the rule set; LAZY_LOADED or LAZY_FAILED. */
static int countries_read(struct rules *rules, bool quiet_when_absent)
{
  char path[4096];
  snprintf(path, sizeof(path), "%s/countries.yaml", rules->dir);
  if (quiet_when_absent && access(path, F_OK) != 0)
    return LAZY_FAILED;
  struct load_ctx lc = {rules, path, "countries.yaml", 0};
  struct countries *c = load_alloc(&lc, sizeof(*c));
  if (!c)
    return LAZY_FAILED;
  struct ytree tree;
  if (ytree_load(&tree, path) != CSP_E_OK) {
    ytree_release(&tree);
    return LAZY_FAILED;
  }
  memset(c, 0, sizeof(*c));
  parse_countries(&lc, tree.root, c);
  ytree_release(&tree);
  if (lc.errors)
    return LAZY_FAILED;
  rules->countries = c;
  return LAZY_LOADED;
}

const struct countries *rules_countries(const struct rules *shared)
{
  struct rules *rules = (struct rules *)shared; /* the lazy part is behind the lock */
  int state = atomic_load_explicit(&rules->countries_state, memory_order_acquire);
  if (state == LAZY_UNLOADED) {
    pthread_mutex_lock(&rules->load_lock);
    state = atomic_load_explicit(&rules->countries_state, memory_order_relaxed);
    if (state == LAZY_UNLOADED) {
      state = countries_read(rules, true);
      atomic_store_explicit(&rules->countries_state, state, memory_order_release);
    }
    pthread_mutex_unlock(&rules->load_lock);
  }
  return state == LAZY_LOADED ? rules->countries : NULL;
}

int countries_lint(struct rules *rules)
{
  char path[4096];
  snprintf(path, sizeof(path), "%s/countries.yaml", rules->dir);
  if (access(path, F_OK) != 0) {
    diag_warn("%s: absent: countries are known by their 2-letter code only", path);
    atomic_store(&rules->countries_state, LAZY_FAILED);
    return 0;
  }
  int state = countries_read(rules, false);
  atomic_store(&rules->countries_state, state);
  return state == LAZY_LOADED ? 0 : 1;
}

int countries_find(const struct countries *c, const char *s, size_t len)
{
  return c ? fold_table_find(&c->names, s, len) : FOLD_NONE;
}

size_t countries_by_calling_code(const struct countries *c, const char *digits, size_t len,
                                 size_t *out, size_t max, size_t *code_len)
{
  size_t best = 0, n = 0;
  for (size_t i = 0; c && i < c->ncalling; i++) {
    size_t l = strlen(c->calling[i].code);
    if (l > len || l < best || memcmp(digits, c->calling[i].code, l))
      continue;
    if (l > best)
      best = l, n = 0;
    bool listed = false;
    for (size_t j = 0; j < n; j++)
      listed |= out[j] == c->calling[i].country;
    if (!listed && n < max)
      out[n++] = c->calling[i].country;
  }
  *code_len = best;
  return n;
}
