/* One rule of a rule file (a YAML mapping, already a struct ynode) into a struct rule. The
 * check keys come from the check table (checks.c) and are parsed by their parameter type;
 * the modifier keys (when, case_insensitive, severity, message, normalize) are a small table
 * of their own here. Every problem is reported with its position and parsing goes on, so
 * `rules check` shows them all. Regexes are compiled here, once, with JIT when available. */
#include <strings.h>

#include "rules/rules_internal.h"

static bool parse_bool(struct load_ctx *lc, const char *key, const struct ynode *n, bool *out)
{
  if (n->type == YNODE_SCALAR && n->plain &&
      (!strcasecmp(n->text, "true") || !strcasecmp(n->text, "false"))) {
    *out = n->text[0] == 't' || n->text[0] == 'T';
    return true;
  }
  load_problem(lc, n, "'%s' must be true or false, not %s", key,
               n->type == YNODE_SCALAR ? n->text : ynode_type_name(n));
  return false;
}

static bool parse_int(struct load_ctx *lc, const char *key, const struct ynode *n, long *out)
{
  bool ok = n->type == YNODE_SCALAR && n->plain && n->len > 0 && n->len <= 9;
  for (size_t i = 0; ok && i < n->len; i++)
    ok = n->text[i] >= '0' && n->text[i] <= '9';
  if (!ok) {
    load_problem(lc, n, "'%s' must be a whole number, not %s", key,
                 n->type == YNODE_SCALAR ? n->text : ynode_type_name(n));
    return false;
  }
  *out = strtol(n->text, NULL, 10);
  return true;
}

static bool parse_string(struct load_ctx *lc, const char *key, const struct ynode *n,
                         const char **out)
{
  if (n->type != YNODE_SCALAR || ynode_is_null(n)) {
    load_problem(lc, n, "'%s' must be a string, not %s", key, ynode_type_name(n));
    return false;
  }
  *out = load_strdup(lc, n->text);
  return *out != NULL;
}

static bool keep_code(struct rules *rules, pcre2_code *code)
{
  if (rules->ncodes == rules->codes_cap) {
    size_t cap = rules->codes_cap ? 2 * rules->codes_cap : 64;
    pcre2_code **grown = realloc(rules->codes, cap * sizeof(*grown));
    if (!grown)
      return false;
    rules->codes = grown;
    rules->codes_cap = cap;
  }
  rules->codes[rules->ncodes++] = code;
  return true;
}

bool regex_compile(struct load_ctx *lc, const struct ynode *at, const char *key, const char *source,
                   struct regex *out)
{
  int err;
  PCRE2_SIZE offset;
  out->source = source;
  out->code = pcre2_compile((PCRE2_SPTR)source, PCRE2_ZERO_TERMINATED, RULES_REGEX_OPTIONS, &err,
                            &offset, NULL);
  if (!out->code) {
    PCRE2_UCHAR text[256];
    pcre2_get_error_message(err, text, sizeof(text));
    load_problem(lc, at, "'%s' is not a valid regex: %s at offset %zu", key, (const char *)text,
                 (size_t)offset);
    return false;
  }
  if (!keep_code(lc->rules, out->code)) {
    pcre2_code_free(out->code);
    out->code = NULL;
    return false;
  }
  out->jit = pcre2_jit_compile(out->code, PCRE2_JIT_COMPLETE) == 0; /* else interpreted */
  out->shortcut = regex_shortcut_find(source);
  return true;
}

static bool parse_regex(struct load_ctx *lc, const char *key, const struct ynode *n,
                        struct regex *out)
{
  const char *source;
  return parse_string(lc, key, n, &source) && regex_compile(lc, n, key, source, out);
}

/* A scalar or a list of scalars; lists are capped at CSP_MAX_ENUM_VALUES. */
static bool parse_values(struct load_ctx *lc, const char *key, const struct ynode *n,
                         const char ***values, size_t *count)
{
  const struct ynode *items = n->type == YNODE_SEQUENCE ? n->items : n;
  size_t nitems = n->type == YNODE_SEQUENCE ? n->n : 1;
  if (nitems > CSP_MAX_ENUM_VALUES) {
    load_problem(lc, n, "'%s' lists %zu values, at most %d", key, nitems, CSP_MAX_ENUM_VALUES);
    return false;
  }
  *values = load_alloc(lc, (nitems + 1) * sizeof(**values));
  *count = nitems;
  bool ok = *values != NULL;
  for (size_t i = 0; ok && i < nitems; i++)
    ok = parse_string(lc, key, &items[i], &(*values)[i]);
  return ok;
}

