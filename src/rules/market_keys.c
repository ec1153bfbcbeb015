/* The market-file keys beyond a market's rules (docs/RULES.md): sources (where the data
 * comes from), status and rejected_reason (a market Microsoft does not sell in), inferred
 * (fields whose data Partner Center has not confirmed), phone_region (phone_region.c),
 * subdivisions (states and provinces:
 * what is sent, ISO ids, names in every script, postal-code prefixes) and examples (values
 * `rules check` runs through the market's rules). Parsed when the market is read; every
 * problem is reported with its position, as for rules. */
#include "rules/rules_internal.h"

#define SUBDIVISION_RANK_CODE 0
#define SUBDIVISION_RANK_ISO 1
#define SUBDIVISION_RANK_NAME 2

static bool string_node(const struct ynode *n)
{
  return n->type == YNODE_SCALAR && !ynode_is_null(n);
}

/* A list of strings into the arena; false (reported) when it is not one. */
static bool string_list(struct load_ctx *lc, const char *key, const struct ynode *n,
                        const char ***out, size_t *count)
{
  if (n->type != YNODE_SEQUENCE) {
    load_problem(lc, n, "'%s' must be a list of strings, not %s", key, ynode_type_name(n));
    return false;
  }
  *out = load_alloc(lc, (n->n + 1) * sizeof(**out));
  *count = 0;
  for (size_t i = 0; *out && i < n->n; i++) {
    if (!string_node(&n->items[i])) {
      load_problem(lc, &n->items[i], "'%s' lists %s, not a string", key,
                   ynode_type_name(&n->items[i]));
      return false;
    }
    if (!((*out)[*count] = load_strdup(lc, n->items[i].text)))
      return false;
    (*count)++;
  }
  return *out != NULL;
}

static void parse_status(struct load_ctx *lc, const struct ynode *n, struct market_rules *m)
{
  if (string_node(n) && (!strcmp(n->text, "sold") || !strcmp(n->text, "embargoed")))
    m->embargoed = n->text[0] == 'e';
  else
    load_problem(lc, n, "'status' must be sold or embargoed, not %s",
                 n->type == YNODE_SCALAR ? n->text : ynode_type_name(n));
}

static void parse_inferred(struct load_ctx *lc, const struct ynode *n, struct market_rules *m)
{
  const char **names;
  size_t count;
  if (!string_list(lc, "inferred", n, &names, &count))
    return;
  for (size_t i = 0; i < count; i++) {
    enum field_id f = field_by_name(names[i]);
    if (f == FIELD_NONE)
      load_problem(lc, &n->items[i], "'inferred' names an unknown field '%s'", names[i]);
    else
      m->inferred[f] = true;
  }
}

/* --- subdivisions --- */

static bool subdivision_key(struct load_ctx *lc, const struct ynode *key, const struct ynode *v,
                            struct subdivision *sd)
{
  const char *k = key->text;
  if (!strcmp(k, "names"))
    return string_list(lc, "names", v, &sd->names, &sd->nnames);
  if (strcmp(k, "code") && strcmp(k, "iso") && strcmp(k, "postal")) {
    load_problem(lc, key, "unknown key '%s' (a subdivision has code, iso, names and postal)", k);
    return false;
  }
  if (!string_node(v)) {
    load_problem(lc, v, "'%s' must be a string, not %s", k, ynode_type_name(v));
    return false;
  }
  if (k[0] == 'c')
    return (sd->code = load_strdup(lc, v->text)) != NULL;
  if (k[0] == 'i')
    return (sd->iso = load_strdup(lc, v->text)) != NULL;
  size_t n = strlen(v->text) + sizeof("^(?:)");
  char *source = load_alloc(lc, n);
  if (!source)
    return false;
  snprintf(source, n, "^(?:%s)", v->text);
  return regex_compile(lc, v, "postal", source, &sd->postal);
}

static void parse_subdivision(struct load_ctx *lc, const struct ynode *n, struct subdivision *sd)
{
  memset(sd, 0, sizeof(*sd));
  if (n->type != YNODE_MAPPING) {
    load_problem(lc, n, "a subdivision must be a mapping with code:, not %s", ynode_type_name(n));
    return;
  }
  if (!load_mapping_keys_ok(lc, n))
    return;
  for (size_t i = 0; i < n->n; i++)
    (void)subdivision_key(lc, &n->items[2 * i], &n->items[2 * i + 1], sd);
  if (!sd->code)
    load_problem(lc, n, "a subdivision needs a code (what Partner Center takes)");
}

static size_t count_names(const struct subdivision *list, size_t n)
{
  size_t total = 0;
  for (size_t i = 0; i < n; i++)
    total += 2 + list[i].nnames;
  return total;
}

/* The lookup table: codes first (a code is never taken for another subdivision's name). */
static void index_subdivisions(struct load_ctx *lc, const struct ynode *at, struct market_rules *m,
                               struct subdivision *list)
{
  struct fold_table *t = &m->subdivision_names;
  bool ok = fold_table_init(lc, t, count_names(list, m->nsubdivisions));
  for (size_t i = 0; ok && i < m->nsubdivisions; i++) {
    for (size_t j = 0; j < i; j++)
      if (list[j].code && list[i].code && !strcmp(list[j].code, list[i].code))
        load_problem(lc, at, "subdivision code %s is listed twice", list[i].code);
    ok = !list[i].code || fold_table_add(lc, t, list[i].code, (int)i, SUBDIVISION_RANK_CODE);
    ok = ok && (!list[i].iso || fold_table_add(lc, t, list[i].iso, (int)i, SUBDIVISION_RANK_ISO));
    for (size_t k = 0; ok && k < list[i].nnames; k++)
      ok = fold_table_add(lc, t, list[i].names[k], (int)i, SUBDIVISION_RANK_NAME);
    m->postal_prefixes |= list[i].postal.code != NULL;
  }
}

