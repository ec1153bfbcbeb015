/* The built-in checks across fields, run after a known market's rules (validate.c), both
 * warnings that name what the user most likely meant:
 *   postal_code:state_mismatch  the market's subdivisions give postal-code prefixes, state
 *                               and postal code are both valid, and the postal code does not
 *                               start like the state's ("postal_code 10001 belongs to NY,
 *                               not CA");
 *   phone:other_country         the phone was dialled with another country's calling code, or
 *                               it fails the market's plan and fits the plan of another
 *                               country with the same calling code (+1: a Jamaican number in
 *                               a US row).
 * Both look only at rows that give them something to look at: a plain national number that
 * passed its pattern, or a row without state, costs a test or two. The phone check reads
 * countries.yaml (its calling-code index) and the other countries' markets on first need. */
#include "rules/rules_internal.h"

#define MAX_CANDIDATES 32 /* NANP (+1) has 25 countries */
#define MAX_NAMED 4

static bool has_error(const struct row *row, enum field_id f)
{
  for (size_t i = 0; i < row->nviolations; i++)
    if (row->violations[i].field == f && !row->violations[i].warning)
      return true;
  return false;
}

static const char *subdivision_name(const struct subdivision *sd)
{
  return sd->nnames ? sd->names[0] : sd->code;
}

static void state_and_postal(pcre2_match_data *match, const struct market_rules *m, struct row *row)
{
  const char *state = row->value[FIELD_STATE], *postal = row->value[FIELD_POSTAL_CODE];
  if (!state || !*state || !postal || !*postal || has_error(row, FIELD_STATE) ||
      has_error(row, FIELD_POSTAL_CODE))
    return;
  int i = fold_table_find(&m->subdivision_names, state, strlen(state));
  size_t len = strlen(postal);
  if (i < 0 || !m->subdivisions[i].postal.code ||
      regex_match_value(&m->subdivisions[i].postal, postal, len, match))
    return;
  const struct subdivision *sd = &m->subdivisions[i];
  for (size_t j = 0; j < m->nsubdivisions; j++) {
    const struct subdivision *other = &m->subdivisions[j];
    if (other->postal.code && regex_match_value(&other->postal, postal, len, match)) {
      row_add_violation(row, FIELD_POSTAL_CODE, VIOLATION_STATE_MISMATCH, true,
                        "postal_code %s belongs to %s (%s), not %s (%s)", postal, other->code,
                        subdivision_name(other), sd->code, subdivision_name(sd));
      return;
    }
  }
  row_add_violation(row, FIELD_POSTAL_CODE, VIOLATION_STATE_MISMATCH, true,
                    "postal_code %s does not start like the postal codes of %s (%s)", postal,
                    sd->code, subdivision_name(sd));
}

/* True when national fits the phone rules of market m: it passes every pattern of m's phone
 * field (and matches none of its not_patterns), with or without m's trunk prefix. */
static bool fits_plan(pcre2_match_data *match, const struct market_rules *m, const char *national,
                      size_t len)
{
  const struct field_rules *fr = &m->fields[FIELD_PHONE];
  size_t patterns = 0;
  bool fits = true;
  for (size_t r = 0; r < fr->n; r++)
    for (size_t c = 0; c < fr->rules[r].nchecks; c++) {
      const struct check *check = &fr->rules[r].checks[c];
      bool negated = !strcmp(check->kind->key, "not_pattern");
      if (check->kind->param != PARAM_REGEX || fr->rules[r].warning)
        continue;
      patterns++;
      fits = fits && regex_match_value(&check->p.regex, national, len, match) != negated;
    }
  return patterns > 0 && fits;
}

/* The candidates that are not market own and whose plan national fits (all of them when
 * check_plans is false); returns how many are left in out. */
static size_t fitting(const struct rules *rules, pcre2_match_data *match, const struct countries *c,
                      const char *own, size_t *out, size_t n, const char *national, size_t len,
                      bool check_plans)
{
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    const struct country *cand = &c->items[out[i]];
    if (!strcmp(cand->code, own))
      continue;
    const struct market_rules *cm = check_plans ? rules_market(rules, cand->code) : NULL;
    if (!check_plans || (cm && fits_plan(match, cm, national, len)))
      out[kept++] = out[i];
  }
  return kept;
}

