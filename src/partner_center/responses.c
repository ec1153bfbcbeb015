/* Partner Center response bodies -> plain structs. Each parser parses the body once
 * (pc_json_parse: BOM-tolerant, whole-body), looks members up case-insensitively with type
 * checks, and copies the strings it returns into the caller's arena before freeing the tree.
 * A body of the wrong shape is CSP_E_PROTOCOL; nothing here logs, since a created customer's
 * body carries the new admin's password. */
#include "partner_center/responses.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/errors.h"
#include "partner_center/pc_json.h"

/* An error body is a few hundred bytes: this holds its code and message. */
#define PC_ERROR_ARENA_BYTES (64 * 1024)

/* "" for NULL, so callers of the struct need no NULL checks where we promise a string. */
static const char *or_empty(const char *s)
{
  return s ? s : "";
}

/* The code and description of the error shapes, looked up in order of likelihood. */
static void error_fields(struct arena *a, const cJSON *root, const char **code, const char **text)
{
  const cJSON *nested = pc_json_object(root, "error");
  if ((*code = pc_json_scalar(a, root, "code")) != NULL) {
    *text = pc_json_string(root, "description");
    if (!*text)
      *text = pc_json_string(root, "message");
  } else if ((*code = pc_json_scalar(a, root, "statusCode")) != NULL) {
    *text = pc_json_string(root, "message");
  } else if ((*code = pc_json_string(root, "error")) != NULL) {
    *text = pc_json_string(root, "error_description");
  } else if (nested && (*code = pc_json_scalar(a, nested, "code")) != NULL) {
    *text = pc_json_string(nested, "message");
  }
}

int pc_parse_error(const char *body, size_t len, struct arena *a, struct pc_api_error *err)
{
  int rc = CSP_E_PROTOCOL;
  const char *code = NULL, *text = NULL;
  cJSON *root = pc_json_parse(body, len);
  err->code = err->description = "";
  error_fields(a, root, &code, &text);
  if (!code)
    goto out;
  rc = pc_json_copy(a, code, &err->code);
  if (rc == CSP_E_OK)
    rc = pc_json_copy(a, or_empty(text), &err->description);
out:
  cJSON_Delete(root);
  return rc;
}

void pc_error_code(const char *body, size_t len, char *code, size_t cap)
{
  struct arena a;
  arena_init(&a, PC_ERROR_ARENA_BYTES);
  struct pc_api_error err = {0};
  code[0] = '\0';
  if (!pc_parse_error(body, len, &a, &err) && err.code)
    (void)snprintf(code, cap, "%s", err.code);
  arena_release(&a);
}

bool pc_error_is_mca_already_attested(const struct pc_api_error *err)
{
  return err->code && strcmp(err->code, "600061") == 0;
}

/* A customer's tenant id: companyProfile.tenantId, or its id (they are the same GUID). */
static const char *tenant_or_id(const cJSON *company, const char *id)
{
  const char *tenant = pc_json_string(company, "tenantId");
  return tenant && tenant[0] ? tenant : id;
}

int pc_parse_created_customer(const char *body, size_t len, struct arena *a,
                              struct pc_created_customer *out)
{
  int rc = CSP_E_PROTOCOL;
  memset(out, 0, sizeof(*out));
  cJSON *root = pc_json_parse(body, len);
  const char *id = pc_json_string(root, "id");
  const cJSON *company = pc_json_object(root, "companyProfile");
  const cJSON *creds = pc_json_object(root, "userCredentials");
  if (!id || !id[0])
    goto out;
  if ((rc = pc_json_copy(a, id, &out->customer_id)) != CSP_E_OK ||
      (rc = pc_json_copy(a, tenant_or_id(company, id), &out->tenant_id)) != CSP_E_OK ||
      (rc = pc_json_copy(a, pc_json_string(company, "domain"), &out->domain)) != CSP_E_OK ||
      (rc = pc_json_copy(a, pc_json_string(creds, "userName"), &out->admin_user)) != CSP_E_OK)
    goto out;
  rc = pc_json_copy(a, pc_json_string(creds, "password"), &out->admin_password);
out:
  cJSON_Delete(root);
  return rc;
}

