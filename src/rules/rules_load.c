/* Loads a rule set from a schemas/ folder: regions.yaml first (every market must be in it),
 * then markets/common.yaml and the list of markets/CC.yaml files. A market file is read,
 * compiled and planned on first use (rules_market, under the rule set's lock), starting from
 * common's rules and replacing them field by field: with ~240 markets, start-up reads three
 * small files, not all of them. Walks the YAML trees of yaml_tree.c; one rule is
 * rule_parse's, the groups are regions.c's, the other market keys market_keys.c's. Every
 * problem is logged as "file:line:column: what is wrong". With lint (rules check) every market
 * file is read at once, every problem of every file reported, and a code of regions.yaml
 * without a market file is a problem too. */
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>

#include "base/diag.h"
#include "rules/rules_internal.h"

#define MAX_PATH_BYTES 4096

void load_problem(struct load_ctx *lc, const struct ynode *at, const char *fmt, ...)
{
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof(text), fmt, ap);
  va_end(ap);
  diag_error("%s:%u:%u: %s", lc->path, at ? at->line : 1, at ? at->column : 1, text);
  lc->errors++;
}

void *load_alloc(struct load_ctx *lc, size_t size)
{
  void *p = arena_alloc(&lc->rules->arena, size);
  if (!p) {
    diag_error("%s: out of memory (a rule set may use %d MiB)", lc->path,
               CSP_MAX_RULES_BYTES >> 20);
    lc->errors++;
  }
  return p;
}

const char *load_strdup(struct load_ctx *lc, const char *s)
{
  size_t n = strlen(s) + 1;
  char *copy = load_alloc(lc, n);
  if (copy)
    memcpy(copy, s, n);
  return copy;
}

bool load_mapping_keys_ok(struct load_ctx *lc, const struct ynode *map)
{
  int before = lc->errors;
  for (size_t i = 0; i < map->n; i++) {
    const struct ynode *key = &map->items[2 * i];
    if (key->type != YNODE_SCALAR || ynode_is_null(key)) {
      load_problem(lc, key, "a key must be a string, not %s", ynode_type_name(key));
      continue;
    }
    for (size_t j = 0; j < i; j++)
      if (map->items[2 * j].type == YNODE_SCALAR && !strcmp(map->items[2 * j].text, key->text)) {
        load_problem(lc, key, "duplicate key '%s' (first on line %u)", key->text,
                     map->items[2 * j].line);
        break;
      }
  }
  return lc->errors == before;
}

/* One field's entry: a rule (mapping) or a list of rules; an empty list means none. */
static void parse_field(struct load_ctx *lc, const struct ynode *entry, struct field_rules *out)
{
  bool list = entry->type == YNODE_SEQUENCE;
  size_t n = list ? entry->n : 1;
  if (n > CSP_MAX_RULES_PER_FIELD) {
    load_problem(lc, entry, "%zu rules for one field, at most %d", n, CSP_MAX_RULES_PER_FIELD);
    return;
  }
  struct rule *rules = load_alloc(lc, (n + 1) * sizeof(*rules));
  if (!rules)
    return;
  *out = (struct field_rules){rules, n, false};
  for (size_t i = 0; i < n; i++) {
    (void)rule_parse(lc, list ? &entry->items[i] : entry, &rules[i]);
    out->normalizes |= rules[i].nnormalize > 0;
  }
}

static void parse_fields(struct load_ctx *lc, const struct ynode *fields, struct market_rules *m)
{
  if (fields->type != YNODE_MAPPING) {
    load_problem(lc, fields, "'fields' must be a mapping of field name: rules, not %s",
                 ynode_type_name(fields));
    return;
  }
  if (!load_mapping_keys_ok(lc, fields))
    return;
  for (size_t i = 0; i < fields->n; i++) {
    const struct ynode *key = &fields->items[2 * i];
    enum field_id f = field_by_name(key->text);
    if (f == FIELD_NONE)
      load_problem(lc, key,
                   "unknown field '%s' (the canonical names are in the README's \"Input columns\")",
                   key->text);
    else
      parse_field(lc, &fields->items[2 * i + 1], &m->fields[f]);
  }
}

