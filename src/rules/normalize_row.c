/* Row clean-up before validation: whitespace, case, the UK/GB slip, the .onmicrosoft.com
 * suffix, and SPEC §7's auto rule: a tenant_id, or a domain that is not an .onmicrosoft.com
 * prefix, means invite; anything else means create. Runs on every row: a value that needs
 * nothing (the common case) is neither copied nor scanned twice. Case changes are ASCII only,
 * as toupper and tolower are in the C locale the program runs in (it never calls
 * setlocale). */
#include "rules/normalize_row.h"

#include <stdio.h>
#include <string.h>

#include "base/text_edges.h"

#define ONMICROSOFT ".onmicrosoft.com"

/* Trims ASCII white space and UTF-8 no-break spaces (text_edges.h) off both ends. */
static const char *trimmed(struct row *row, const char *s)
{
  if (!*s)
    return s; /* many fields are empty */
  size_t len = strlen(s), start = 0, cut;
  while ((cut = text_leading_space(s + start, len - start)) > 0)
    start += cut;
  while ((cut = text_trailing_space(s + start, len - start)) > 0)
    len -= cut;
  if (start == 0 && s[len] == '\0')
    return s;
  const char *copy = arena_strndup(&row->arena, s + start, len - start);
  return copy ? copy : s;
}

/* The ASCII letters that change case: lower-case ones to make upper, and the reverse. */
static bool changes_case(char c, bool upper)
{
  return upper ? c >= 'a' && c <= 'z' : c >= 'A' && c <= 'Z';
}

static void change_case(struct row *row, enum field_id f, bool upper)
{
  const char *s = row_get(row, f);
  const char *p = s;
  while (*p && !changes_case(*p, upper))
    p++;
  if (!*p)
    return;
  char *copy = arena_strdup(&row->arena, s);
  if (!copy)
    return;
  for (char *q = copy + (p - s); *q; q++)
    if (changes_case(*q, upper))
      *q = (char)(*q ^ 0x20); /* ASCII letters differ in case by this bit */
  row->value[f] = copy;
}

static bool ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

static void resolve_action(struct row *row)
{
  const char *action = row_get(row, FIELD_ACTION);
  const char *domain = row_get(row, FIELD_DOMAIN);
  if (!strcmp(action, "create")) {
    row->action = ACTION_CREATE;
  } else if (!strcmp(action, "invite")) {
    row->action = ACTION_INVITE;
  } else {
    if (*action && strcmp(action, "auto"))
      row_add_violation(row, FIELD_ACTION, VIOLATION_NOT_IN_LIST, false,
                        "action %s is not one of create, invite, auto (or empty)", action);
    bool existing_domain = strchr(domain, '.') && !ends_with(domain, ONMICROSOFT);
    row->action =
        (*row_get(row, FIELD_TENANT_ID) || existing_domain) ? ACTION_INVITE : ACTION_CREATE;
  }
}

static void strip_onmicrosoft(struct row *row)
{
  const char *domain = row_get(row, FIELD_DOMAIN);
  if (!ends_with(domain, ONMICROSOFT))
    return;
  const char *prefix = arena_strndup(&row->arena, domain, strlen(domain) - strlen(ONMICROSOFT));
  if (prefix)
    row->value[FIELD_DOMAIN] = prefix;
}

/* A code (2 or 3 letters) is upper-cased here; a longer value is a country's name, which the
 * validator looks up as written (rules/row_country.c) so that its warning quotes it. */
static void fix_country(struct row *row)
{
  if (strlen(row_get(row, FIELD_COUNTRY)) <= 3)
    change_case(row, FIELD_COUNTRY, true);
  if (!strcmp(row_get(row, FIELD_COUNTRY), "UK")) {
    row->value[FIELD_COUNTRY] = "GB";
    row_add_violation(row, FIELD_COUNTRY, VIOLATION_FORMAT, true,
                      "country UK was read as GB, the ISO 3166 code Partner Center expects");
  }
}

void normalize_row(struct row *row)
{
  for (int f = 0; !row->cells_trimmed && f < FIELD_COUNT; f++)
    row->value[f] = row->value[f] ? trimmed(row, row->value[f]) : ""; /* row_get, inline */
  fix_country(row);
  change_case(row, FIELD_DOMAIN, false);
  change_case(row, FIELD_TENANT_ID, false);
  change_case(row, FIELD_ACTION, false);
  resolve_action(row);
  if (row->action == ACTION_CREATE) {
    strip_onmicrosoft(row);
    if (*row_get(row, FIELD_TENANT_ID))
      row_add_violation(row, FIELD_TENANT_ID, VIOLATION_FORBIDDEN, false,
                        "tenant_id is set on a create row: a customer that already has a "
                        "tenant is invited (action invite), not created");
  }
}

/* Joins up to three pieces into out; false when they do not fit. (Called for every row: no
 * printf.) */
static bool join3(char *out, size_t cap, const char *a, const char *b, const char *c)
{
  size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
  if (la + lb + lc + 1 > cap)
    return false;
  memcpy(out, a, la);
  memcpy(out + la, b, lb);
  memcpy(out + la + lb, c, lc + 1);
  return true;
}

bool row_identity(const struct row *row, char *out, size_t cap)
{
  const char *tenant = row_get(row, FIELD_TENANT_ID);
  const char *domain = row_get(row, FIELD_DOMAIN);
  if (row->action == ACTION_INVITE && *tenant)
    return join3(out, cap, "tenant:", tenant, "");
  if (row->action == ACTION_CREATE && *domain)
    return join3(out, cap, "domain:", domain, ONMICROSOFT);
  if (*domain)
    return join3(out, cap, "domain:", domain, "");
  return false;
}
