/* `rules show CC`: a market's effective rules (common.yaml merged in) written back as YAML,
 * each field annotated with the file its rules come from, so that what the validator
 * applies can be read, diffed and even copied into a market file. */
#include <strings.h>

#include "rules/rules_internal.h"

/* A scalar plain when YAML would read it back as the same string, else single-quoted. */
static void print_scalar(FILE *out, const char *s)
{
  static const char *const plain_lookalikes[] = {"true", "false", "yes", "no",
                                                 "null", "~",     "on",  "off"};
  bool quote = !*s || strpbrk(s, ":#'\"{}[],&*!|>%@`\\") || s[0] == ' ' || s[0] == '-' ||
               s[0] == '?' || s[strlen(s) - 1] == ' ' || strspn(s, "0123456789.+") == strlen(s);
  for (size_t i = 0; !quote && i < sizeof(plain_lookalikes) / sizeof(plain_lookalikes[0]); i++)
    quote = !strcasecmp(s, plain_lookalikes[i]);
  if (!quote) {
    fputs(s, out);
    return;
  }
  fputc('\'', out);
  for (; *s; s++) {
    if (*s == '\'')
      fputc('\'', out);
    fputc(*s, out);
  }
  fputc('\'', out);
}

static void print_values(FILE *out, const char *const *values, size_t n, bool bracket)
{
  if (bracket)
    fputc('[', out);
  for (size_t i = 0; i < n; i++) {
    if (i)
      fputs(", ", out);
    print_scalar(out, values[i]);
  }
  if (bracket)
    fputc(']', out);
}

static void print_conditions(FILE *out, const struct conditions *c)
{
  fputc('{', out);
  for (size_t i = 0; i < c->n; i++) {
    fprintf(out, "%s%s: ", i ? ", " : "", field_name(c->items[i].field));
    print_values(out, c->items[i].values, c->items[i].nvalues, c->items[i].nvalues != 1);
  }
  fputc('}', out);
}

static void print_check(FILE *out, const struct check *c)
{
  fprintf(out, "%s: ", c->kind->key);
  switch (c->kind->param) {
  case PARAM_BOOL:
    fputs(c->p.flag ? "true" : "false", out);
    break;
  case PARAM_INT:
    fprintf(out, "%ld", c->p.number);
    break;
  case PARAM_REGEX:
    print_scalar(out, c->p.regex.source);
    break;
  case PARAM_LIST:
    print_values(out, c->p.list.values, c->p.list.n, true);
    break;
  case PARAM_NAME:
    fputs(c->p.named->name, out);
    break;
  case PARAM_CONDITIONS:
    print_conditions(out, &c->p.conditions);
    break;
  }
}

/* One rule as an item of a YAML list, indented under its field. */
static void print_rule(FILE *out, const struct rule *r)
{
  const char *lead = "    - ";
  if (r->when.n) {
    fprintf(out, "%swhen: ", lead);
    print_conditions(out, &r->when);
    fputc('\n', out);
    lead = "      ";
  }
  if (r->nnormalize) {
    fprintf(out, "%snormalize: [", lead);
    for (size_t i = 0; i < r->nnormalize; i++)
      fprintf(out, "%s%s", i ? ", " : "", normalize_step_name(r->normalize[i]));
    fputs("]\n", out);
    lead = "      ";
  }
  for (size_t i = 0; i < r->nchecks; i++) {
    fputs(lead, out);
    print_check(out, &r->checks[i]);
    fputc('\n', out);
    lead = "      ";
  }
  if (r->naliases) {
    fprintf(out, "%saliases: {", lead);
    for (size_t i = 0; i < r->naliases; i++) {
      fputs(i ? ", " : "", out);
      print_scalar(out, r->alias_from[i]);
      fputs(": ", out);
      print_scalar(out, r->alias_to[i]);
    }
    fputs("}\n", out);
  }
  if (r->case_insensitive)
    fputs("      case_insensitive: true\n", out);
  if (r->warning)
    fputs("      severity: warning\n", out);
  if (r->message) {
    fputs("      message: ", out);
    print_scalar(out, r->message);
    fputc('\n', out);
  }
}

static void print_list(FILE *out, const char *key, const char *const *values, size_t n)
{
  if (!n)
    return;
  fprintf(out, "%s:\n", key);
  for (size_t i = 0; i < n; i++) {
    fputs("  - ", out);
    print_scalar(out, values[i]);
    fputc('\n', out);
  }
}

static void print_market_keys(const struct market_rules *m, FILE *out)
{
  if (m->embargoed) {
    fputs("status: embargoed\nrejected_reason: ", out);
    print_scalar(out, m->rejected_reason);
    fputc('\n', out);
  }
  const char *sep = "inferred: [";
  for (int f = 0; f < FIELD_COUNT; f++)
    if (m->inferred[f]) {
      fprintf(out, "%s%s", sep, field_name((enum field_id)f));
      sep = ", ";
    }
  if (*sep == ',')
    fputs("]\n", out);
  if (m->nsubdivisions)
    fputs("subdivisions:\n", out);
  for (size_t i = 0; i < m->nsubdivisions; i++) {
    const struct subdivision *sd = &m->subdivisions[i];
    fputs("  - {code: ", out);
    print_scalar(out, sd->code);
    if (sd->iso) {
      fputs(", iso: ", out);
      print_scalar(out, sd->iso);
    }
    if (sd->nnames) {
      fputs(", names: ", out);
      print_values(out, sd->names, sd->nnames, true);
    }
    if (sd->postal.code) { /* compiled as ^(?:prefix) */
      char prefix[512];
      snprintf(prefix, sizeof(prefix), "%.*s", (int)strlen(sd->postal.source) - 5,
               sd->postal.source + 4);
      fputs(", postal: ", out);
      print_scalar(out, prefix);
    }
    fputs("}\n", out);
  }
}

static void print_header(const struct rules *rules, const struct market_rules *m, FILE *out)
{
  const char *group = rules_market_group(rules, m->code);
  fprintf(out, "# %s (%s), market group: %s\n", m->code, m->file ? m->file : "?",
          group ? group : "none");
  fprintf(out, "market: %s\nname: ", m->code);
  print_scalar(out, market_rules_name(m));
  fputc('\n', out);
  print_list(out, "sources", m->sources, m->nsources);
  fputs("calling_codes: [", out);
  for (size_t i = 0; i < m->ncalling_codes; i++)
    fprintf(out, "%s\"%s\"", i ? ", " : "", m->calling_codes[i]);
  fprintf(out, "]\ntrunk_prefix: \"%s\"\ndefault_culture: ", market_rules_trunk_prefix(m));
  print_scalar(out, market_rules_default_culture(m));
  fputc('\n', out);
  print_market_keys(m, out);
  fputs("fields:\n", out);
}

void rules_describe(const struct rules *rules, const char *cc, FILE *out)
{
  const struct market_rules *m = rules_market(rules, cc);
  if (!m) {
    fprintf(out, "# no rules for market %s\n", cc);
    return;
  }
  print_header(rules, m, out);
  for (int f = 0; f < FIELD_COUNT; f++) {
    const struct field_rules *fr = &m->fields[f];
    if (fr->n == 0)
      continue;
    fprintf(out, "  %s:  # %s\n", field_name((enum field_id)f), fr->rules[0].file);
    for (size_t r = 0; r < fr->n; r++)
      print_rule(out, &fr->rules[r]);
  }
}