/* "Jamaica (JM)", "Russia (RU) or Kazakhstan (KZ)", at most MAX_NAMED of them. */
static void country_names(const struct countries *c, const size_t *which, size_t n, char *out,
                          size_t cap)
{
  size_t used = 0, shown = n < MAX_NAMED ? n : MAX_NAMED;
  out[0] = '\0';
  for (size_t i = 0; i < shown && used < cap; i++)
    used += (size_t)snprintf(out + used, cap - used, "%s%s (%s)",
                             i == 0       ? ""
                             : i + 1 == n ? " or "
                                          : ", ",
                             c->items[which[i]].name, c->items[which[i]].code);
  if (shown < n && used < cap)
    snprintf(out + used, cap - used, " or %zu others", n - shown);
}

/* A number left as dialled with another country's calling code (+CC..., phone.c). */
static void foreign_code(const struct rules *rules, pcre2_match_data *match,
                         const struct market_rules *m, struct row *row, const char *phone)
{
  const struct countries *c = rules_countries(rules);
  size_t cands[MAX_CANDIDATES], code_len, len = strlen(phone + 1);
  size_t n = countries_by_calling_code(c, phone + 1, len, cands, MAX_CANDIDATES, &code_len);
  if (!c || n == 0)
    return;
  const char *rest = phone + 1 + code_len;
  size_t kept = fitting(rules, match, c, m->code, cands, n, rest, len - code_len, n > 1);
  if (kept == 0) /* a shared code whose plans all refuse it: name every country of it */
    kept = fitting(rules, match, c, m->code, cands, n, rest, len - code_len, false);
  char names[512];
  country_names(c, cands, kept, names, sizeof(names));
  if (kept)
    row_add_violation(row, FIELD_PHONE, VIOLATION_OTHER_COUNTRY, true,
                      "phone %.*s has the calling code +%.*s of %s, not one of %s's",
                      CSP_MESSAGE_VALUE_CHARS, phone, (int)code_len, phone + 1, names, m->name);
}

/* A national number that fails the market's own plan, in a market whose calling code other
 * countries share: the country whose plan it fits. */
static void shared_code(const struct rules *rules, pcre2_match_data *match,
                        const struct market_rules *m, struct row *row, const char *national)
{
  const struct countries *c = rules_countries(rules);
  char full[64];
  size_t len = strlen(national);
  int n_full = snprintf(full, sizeof(full), "%s%s", m->calling_codes[0], national);
  if (!c || n_full <= 0 || (size_t)n_full >= sizeof(full))
    return;
  size_t cands[MAX_CANDIDATES], code_len, own_len = strlen(m->calling_codes[0]);
  size_t n = countries_by_calling_code(c, full, (size_t)n_full, cands, MAX_CANDIDATES, &code_len);
  if (code_len < own_len)
    return;
  /* A longer code (1876) names its country; the same code is shared: the plans decide. */
  size_t kept = fitting(rules, match, c, m->code, cands, n, national, len, code_len == own_len);
  char names[512];
  country_names(c, cands, kept < 1 ? kept : 1, names, sizeof(names));
  if (kept)
    row_add_violation(row, FIELD_PHONE, VIOLATION_OTHER_COUNTRY, true,
                      "phone %.*s is a number of %s, not of %s (calling code +%.*s)",
                      CSP_MESSAGE_VALUE_CHARS, national, names, m->name, (int)code_len, full);
}

static void phone_country(const struct rules *rules, pcre2_match_data *match,
                          const struct market_rules *m, struct row *row)
{
  const char *phone = row->value[FIELD_PHONE];
  if (!phone || !*phone)
    return;
  if (phone[0] == '+' && phone[1] >= '0' && phone[1] <= '9')
    foreign_code(rules, match, m, row, phone);
  else if (m->ncalling_codes > 0 && has_error(row, FIELD_PHONE) &&
           strspn(phone, "0123456789") == strlen(phone))
    shared_code(rules, match, m, row, phone);
}

void crosschecks_run(const struct rules *rules, pcre2_match_data *match,
                     const struct market_rules *m, struct row *row)
{
  if (m->postal_prefixes)
    state_and_postal(match, m, row);
  phone_country(rules, match, m, row);
}