static bool parse_list(struct load_ctx *lc, const char *key, const struct ynode *n,
                       struct string_list *out)
{
  if (n->type != YNODE_SEQUENCE || n->n == 0) {
    load_problem(lc, n, "'%s' must be a list of strings, not %s", key,
                 n->type == YNODE_SEQUENCE ? "an empty list" : ynode_type_name(n));
    return false;
  }
  if (!parse_values(lc, key, n, &out->values, &out->n))
    return false;
  out->sorted = load_alloc(lc, (out->n + 1) * sizeof(*out->sorted));
  if (!out->sorted)
    return false;
  memcpy(out->sorted, out->values, out->n * sizeof(*out->sorted));
  return true;
}

static bool parse_name(struct load_ctx *lc, const char *key, const struct ynode *n,
                       const struct named_check *names, const struct named_check **out)
{
  if (n->type == YNODE_SCALAR)
    for (const struct named_check *c = names; c->name; c++)
      if (!strcmp(c->name, n->text)) {
        *out = c;
        return true;
      }
  char known[256];
  size_t used = 0;
  for (const struct named_check *c = names; c->name && used < sizeof(known); c++)
    used += (size_t)snprintf(known + used, sizeof(known) - used, "%s%s", used ? ", " : "", c->name);
  load_problem(lc, n, "unknown %s %s (known: %s)", key,
               n->type == YNODE_SCALAR ? n->text : ynode_type_name(n), known);
  return false;
}

static bool parse_conditions(struct load_ctx *lc, const char *key, const struct ynode *n,
                             struct conditions *out)
{
  if (n->type != YNODE_MAPPING || n->n == 0) {
    load_problem(lc, n, "'%s' must be a mapping of field: value, not %s", key, ynode_type_name(n));
    return false;
  }
  if (!load_mapping_keys_ok(lc, n))
    return false;
  out->n = n->n;
  out->items = load_alloc(lc, n->n * sizeof(*out->items));
  bool ok = out->items != NULL;
  for (size_t i = 0; ok && i < n->n; i++) {
    struct condition *c = &out->items[i];
    c->field = field_by_name(n->items[2 * i].text);
    if (c->field == FIELD_NONE) {
      load_problem(lc, &n->items[2 * i], "'%s' names an unknown field '%s'", key,
                   n->items[2 * i].text);
      ok = false;
    } else {
      ok = parse_values(lc, key, &n->items[2 * i + 1], &c->values, &c->nvalues);
    }
  }
  return ok;
}

static bool parse_check(struct load_ctx *lc, const struct check_kind *kind, const struct ynode *n,
                        struct check *out)
{
  out->kind = kind;
  switch (kind->param) {
  case PARAM_BOOL:
    return parse_bool(lc, kind->key, n, &out->p.flag);
  case PARAM_INT:
    return parse_int(lc, kind->key, n, &out->p.number);
  case PARAM_REGEX:
    return parse_regex(lc, kind->key, n, &out->p.regex);
  case PARAM_LIST:
    return parse_list(lc, kind->key, n, &out->p.list);
  case PARAM_NAME:
    return parse_name(lc, kind->key, n, kind->names, &out->p.named);
  case PARAM_CONDITIONS:
    return parse_conditions(lc, kind->key, n, &out->p.conditions);
  }
  return false;
}

static bool parse_step(struct load_ctx *lc, const struct ynode *n, struct rule *r)
{
  int step = n->type == YNODE_SCALAR ? normalize_step_by_name(n->text) : -1;
  if (step < 0) {
    load_problem(lc, n, "unknown normalize step %s (known: trim, upper, lower, digits, phone)",
                 n->type == YNODE_SCALAR ? n->text : ynode_type_name(n));
    return false;
  }
  if (r->nnormalize == CSP_MAX_NORMALIZE_STEPS) {
    load_problem(lc, n, "more than %d normalize steps", CSP_MAX_NORMALIZE_STEPS);
    return false;
  }
  r->normalize[r->nnormalize++] = (unsigned char)step;
  return true;
}

static bool parse_normalize(struct load_ctx *lc, const struct ynode *n, struct rule *r)
{
  if (n->type != YNODE_SEQUENCE)
    return parse_step(lc, n, r);
  bool ok = true;
  for (size_t i = 0; i < n->n; i++)
    ok = parse_step(lc, &n->items[i], r) && ok;
  return ok;
}

static bool parse_severity(struct load_ctx *lc, const struct ynode *n, struct rule *r)
{
  if (n->type == YNODE_SCALAR && (!strcmp(n->text, "error") || !strcmp(n->text, "warning"))) {
    r->warning = n->text[0] == 'w';
    return true;
  }
  load_problem(lc, n, "'severity' must be error or warning, not %s",
               n->type == YNODE_SCALAR ? n->text : ynode_type_name(n));
  return false;
}