static void parse_subdivisions(struct load_ctx *lc, const struct ynode *n, struct market_rules *m)
{
  if (n->type != YNODE_SEQUENCE) {
    load_problem(lc, n, "'subdivisions' must be a list of subdivisions, not %s",
                 ynode_type_name(n));
    return;
  }
  struct subdivision *list = load_alloc(lc, (n->n + 1) * sizeof(*list));
  if (!list)
    return;
  int before = lc->errors;
  for (size_t i = 0; i < n->n; i++)
    parse_subdivision(lc, &n->items[i], &list[i]);
  if (lc->errors != before)
    return;
  m->subdivisions = list;
  m->nsubdivisions = n->n;
  index_subdivisions(lc, n, m, list);
}

/* --- examples --- */

static size_t count_examples(const struct ynode *n)
{
  size_t total = 0;
  for (size_t i = 0; i < n->n; i++) {
    const struct ynode *v = &n->items[2 * i + 1];
    for (size_t j = 0; v->type == YNODE_MAPPING && j < v->n; j++)
      if (v->items[2 * j + 1].type == YNODE_SEQUENCE)
        total += v->items[2 * j + 1].n;
  }
  return total;
}

/* valid: [...] or invalid: [...] of one field. */
static void parse_example_list(struct load_ctx *lc, enum field_id f, const struct ynode *key,
                               const struct ynode *list, struct market_rules *m,
                               struct example *out)
{
  bool valid = !strcmp(key->text, "valid");
  if (!valid && strcmp(key->text, "invalid")) {
    load_problem(lc, key, "unknown key '%s' (an example field has valid: and invalid:)", key->text);
    return;
  }
  if (list->type != YNODE_SEQUENCE) {
    load_problem(lc, list, "'%s' must be a list of values, not %s", key->text,
                 ynode_type_name(list));
    return;
  }
  for (size_t i = 0; i < list->n; i++) {
    const struct ynode *v = &list->items[i];
    if (v->type != YNODE_SCALAR) {
      load_problem(lc, v, "an example must be a string, not %s", ynode_type_name(v));
      continue;
    }
    const char *value = load_strdup(lc, v->text);
    if (value)
      out[m->nexamples++] = (struct example){f, valid, value, v->line, v->column};
  }
}

static void parse_examples(struct load_ctx *lc, const struct ynode *n, struct market_rules *m)
{
  if (n->type != YNODE_MAPPING) {
    load_problem(lc, n, "'examples' must be a mapping of field: {valid: [...], invalid: [...]}");
    return;
  }
  if (!load_mapping_keys_ok(lc, n))
    return;
  struct example *out = load_alloc(lc, (count_examples(n) + 1) * sizeof(*out));
  if (!out)
    return;
  m->examples = out;
  for (size_t i = 0; i < n->n; i++) {
    const struct ynode *key = &n->items[2 * i], *v = &n->items[2 * i + 1];
    enum field_id f = field_by_name(key->text);
    if (f == FIELD_NONE) {
      load_problem(lc, key, "examples name an unknown field '%s'", key->text);
      continue;
    }
    if (v->type != YNODE_MAPPING || !load_mapping_keys_ok(lc, v)) {
      if (v->type != YNODE_MAPPING)
        load_problem(lc, v, "examples of %s must be {valid: [...], invalid: [...]}", key->text);
      continue;
    }
    for (size_t j = 0; j < v->n; j++)
      parse_example_list(lc, f, &v->items[2 * j], &v->items[2 * j + 1], m, out);
  }
}

bool market_key_parse(struct load_ctx *lc, const struct ynode *key, const struct ynode *value,
                      struct market_rules *m)
{
  const char *k = key->text;
  if (!strcmp(k, "sources"))
    (void)string_list(lc, k, value, &m->sources, &m->nsources);
  else if (!strcmp(k, "status"))
    parse_status(lc, value, m);
  else if (!strcmp(k, "rejected_reason") && string_node(value))
    m->rejected_reason = load_strdup(lc, value->text);
  else if (!strcmp(k, "rejected_reason"))
    load_problem(lc, value, "'rejected_reason' must be a string, not %s", ynode_type_name(value));
  else if (!strcmp(k, "inferred"))
    parse_inferred(lc, value, m);
  else if (!strcmp(k, "subdivisions"))
    parse_subdivisions(lc, value, m);
  else if (!strcmp(k, "examples"))
    parse_examples(lc, value, m);
  else if (!strcmp(k, "phone_region"))
    (void)phone_region_parse(lc, value, m);
  else
    return false;
  return true;
}

void market_keys_finish(struct load_ctx *lc, const struct ynode *root, struct market_rules *m)
{
  if (m->embargoed && !m->rejected_reason)
    load_problem(lc, root, "status: embargoed needs a rejected_reason (what a row's report says)");
  if (!m->embargoed && m->rejected_reason)
    load_problem(lc, root, "rejected_reason is only for status: embargoed");
  for (int f = 0; f < FIELD_COUNT && m->nsubdivisions == 0; f++)
    for (size_t r = 0; r < m->fields[f].n; r++)
      for (size_t c = 0; c < m->fields[f].rules[r].nchecks; c++)
        if (!strcmp(m->fields[f].rules[r].checks[c].kind->key, "subdivision") &&
            m->fields[f].rules[r].checks[c].p.flag)
          load_problem(lc, root, "%s has subdivision: true but the market lists no subdivisions",
                       field_name((enum field_id)f));
}
