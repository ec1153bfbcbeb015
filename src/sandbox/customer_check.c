/* Server-side rules of POST /v1/customers, checked in a fixed order; the first failure is the
 * reply, as Partner Center reports one error per call. The order: shape and required
 * properties (400 3000), country code (3000), market group (403 2030), lengths and formats
 * (3000), postal code and state (3000), culture and language (3000), registration number
 * (600049 missing, 600050 format, 600002 not taken), phone (600051 missing, 3000 format),
 * associated partner (800016). */
#include "sandbox/customer_check.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sandbox/http.h"
#include "sandbox/ids.h"

#define ONMICROSOFT ".onmicrosoft.com"
#define PREFIX_MAX 27

struct create_body {
  const cJSON *company, *billing, *address;
};

static int fail(struct sb_check_error *err, int status, long code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(struct sb_check_error *err, int status, long code, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->description, sizeof(err->description), fmt, ap);
  va_end(ap);
  err->status = status;
  err->code = code;
  return 1;
}

static const char *str_or_empty(const cJSON *obj, const char *key)
{
  const char *s = sb_json_str(obj, key);
  return s ? s : "";
}

struct required {
  int where; /* 0 CompanyProfile, 1 BillingProfile, 2 DefaultAddress */
  const char *key;
};

static const char *const where_names[] = {"CompanyProfile", "BillingProfile",
                                          "BillingProfile.DefaultAddress"};

static const struct required required_fields[] = {
    {0, "Domain"},    {1, "Email"},    {1, "Culture"},      {1, "Language"}, {1, "CompanyName"},
    {2, "FirstName"}, {2, "LastName"}, {2, "AddressLine1"}, {2, "City"},     {2, "Country"},
};

static int check_shape(const cJSON *body, struct create_body *b, struct sb_check_error *err)
{
  b->company = cJSON_GetObjectItem(body, "CompanyProfile");
  b->billing = cJSON_GetObjectItem(body, "BillingProfile");
  b->address = cJSON_GetObjectItem(b->billing, "DefaultAddress");
  const cJSON *parts[] = {b->company, b->billing, b->address};
  for (int i = 0; i < 3; i++)
    if (!cJSON_IsObject(parts[i]))
      return fail(err, 400, 3000, "The property '%s' is required.", where_names[i]);
  for (size_t i = 0; i < sizeof(required_fields) / sizeof(required_fields[0]); i++) {
    const struct required *r = &required_fields[i];
    const char *v = str_or_empty(parts[r->where], r->key);
    bool blank = true;
    for (const char *p = v; *p && blank; p++)
      blank = isspace((unsigned char)*p);
    if (blank)
      return fail(err, 400, 3000, "The property '%s.%s' is required.", where_names[r->where],
                  r->key);
  }
  return 0;
}

struct limit {
  int where;
  const char *key;
  size_t min, max;
};

static const struct limit limits[] = {
    {2, "FirstName", 1, 50},     {2, "MiddleName", 0, 50},    {2, "LastName", 1, 50},
    {2, "AddressLine1", 1, 200}, {2, "AddressLine2", 0, 200}, {2, "AddressLine3", 0, 200},
    {2, "City", 1, 100},         {1, "CompanyName", 1, 255},  {1, "Email", 3, 254},
};

static size_t utf8_chars(const char *s)
{
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static int check_limits(const struct create_body *b, struct sb_check_error *err)
{
  const cJSON *parts[] = {b->company, b->billing, b->address};
  for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
    const struct limit *l = &limits[i];
    size_t n = utf8_chars(str_or_empty(parts[l->where], l->key));
    if (n < l->min || n > l->max)
      return fail(err, 400, 3000,
                  "The property '%s.%s' must be between %zu and %zu characters long.",
                  where_names[l->where], l->key, l->min, l->max);
  }
  const char *email = str_or_empty(b->billing, "Email");
  const char *at = strchr(email, '@');
  if (!at || at == email || !strchr(at, '.') || strchr(email, ' ') ||
      !strcasecmp(at, "@microsoft.com"))
    return fail(err, 400, 3000,
                "The property 'BillingProfile.Email' is not a valid email address.");
  return 0;
}