static bool digits_only(const char *s, size_t min, size_t max)
{
  size_t n = strlen(s);
  if (n < min || n > max)
    return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

static int longest_first(const void *a, const void *b)
{
  size_t la = strlen(*(const char *const *)a), lb = strlen(*(const char *const *)b);
  return la < lb ? 1 : la > lb ? -1 : 0;
}

static void parse_calling_codes(struct load_ctx *lc, const struct ynode *list,
                                struct market_rules *m)
{
  if (list->type != YNODE_SEQUENCE || list->n == 0) {
    load_problem(lc, list, "'calling_codes' must be a list of codes like \"49\", not %s",
                 list->type == YNODE_SEQUENCE ? "an empty list" : ynode_type_name(list));
    return;
  }
  m->calling_codes = load_alloc(lc, list->n * sizeof(*m->calling_codes));
  for (size_t i = 0; m->calling_codes && i < list->n; i++) {
    const struct ynode *code = &list->items[i];
    if (code->type != YNODE_SCALAR || !digits_only(code->text, 1, 4))
      load_problem(lc, code, "calling code %s must be 1 to 4 digits without '+'",
                   code->type == YNODE_SCALAR ? code->text : ynode_type_name(code));
    else if ((m->calling_codes[m->ncalling_codes] = load_strdup(lc, code->text)))
      m->ncalling_codes++;
  }
  qsort(m->calling_codes, m->ncalling_codes, sizeof(*m->calling_codes), longest_first);
}

/* A top-level string key of a market file; false when the value is not a string. */
static bool market_string(struct load_ctx *lc, const struct ynode *key, const struct ynode *value,
                          const char **out)
{
  if (value->type != YNODE_SCALAR || ynode_is_null(value)) {
    load_problem(lc, value, "'%s' must be a string, not %s", key->text, ynode_type_name(value));
    return false;
  }
  *out = load_strdup(lc, value->text);
  return *out != NULL;
}

static void parse_market_key(struct load_ctx *lc, const struct ynode *key,
                             const struct ynode *value, struct market_rules *m)
{
  const char *s = NULL;
  if (!strcmp(key->text, "fields")) {
    parse_fields(lc, value, m);
  } else if (!strcmp(key->text, "calling_codes")) {
    parse_calling_codes(lc, value, m);
  } else if (!strcmp(key->text, "market")) {
    if (market_string(lc, key, value, &s) && strcmp(s, m->code) != 0)
      load_problem(lc, value, "market %s does not match the file name %s", s, lc->file);
  } else if (!strcmp(key->text, "name")) {
    (void)market_string(lc, key, value, &m->name);
  } else if (!strcmp(key->text, "trunk_prefix")) {
    if (market_string(lc, key, value, &m->trunk_prefix) && !digits_only(m->trunk_prefix, 0, 4))
      load_problem(lc, value, "trunk_prefix %s must be digits (or \"\")", m->trunk_prefix);
  } else if (!strcmp(key->text, "default_culture")) {
    (void)market_string(lc, key, value, &m->default_culture);
  } else if (!market_key_parse(lc, key, value, m)) {
    load_problem(lc, key,
                 "unknown key '%s' (a market file has market, name, sources, calling_codes, "
                 "trunk_prefix, default_culture, status, rejected_reason, inferred, "
                 "subdivisions, examples and fields)",
                 key->text);
  }
}

static bool has_key(const struct ynode *map, const char *name)
{
  for (size_t i = 0; i < map->n; i++)
    if (map->items[2 * i].type == YNODE_SCALAR && !strcmp(map->items[2 * i].text, name))
      return true;
  return false;
}

static void parse_market(struct load_ctx *lc, const struct ynode *root, struct market_rules *m)
{
  static const char *const required[] = {"market", "name", "calling_codes"};
  if (!root || root->type != YNODE_MAPPING) {
    load_problem(lc, root, "a market file must be a mapping with market:, name:, fields: ...");
    return;
  }
  m->file = lc->file;
  if (!load_mapping_keys_ok(lc, root))
    return;
  for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
    if (!has_key(root, required[i]))
      load_problem(lc, root, "missing key '%s'", required[i]);
  for (size_t i = 0; i < root->n; i++)
    parse_market_key(lc, &root->items[2 * i], &root->items[2 * i + 1], m);
  market_keys_finish(lc, root, m);
  if (!rules_region(lc->rules, m->code))
    load_problem(lc, root, "market %s is in no group of regions.yaml and not under none", m->code);
}

static void parse_common(struct load_ctx *lc, const struct ynode *root, struct market_rules *m)
{
  if (!root)
    return; /* an empty common.yaml: no defaults */
  if (root->type != YNODE_MAPPING) {
    load_problem(lc, root, "common.yaml must be a mapping with fields:");
    return;
  }
  if (!load_mapping_keys_ok(lc, root))
    return;
  for (size_t i = 0; i < root->n; i++) {
    const struct ynode *key = &root->items[2 * i];
    if (!strcmp(key->text, "fields"))
      parse_fields(lc, &root->items[2 * i + 1], m);
    else
      load_problem(lc, key, "unknown key '%s' (common.yaml holds only fields:)", key->text);
  }
}

enum file_kind { FILE_REGIONS, FILE_COMMON, FILE_MARKET };

/* Reads one file into the rule set; returns the number of problems found in it. */
static int load_file(struct rules *rules, const char *path, const char *file, enum file_kind kind,
                     struct market_rules *m)
{
  struct load_ctx lc = {rules, path, NULL, 0};
  struct ytree tree;
  if (ytree_load(&tree, path) != CSP_E_OK) {
    lc.errors++;
    goto out;
  }
  lc.file = load_strdup(&lc, file);
  if (kind == FILE_REGIONS)
    (void)regions_parse(&lc, tree.root);
  else if (kind == FILE_COMMON)
    parse_common(&lc, tree.root, m);
  else
    parse_market(&lc, tree.root, m);
out:
  ytree_release(&tree);
  return lc.errors;
}

static bool market_file_name(const char *name)
{
  return strlen(name) == 7 && name[0] >= 'A' && name[0] <= 'Z' && name[1] >= 'A' &&
         name[1] <= 'Z' && !strcmp(name + 2, ".yaml");
}

static bool yaml_file_name(const char *name)
{
  size_t n = strlen(name);
  return (n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml"));
}

static int compare_names(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The market codes of dir/markets, sorted, in the rule set's arena. A .yaml file that is
 * neither common.yaml nor CC.yaml is reported as a problem. */
static int list_markets(struct rules *rules, const char *dir, const char ***codes, size_t *n)
{
  struct load_ctx lc = {rules, dir, NULL, 0};
  DIR *d = opendir(dir);
  size_t cap = 0;
  *codes = NULL;
  *n = 0;
  if (!d) {
    diag_error("%s: cannot open the rules folder", dir);
    return 1;
  }
  for (struct dirent *e; (e = readdir(d));) {
    if (!yaml_file_name(e->d_name) || !strcmp(e->d_name, "common.yaml"))
      continue;
    if (!market_file_name(e->d_name)) {
      diag_error("%s/%s: not a market file name (CC.yaml, CC an upper-case ISO 3166 code)", dir,
                 e->d_name);
      lc.errors++;
      continue;
    }
    if (*n == cap) {
      const char **grown = load_alloc(&lc, (cap ? 2 * cap : 256) * sizeof(*grown));
      if (!grown)
        break;
      if (*n)
        memcpy(grown, *codes, *n * sizeof(*grown));
      *codes = grown;
      cap = cap ? 2 * cap : 256;
    }
    char code[3] = {e->d_name[0], e->d_name[1], '\0'};
    if (((*codes)[*n] = load_strdup(&lc, code)))
      (*n)++;
  }
  closedir(d);
  if (*n)
    qsort(*codes, *n, sizeof(**codes), compare_names);
  return lc.errors;
}

static void plan_failed(void)
{
  diag_error("out of memory planning the rules (a rule set may use %d MiB)",
             CSP_MAX_RULES_BYTES >> 20);
}

/* Reads, compiles and plans market i; returns its new state (LAZY_LOADED or LAZY_FAILED).
 * Called with the load lock held, or before the rule set is shared. */
static int market_read(struct rules *rules, size_t i)
{
  char path[MAX_PATH_BYTES];
  struct market_rules *m = &rules->markets[i];
  char code[3];
  memcpy(code, m->code, 3);
  *m = rules->common;
  memcpy(m->code, code, 3);
  m->name = m->default_culture = m->trunk_prefix = "";
  m->file = NULL;
  (void)snprintf(path, sizeof(path), "%s/markets/%s.yaml", rules->dir, code);
  int errors = load_file(rules, path, strrchr(path, '/') + 1, FILE_MARKET, m);
  if (!errors && plan_market(rules, m)) {
    plan_failed();
    errors++;
  }
  if (!errors)
    atomic_fetch_add_explicit(&rules->markets_loaded, 1, memory_order_relaxed);
  return errors ? LAZY_FAILED : LAZY_LOADED;
}

int rules_market_load(const struct rules *shared, size_t i)
{
  struct rules *rules = (struct rules *)shared; /* the lazy part is behind the lock */
  pthread_mutex_lock(&rules->load_lock);
  int state = atomic_load_explicit(&rules->market_state[i], memory_order_acquire);
  if (state == LAZY_UNLOADED) {
    state = market_read(rules, i);
    atomic_store_explicit(&rules->market_state[i], (unsigned char)state, memory_order_release);
  }
  pthread_mutex_unlock(&rules->load_lock);
  return state;
}

static void index_markets(struct rules *rules)
{
  for (size_t i = 0; i < rules->nmarkets; i++) {
    const char *cc = rules->markets[i].code;
    rules->market_index[(cc[0] - 'A') * 26 + (cc[1] - 'A')] = (short)i;
  }
}

/* The market files of dir/markets, known (not read) until first use. */
static int list_market_files(struct rules *rules, const char *dir)
{
  char folder[MAX_PATH_BYTES];
  const char **codes;
  size_t n;
  (void)snprintf(folder, sizeof(folder), "%s/markets", dir);
  int errors = list_markets(rules, folder, &codes, &n);
  struct load_ctx lc = {rules, folder, NULL, 0};
  rules->markets = load_alloc(&lc, (n + 1) * sizeof(*rules->markets));
  rules->market_state = load_alloc(&lc, n + 1);
  if (!rules->markets || !rules->market_state)
    return errors + 1;
  memset(rules->markets, 0, (n + 1) * sizeof(*rules->markets));
  for (size_t i = 0; i < n; i++) {
    memcpy(rules->markets[i].code, codes[i], 3);
    atomic_init(&rules->market_state[i], LAZY_UNLOADED);
  }
  rules->nmarkets = n;
  index_markets(rules);
  return errors;
}

/* rules check: every market read now, and every code of regions.yaml has a file. */
static int lint_markets(struct rules *rules)
{
  int errors = 0;
  for (size_t i = 0; i < rules->nmarkets; i++) {
    int state = market_read(rules, i);
    atomic_store_explicit(&rules->market_state[i], (unsigned char)state, memory_order_relaxed);
    errors += state != LAZY_LOADED;
    if (state == LAZY_LOADED && rules->markets[i].phone_region) /* compiled now, to check it */
      errors += phone_region_load(rules, &rules->markets[i]) != LAZY_LOADED;
  }
  for (size_t i = 0; i < rules->nregions; i++) {
    const struct region *r = &rules->regions[i];
    if (rules->market_index[(r->code[0] - 'A') * 26 + (r->code[1] - 'A')] < 0) {
      diag_error("%s/markets/%s.yaml: missing: %s is listed in regions.yaml (%s) but has no "
                 "market file",
                 rules->dir, r->code, r->code, r->group ? r->group : "none");
      errors++;
    }
  }
  return errors;
}

static int load_all(struct rules *rules, const char *dir, bool lint)
{
  char path[MAX_PATH_BYTES];
  if (strlen(dir) + sizeof("/markets/common.yaml") > sizeof(path)) {
    diag_error("%s: path too long", dir);
    return 1;
  }
  snprintf(path, sizeof(path), "%s/regions.yaml", dir);
  int errors = load_file(rules, path, "regions.yaml", FILE_REGIONS, NULL);
  if (errors && !lint)
    return errors;
  snprintf(path, sizeof(path), "%s/markets/common.yaml", dir);
  memcpy(rules->common.code, "--", 3);
  rules->common.name = rules->common.default_culture = rules->common.trunk_prefix = "";
  errors += load_file(rules, path, "common.yaml", FILE_COMMON, &rules->common);
  if (errors && !lint)
    return errors;
  errors += list_market_files(rules, dir);
  if (!errors && plan_market(rules, &rules->common)) {
    plan_failed();
    errors++;
  }
  if (lint)
    errors += lint_markets(rules) + countries_lint(rules);
  if (lint)
    errors += examples_check(rules); /* of the markets that load */
  return errors;
}

int rules_open(const char *dir, bool lint, struct rules **out)
{
  int rc = CSP_E_OK;
  struct rules *rules = calloc(1, sizeof(*rules));
  *out = NULL;
  if (!rules)
    return CSP_E_NOMEM;
  arena_init(&rules->arena, CSP_MAX_RULES_BYTES);
  pthread_mutex_init(&rules->load_lock, NULL);
  atomic_init(&rules->markets_loaded, 0);
  atomic_init(&rules->countries_state, LAZY_UNLOADED);
  for (size_t i = 0; i < 26 * 26; i++)
    rules->market_index[i] = -1;
  rules->match = pcre2_match_data_create(1, NULL);
  rules->dir = arena_strdup(&rules->arena, dir);
  if (!rules->match || !rules->dir) {
    rc = CSP_E_NOMEM;
    goto out;
  }
  if (load_all(rules, dir, lint) > 0)
    rc = CSP_E_RULES;
out:
  if (rc)
    rules_close(rules);
  else
    *out = rules;
  return rc;
}