/* Calls fn for each item with an id; returns fn's first non-zero result, or 0. */
static int walk_customers(const cJSON *items, pc_customer_fn fn, void *ctx)
{
  const cJSON *item;
  cJSON_ArrayForEach(item, items)
  {
    const cJSON *company = pc_json_object(item, "companyProfile");
    const char *id = pc_json_string(item, "id");
    if (!id || !id[0])
      continue;
    struct pc_customer c = {id, tenant_or_id(company, id),
                            or_empty(pc_json_string(company, "domain")),
                            or_empty(pc_json_string(company, "companyName"))};
    int rc = fn(ctx, &c);
    if (rc != 0)
      return rc;
  }
  return CSP_E_OK;
}

/* Copies one {"key": …, "value": …} of a link into the next free header slot. */
static int copy_link_header(struct arena *a, const cJSON *h, struct pc_link *link)
{
  const char *key = pc_json_string(h, "key");
  const char *value = pc_json_string(h, "value");
  if (!key || !value || link->nheaders >= PC_LINK_MAX_HEADERS)
    return CSP_E_PROTOCOL;
  struct http_header *slot = &link->headers[link->nheaders];
  int rc = pc_json_copy(a, key, &slot->name);
  if (rc == CSP_E_OK)
    rc = pc_json_copy(a, value, &slot->value);
  if (rc == CSP_E_OK)
    link->nheaders++;
  return rc;
}

/* Fills link from links.next of root, or leaves it empty (uri NULL) when there is none. */
static int parse_next_link(const cJSON *root, struct arena *a, struct pc_link *link)
{
  const cJSON *next = pc_json_object(pc_json_object(root, "links"), "next");
  const char *uri = pc_json_string(next, "uri");
  const char *method = pc_json_string(next, "method");
  if (!uri || !uri[0])
    return CSP_E_OK;
  int rc = pc_json_copy(a, method ? method : "GET", &link->method);
  const cJSON *h;
  cJSON_ArrayForEach(h, cJSON_GetObjectItem(next, "headers"))
  {
    if (rc == CSP_E_OK)
      rc = copy_link_header(a, h, link);
  }
  if (rc == CSP_E_OK)
    rc = pc_json_copy(a, uri, &link->uri);
  return rc;
}

int pc_parse_customer_page(const char *body, size_t len, pc_customer_fn fn, void *ctx,
                           struct arena *a, struct pc_link *next)
{
  int rc = CSP_E_PROTOCOL;
  memset(next, 0, sizeof(*next));
  cJSON *root = pc_json_parse(body, len);
  const cJSON *items = pc_json_array(root, "items");
  if (!items)
    goto out;
  rc = parse_next_link(root, a, next);
  if (rc == CSP_E_OK)
    rc = walk_customers(items, fn, ctx);
  if (rc != CSP_E_OK)
    memset(next, 0, sizeof(*next));
out:
  cJSON_Delete(root);
  return rc;
}

int pc_parse_customer_users(const char *body, size_t len, pc_customer_user_fn fn, void *ctx)
{
  cJSON *root = pc_json_parse(body, len);
  const cJSON *items = pc_json_array(root, "items");
  int rc = items ? CSP_E_OK : CSP_E_PROTOCOL;
  const cJSON *item;
  cJSON_ArrayForEach(item, items)
  {
    const char *id = pc_json_string(item, "id");
    if (rc || !id || !id[0])
      continue;
    struct pc_customer_user u = {id, or_empty(pc_json_string(item, "userPrincipalName"))};
    rc = fn(ctx, &u);
  }
  cJSON_Delete(root);
  return rc;
}

