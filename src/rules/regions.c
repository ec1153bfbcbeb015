/* regions.yaml: Partner Center's market groups (a partner may only add customers in its own
 * group). `groups:` maps a group name to its market codes, `none:` lists the markets that
 * belong to no group today (Russia, Belarus). A code listed twice is a load error. The
 * result is a table of code -> group sorted by code, and an index of it by the code's two
 * letters, so that rules_market_group (asked once per row) is a couple of loads. */
#include "rules/rules_internal.h"

static bool is_market_code(const struct ynode *n)
{
  return n->type == YNODE_SCALAR && n->len == 2 && n->text[0] >= 'A' && n->text[0] <= 'Z' &&
         n->text[1] >= 'A' && n->text[1] <= 'Z';
}

static const struct region *find_region(const struct region *table, size_t n, const char *cc)
{
  for (size_t i = 0; i < n; i++)
    if (!memcmp(table[i].code, cc, 3))
      return &table[i];
  return NULL;
}

/* Appends the codes of list (a sequence) to the table with the given group. */
static void add_codes(struct load_ctx *lc, const struct ynode *list, const char *group)
{
  struct rules *rules = lc->rules;
  if (list->type != YNODE_SEQUENCE) {
    load_problem(lc, list, "a market group must be a list of market codes, not %s",
                 ynode_type_name(list));
    return;
  }
  for (size_t i = 0; i < list->n; i++) {
    const struct ynode *code = &list->items[i];
    if (!is_market_code(code)) {
      load_problem(lc, code, "%s is not a market code (two upper-case letters)",
                   code->type == YNODE_SCALAR ? code->text : ynode_type_name(code));
      continue;
    }
    const struct region *seen = find_region(rules->regions, rules->nregions, code->text);
    if (seen) {
      load_problem(lc, code, "%s is listed twice (in %s and in %s)", code->text,
                   seen->group ? seen->group : "none", group ? group : "none");
      continue;
    }
    struct region *r = &rules->regions[rules->nregions++];
    memcpy(r->code, code->text, 3);
    r->group = group;
  }
}

static size_t count_codes(const struct ynode *root)
{
  size_t n = 0;
  for (size_t i = 0; i < root->n; i++) {
    const struct ynode *value = &root->items[2 * i + 1];
    if (value->type == YNODE_SEQUENCE)
      n += value->n;
    for (size_t g = 0; value->type == YNODE_MAPPING && g < value->n; g++)
      if (value->items[2 * g + 1].type == YNODE_SEQUENCE)
        n += value->items[2 * g + 1].n;
  }
  return n;
}

static void parse_groups(struct load_ctx *lc, const struct ynode *groups)
{
  if (groups->type != YNODE_MAPPING) {
    load_problem(lc, groups, "'groups' must be a mapping of group name: [codes], not %s",
                 ynode_type_name(groups));
    return;
  }
  if (!load_mapping_keys_ok(lc, groups))
    return;
  for (size_t g = 0; g < groups->n; g++) {
    const char *name = load_strdup(lc, groups->items[2 * g].text);
    if (name)
      add_codes(lc, &groups->items[2 * g + 1], name);
  }
}

static int compare_regions(const void *a, const void *b)
{
  return memcmp(((const struct region *)a)->code, ((const struct region *)b)->code, 3);
}

/* Slot of a two-letter upper-case code in region_index, or -1 for anything else. */
static int code_slot(const char *cc)
{
  if (!cc || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' || cc[2] != '\0')
    return -1;
  return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

static void index_regions(struct rules *rules)
{
  for (size_t i = 0; i < rules->nregions; i++)
    rules->region_index[code_slot(rules->regions[i].code)] = (short)(i + 1);
}

int regions_parse(struct load_ctx *lc, const struct ynode *root)
{
  int before = lc->errors;
  if (!root || root->type != YNODE_MAPPING) {
    load_problem(lc, root, "regions.yaml must be a mapping with groups: and none:");
    goto out;
  }
  if (!load_mapping_keys_ok(lc, root))
    goto out;
  lc->rules->regions = load_alloc(lc, (count_codes(root) + 1) * sizeof(*lc->rules->regions));
  if (!lc->rules->regions)
    goto out;
  for (size_t i = 0; i < root->n; i++) {
    const struct ynode *key = &root->items[2 * i], *value = &root->items[2 * i + 1];
    if (!strcmp(key->text, "groups"))
      parse_groups(lc, value);
    else if (!strcmp(key->text, "none"))
      add_codes(lc, value, NULL);
    else
      load_problem(lc, key, "unknown key '%s' (regions.yaml has groups: and none:)", key->text);
  }
  qsort(lc->rules->regions, lc->rules->nregions, sizeof(*lc->rules->regions), compare_regions);
  index_regions(lc->rules);
out:
  return lc->errors == before ? CSP_E_OK : CSP_E_RULES;
}

const struct region *rules_region(const struct rules *rules, const char *cc)
{
  int slot = code_slot(cc);
  int listed = slot < 0 ? 0 : rules->region_index[slot];
  return listed ? &rules->regions[listed - 1] : NULL;
}

const char *rules_market_group(const struct rules *rules, const char *cc)
{
  const struct region *r = rules_region(rules, cc);
  return r ? r->group : NULL;
}
