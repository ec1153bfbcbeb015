/* The built-in checks across fields, run after a known market's rules (validate.c), both
 * warnings that name what the user most likely meant:
 *   postal_code:state_mismatch  the market's subdivisions give postal-code prefixes, state
 *                               and postal code are both valid, and the postal code does not
 *                               start like the state's ("postal_code 10001 belongs to NY,
 *                               not CA");
 *   phone:other_country         the phone was dialled with another country's calling code, or
 *                               its calling code is shared and it is not a number of the
 *                               market's own region (phone_region) but one of another
 *                               sharer's, or it fails the market's plan and fits the plan of
 *                               another country with the same calling code (+1: a Jamaican
 *                               number in a US row).
 * Both look only at rows that give them something to look at: a plain national number that
 * passed its pattern, or a row without state, costs a test or two (one regex more in a
 * market whose calling code is shared). The phone check reads
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

/* The full number (calling code then national) of a national number of market m, the
 * into full, the countries of its calling code in cands and that code's length; 0 when
 * there are none. */
#define FULL_NUMBER_BYTES 64
static size_t sharers(const struct countries *c, const struct market_rules *m, const char *national,
                      size_t *cands, char *full, size_t *code_len)
{
  int n_full = snprintf(full, FULL_NUMBER_BYTES, "%s%s", m->calling_codes[0], national);
  if (!c || n_full <= 0 || (size_t)n_full >= FULL_NUMBER_BYTES)
    return 0;
  size_t n = countries_by_calling_code(c, full, (size_t)n_full, cands, MAX_CANDIDATES, code_len);
  return *code_len < strlen(m->calling_codes[0]) ? 0 : n;
}

static void name_other_country(struct row *row, const struct countries *c, const size_t *cands,
                               const struct market_rules *m, const char *national, const char *full,
                               size_t code_len)
{
  char names[512];
  country_names(c, cands, 1, names, sizeof(names));
  row_add_violation(row, FIELD_PHONE, VIOLATION_OTHER_COUNTRY, true,
                    "phone %.*s looks like a number of %s, not of %s (calling code +%.*s)",
                    CSP_MESSAGE_VALUE_CHARS, national, names, m->name, (int)code_len, full);
}

/* A national number of a market whose calling code is shared and that has its region's own
 * numbers (phone_region): when the number is not one of them, the sharer whose region's it
 * is (a +1 876 number in a US row: Jamaica). True when a country was named. */
static bool other_region(const struct rules *rules, pcre2_match_data *match,
                         const struct market_rules *m, struct row *row, const char *national)
{
  size_t len = strlen(national);
  if (phone_region_match(rules, m, national, len, match) != 0)
    return false;
  const struct countries *c = rules_countries(rules);
  size_t cands[MAX_CANDIDATES], code_len = 0;
  char full[FULL_NUMBER_BYTES];
  size_t n = sharers(c, m, national, cands, full, &code_len);
  for (size_t i = 0; i < n; i++) {
    const struct country *cand = &c->items[cands[i]];
    const struct market_rules *cm =
        strcmp(cand->code, m->code) ? rules_market(rules, cand->code) : NULL;
    if (cm && cm->phone_region && phone_region_match(rules, cm, national, len, match) == 1) {
      name_other_country(row, c, &cands[i], m, national, full, code_len);
      return true;
    }
  }
  return false;
}

/* A national number that fails the market's own plan, in a market whose calling code other
 * countries share: the country whose plan it fits. */
static void shared_code(const struct rules *rules, pcre2_match_data *match,
                        const struct market_rules *m, struct row *row, const char *national)
{
  const struct countries *c = rules_countries(rules);
  size_t cands[MAX_CANDIDATES], code_len = 0;
  char full[FULL_NUMBER_BYTES];
  size_t n = sharers(c, m, national, cands, full, &code_len);
  /* A longer code (1876) names its country; the same code is shared: the plans decide. */
  bool same = code_len == strlen(m->calling_codes[0]);
  size_t kept = fitting(rules, match, c, m->code, cands, n, national, strlen(national), same);
  if (kept)
    name_other_country(row, c, cands, m, national, full, code_len);
}

static void phone_country(const struct rules *rules, pcre2_match_data *match,
                          const struct market_rules *m, struct row *row)
{
  const char *phone = row->value[FIELD_PHONE];
  if (!phone || !*phone)
    return;
  if (phone[0] == '+' && phone[1] >= '0' && phone[1] <= '9')
    foreign_code(rules, match, m, row, phone);
  else if (m->ncalling_codes == 0 || strspn(phone, "0123456789") != strlen(phone))
    return;
  else if (has_error(row, FIELD_PHONE)) /* the plans of the code's countries decide */
    shared_code(rules, match, m, row, phone);
  else if (m->phone_region) /* a valid number of the shared plan: whose region's? */
    (void)other_region(rules, match, m, row, phone);
}

void crosschecks_run(const struct rules *rules, pcre2_match_data *match,
                     const struct market_rules *m, struct row *row)
{
  if (m->postal_prefixes)
    state_and_postal(match, m, row);
  phone_country(rules, match, m, row);
}