int pc_parse_organization_profile(const char *body, size_t len, struct arena *a,
                                  struct pc_org_profile *out)
{
  cJSON *root = pc_json_parse(body, len);
  const char *company = pc_json_string(root, "companyName");
  const char *country = pc_json_string(pc_json_object(root, "defaultAddress"), "country");
  int rc = company || country ? pc_json_copy(a, company, &out->company_name) : CSP_E_PROTOCOL;
  if (!rc)
    rc = pc_json_copy(a, country, &out->country);
  cJSON_Delete(root);
  return rc;
}

int pc_parse_relationship_link(const char *body, size_t len, struct arena *a, const char **url)
{
  cJSON *root = pc_json_parse(body, len);
  const char *found = pc_json_string(root, "url");
  int rc = found && found[0] ? pc_json_copy(a, found, url) : CSP_E_PROTOCOL;
  cJSON_Delete(root);
  return rc;
}

int pc_parse_agreement_template(const char *body, size_t len, struct arena *a,
                                const char **template_id)
{
  int rc = CSP_E_PROTOCOL;
  cJSON *root = pc_json_parse(body, len);
  const cJSON *items = pc_json_array(root, "items");
  const cJSON *item;
  if (!items)
    goto out;
  rc = CSP_E_NOT_FOUND;
  cJSON_ArrayForEach(item, items)
  {
    const char *type = pc_json_string(item, "agreementType");
    const char *id = pc_json_string(item, "templateId");
    if (id && id[0] && (!type || strcasecmp(type, "MicrosoftCustomerAgreement") == 0)) {
      rc = pc_json_copy(a, id, template_id);
      break;
    }
  }
out:
  cJSON_Delete(root);
  return rc;
}

/* Appends part to the one-line address in *line (", " between parts); skips empty parts. */
static int append_part(struct arena *a, const char **line, const char *part)
{
  if (!part || !part[0])
    return CSP_E_OK;
  const char *joined = *line ? arena_printf(a, "%s, %s", *line, part) : arena_strdup(a, part);
  if (!joined)
    return CSP_E_LIMIT;
  *line = joined;
  return CSP_E_OK;
}

/* "1 Microsoft Way, Redmond, WA 98052, US" from an address object; NULL when it is empty. */
static int format_address(struct arena *a, const cJSON *addr, const char **out)
{
  const char *state = or_empty(pc_json_string(addr, "state"));
  const char *postal = or_empty(pc_json_string(addr, "postalCode"));
  const char *region = arena_printf(a, "%s%s%s", state, state[0] && postal[0] ? " " : "", postal);
  const char *parts[] = {pc_json_string(addr, "addressLine1"),
                         pc_json_string(addr, "addressLine2"),
                         pc_json_string(addr, "addressLine3"),
                         pc_json_string(addr, "city"),
                         region,
                         pc_json_string(addr, "country")};
  int rc = region ? CSP_E_OK : CSP_E_LIMIT;
  *out = NULL;
  for (size_t i = 0; rc == CSP_E_OK && i < sizeof(parts) / sizeof(parts[0]); i++)
    rc = append_part(a, out, parts[i]);
  return rc;
}

int pc_parse_address_check(const char *body, size_t len, struct arena *a,
                           struct pc_address_check *out)
{
  int rc = CSP_E_PROTOCOL;
  memset(out, 0, sizeof(*out));
  cJSON *root = pc_json_parse(body, len);
  const char *status = pc_json_string(root, "status");
  const cJSON *suggestions = pc_json_array(root, "suggestedAddresses");
  const cJSON *first = cJSON_GetArrayItem(suggestions, 0);
  if (!status || !status[0])
    goto out;
  out->verified =
      strcasecmp(status, "VerifiedShippable") == 0 || strcasecmp(status, "Verified") == 0;
  if ((rc = pc_json_copy(a, status, &out->status)) != CSP_E_OK ||
      (rc = pc_json_copy(a, pc_json_string(root, "validationMessage"), &out->message)) != CSP_E_OK)
    goto out;
  if (cJSON_IsObject(first))
    rc = format_address(a, first, &out->suggested);
out:
  cJSON_Delete(root);
  return rc;
}