int sb_customer_domain(const char *requested, char *out, unsigned long size)
{
  size_t len = strlen(requested), suffix = strlen(ONMICROSOFT);
  bool full = len > suffix && !strcasecmp(requested + len - suffix, ONMICROSOFT);
  size_t prefix = full ? len - suffix : len;
  if (prefix == 0 || prefix > PREFIX_MAX)
    return 1;
  for (size_t i = 0; i < prefix; i++)
    if (!isalnum((unsigned char)requested[i]))
      return 1;
  if ((size_t)snprintf(out, size, "%.*s%s", (int)prefix, requested, ONMICROSOFT) >= size)
    return 1;
  for (char *p = out; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return 0;
}

static int check_market(const struct sb_patterns *pats, const struct sb_market *m,
                        const struct create_body *b, struct sb_check_error *err)
{
  const char *postal = str_or_empty(b->address, "PostalCode");
  const char *state = str_or_empty(b->address, "State");
  if (m->postal_required && !*postal)
    return fail(err, 400, 3000,
                "The property 'BillingProfile.DefaultAddress.PostalCode' is "
                "required in %s.",
                m->iso2);
  if (*postal && !sb_patterns_match(pats, m, SB_PAT_POSTAL, postal))
    return fail(err, 400, 3000, "The postal code '%s' is not valid for %s (expected %s).", postal,
                m->iso2, m->postal_regex);
  if (m->state_required && !*state)
    return fail(err, 400, 3000,
                "The property 'BillingProfile.DefaultAddress.State' is "
                "required in %s.",
                m->iso2);
  if (*state && *m->states && !sb_list_has(m->states, state))
    return fail(err, 400, 3000, "The state '%s' is not a state of %s.", state, m->iso2);
  if (!sb_list_has(m->cultures, str_or_empty(b->billing, "Culture")))
    return fail(err, 400, 3000, "The culture '%s' is not supported in %s (supported: %s).",
                str_or_empty(b->billing, "Culture"), m->iso2, m->cultures);
  if (!sb_list_has(m->languages, str_or_empty(b->billing, "Language")))
    return fail(err, 400, 3000, "The language '%s' is not supported in %s (supported: %s).",
                str_or_empty(b->billing, "Language"), m->iso2, m->languages);
  return 0;
}

static int check_regnum_phone(const struct sb_patterns *pats, const struct sb_market *m,
                              const struct create_body *b, struct sb_check_error *err)
{
  const char *reg = str_or_empty(b->company, "OrganizationRegistrationNumber");
  const char *phone = str_or_empty(b->address, "PhoneNumber");
  if (m->regnum_required && !*reg)
    return fail(err, 400, 600049, "Organization registration number is required for %s.", m->iso2);
  if (m->regnum_required && !sb_patterns_match(pats, m, SB_PAT_REGNUM, reg))
    return fail(err, 400, 600050,
                "Organization registration number is invalid for %s; it must match %s.", m->iso2,
                m->regnum_regex);
  if (!m->regnum_required && *reg)
    return fail(err, 400, 600002, "Organization registration number is not supported for %s.",
                m->iso2);
  if (m->phone_required && !*phone)
    return fail(err, 400, 600051, "Phone number is required for %s.", m->iso2);
  if (*phone && !sb_patterns_match(pats, m, SB_PAT_PHONE, phone))
    return fail(err, 400, 3000, "The phone number '%s' is not valid for %s.", phone, m->iso2);
  return 0;
}

int sb_customer_check(const struct sb_patterns *pats, const char *partner_market, const cJSON *body,
                      struct sb_check_error *err)
{
  struct create_body b;
  char domain[128];
  memset(err, 0, sizeof(*err));
  if (check_shape(body, &b, err))
    return 1;
  const char *country = str_or_empty(b.address, "Country");
  if (!sb_country_known(country))
    return fail(err, 400, 3000, "The country '%s' is not an ISO 3166-1 alpha-2 code.", country);
  const char *group = sb_market_group(country);
  if (!group || strcmp(group, sb_market_group(partner_market)) != 0)
    return fail(err, 403, 2030, "Partner is not authorized to transact in the country/region '%s'.",
                country);
  if (check_limits(&b, err))
    return 1;
  if (sb_customer_domain(str_or_empty(b.company, "Domain"), domain, sizeof(domain)))
    return fail(err, 400, 3000,
                "The domain '%s' is not a valid onmicrosoft.com domain prefix "
                "(1-27 letters and digits).",
                str_or_empty(b.company, "Domain"));
  const struct sb_market *m = sb_market_find(country);
  if (m && (check_market(pats, m, &b, err) || check_regnum_phone(pats, m, &b, err)))
    return 1;
  const char *assoc = str_or_empty(body, "AssociatedPartnerId");
  if (*assoc && !sb_is_guid(assoc))
    return fail(err, 400, 800016,
                "The associated partner id '%s' is not a valid indirect "
                "reseller.",
                assoc);
  return 0;
}