/* aliases: a mapping of value -> the value sent (both strings). */
static bool parse_aliases(struct load_ctx *lc, const struct ynode *n, struct rule *r)
{
  if (n->type != YNODE_MAPPING || n->n == 0) {
    load_problem(lc, n, "'aliases' must be a mapping of value: value sent, not %s",
                 n->type == YNODE_MAPPING ? "an empty mapping" : ynode_type_name(n));
    return false;
  }
  if (!load_mapping_keys_ok(lc, n))
    return false;
  r->alias_from = load_alloc(lc, n->n * sizeof(*r->alias_from));
  r->alias_to = load_alloc(lc, n->n * sizeof(*r->alias_to));
  bool ok = r->alias_from && r->alias_to;
  for (size_t i = 0; ok && i < n->n; i++) {
    ok = parse_string(lc, "aliases", &n->items[2 * i], &r->alias_from[i]) &&
         parse_string(lc, "aliases", &n->items[2 * i + 1], &r->alias_to[i]);
    r->naliases += ok;
  }
  return ok;
}

/* The keys that shape a rule rather than check a value. */
static bool parse_modifier(struct load_ctx *lc, const char *key, const struct ynode *n,
                           struct rule *r, bool *known)
{
  *known = true;
  if (!strcmp(key, "when"))
    return parse_conditions(lc, key, n, &r->when);
  if (!strcmp(key, "case_insensitive"))
    return parse_bool(lc, key, n, &r->case_insensitive);
  if (!strcmp(key, "severity"))
    return parse_severity(lc, n, r);
  if (!strcmp(key, "message"))
    return parse_string(lc, key, n, &r->message);
  if (!strcmp(key, "normalize"))
    return parse_normalize(lc, n, r);
  if (!strcmp(key, "aliases"))
    return parse_aliases(lc, n, r);
  *known = false;
  return false;
}

static int compare_exact(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int compare_folded(const void *a, const void *b)
{
  return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts enum lists (folded when case_insensitive), refuses a value listed twice, builds their
 * lookup table and checks what depends on more than one key. */
static void finish_rule(struct load_ctx *lc, const struct ynode *map, struct rule *r)
{
  struct check *list = NULL;
  long min = -1, max = -1;
  for (size_t i = 0; i < r->nchecks; i++) {
    struct check *c = &r->checks[i];
    if (c->kind->param == PARAM_LIST)
      list = c;
    if (!strcmp(c->kind->key, "min_length"))
      min = c->p.number;
    if (!strcmp(c->kind->key, "max_length"))
      max = c->p.number;
  }
  if (min >= 0 && max >= 0 && min > max)
    load_problem(lc, map, "min_length %ld is greater than max_length %ld", min, max);
  if (r->case_insensitive && !list)
    load_problem(lc, map, "case_insensitive applies to enum, and this rule has none");
  if (r->nchecks == 0 && r->nnormalize == 0 && r->naliases == 0)
    load_problem(lc, map, "the rule checks nothing (no required, pattern, enum, ... key)");
  if (!list)
    return;
  int (*cmp)(const void *, const void *) = r->case_insensitive ? compare_folded : compare_exact;
  qsort(list->p.list.sorted, list->p.list.n, sizeof(*list->p.list.sorted), cmp);
  for (size_t i = 1; i < list->p.list.n; i++)
    if (!cmp(&list->p.list.sorted[i - 1], &list->p.list.sorted[i]))
      load_problem(lc, map, "enum lists %s twice", list->p.list.sorted[i]);
  (void)enum_table_build(lc, &list->p.list, r->case_insensitive);
}

int rule_parse(struct load_ctx *lc, const struct ynode *map, struct rule *out)
{
  int before = lc->errors;
  memset(out, 0, sizeof(*out));
  out->file = lc->file;
  out->line = map->line;
  if (map->type != YNODE_MAPPING) {
    load_problem(lc, map, "a rule must be a mapping (key: value), not %s", ynode_type_name(map));
    goto out;
  }
  if (!load_mapping_keys_ok(lc, map))
    goto out;
  out->checks = load_alloc(lc, (map->n + 1) * sizeof(*out->checks));
  if (!out->checks)
    goto out;
  for (size_t i = 0; i < map->n; i++) {
    const struct ynode *key = &map->items[2 * i], *value = &map->items[2 * i + 1];
    bool known;
    (void)parse_modifier(lc, key->text, value, out, &known);
    const struct check_kind *kind = known ? NULL : check_kind_find(key->text);
    if (kind && parse_check(lc, kind, value, &out->checks[out->nchecks]))
      out->nchecks++;
    else if (!known && !kind)
      load_problem(lc, key, "unknown rule key '%s'", key->text);
  }
  if (lc->errors == before)
    finish_rule(lc, map, out);
out:
  return lc->errors == before ? CSP_E_OK : CSP_E_RULES;
}