enum pc_domain_state pc_domain_state_from_status(int status)
{
  if (status >= 200 && status < 300)
    return PC_DOMAIN_TAKEN;
  if (status == 404)
    return PC_DOMAIN_FREE;
  return PC_DOMAIN_UNKNOWN;
}

static const char *string_or_empty(struct arena *a, const cJSON *obj, const char *key)
{
  const char *s = pc_json_string(obj, key);
  const char *copy = NULL;
  return pc_json_copy(a, s ? s : "", &copy) ? NULL : copy;
}

static bool flag(const cJSON *obj, const char *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!item)
    item = cJSON_GetObjectItem(obj, key);
  return cJSON_IsTrue(item);
}

/* Copies the strings of array key (others skipped). Returns 0 or CSP_E_LIMIT. */
static int strings(struct arena *a, const cJSON *obj, const char *key, struct pc_strings *out)
{
  const cJSON *array = pc_json_array(obj, key), *item;
  out->n = 0;
  out->items = arena_alloc(a, (size_t)(array ? cJSON_GetArraySize(array) : 0) * sizeof(char *) +
                                  sizeof(char *));
  if (!out->items)
    return CSP_E_LIMIT;
  cJSON_ArrayForEach(item, array)
  {
    const char *value = cJSON_GetStringValue(item);
    if (value && pc_json_copy(a, value, &out->items[out->n++]))
      return CSP_E_LIMIT;
  }
  return CSP_E_OK;
}

/* Two ASCII letters: a market code, safe in a file name. */
static bool is_market_code(const char *s)
{
  return s && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) && !s[2] &&
         !((unsigned char)s[0] & 0x80) && !((unsigned char)s[1] & 0x80);
}

int pc_parse_country_rules(const char *body, size_t len, struct arena *a,
                           struct pc_country_rules *out)
{
  memset(out, 0, sizeof(*out));
  cJSON *root = pc_json_parse(body, len);
  int rc = CSP_E_PROTOCOL;
  if (!cJSON_IsObject(root) || !is_market_code(pc_json_string(root, "iso2Code")))
    goto out; /* the code names a file (rules sync): two letters, nothing else */
  out->iso2 = string_or_empty(a, root, "iso2Code");
  out->default_culture = string_or_empty(a, root, "defaultCulture");
  out->postal_regex = string_or_empty(a, root, "postalCodeRegex");
  out->phone_regex = string_or_empty(a, root, "phoneNumberRegex");
  out->registration_regex = string_or_empty(a, root, "customerOrganizationRegistrationNumberRegex");
  out->registration_sample =
      string_or_empty(a, root, "customerOrganizationRegistrationNumberSample");
  out->state_required = flag(root, "isStateRequired");
  out->postal_required = flag(root, "isPostalCodeRequired");
  out->city_required = flag(root, "isCityRequired");
  out->registration_required = flag(root, "customerOrganizationRegistrationNumberRequired");
  out->phone_required = flag(root, "customerOrganizationPhoneNumberRequired");
  rc = CSP_E_LIMIT;
  if (!out->iso2 || !out->default_culture || !out->postal_regex || !out->phone_regex ||
      !out->registration_regex || !out->registration_sample ||
      strings(a, root, "supportedStatesList", &out->states) ||
      strings(a, root, "supportedCulturesList", &out->cultures) ||
      strings(a, root, "supportedLanguagesList", &out->languages) ||
      strings(a, root, "countryCallingCodesList", &out->calling_codes))
    goto out;
  rc = CSP_E_OK;
out:
  cJSON_Delete(root);
  return rc;
}
