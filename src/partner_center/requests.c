/* Row -> Partner Center request. Each builder picks a method and a route, adds the headers
 * every call carries (Authorization, Accept, MS-RequestId, MS-CorrelationId, X-Locale) and,
 * for a POST, a compact JSON body built with cJSON and copied into the caller's arena, so
 * the request owns nothing and dies with the row. The JSON shapes are those of
 * /work/shared/partner-center.md: PascalCase in the create and address bodies, camelCase in
 * the MCA attestation, optional properties left out when the row has no value for them. */
#include "partner_center/requests.h"

#include <cjson/cJSON.h>
#include <string.h>
#include <strings.h>

#include "base/errors.h"
#include "http/url.h"

#define ONMICROSOFT_SUFFIX ".onmicrosoft.com"

/* The base URL's length without trailing slashes. */
static int base_len(const char *base)
{
  size_t n = strlen(base);
  while (n > 0 && base[n - 1] == '/')
    n--;
  return (int)n;
}

/* Sets method and URL ("{base}{path}") and adds the common headers. */
static int begin(const struct pc_call *call, const char *method, const char *path,
                 struct http_request *req)
{
  memset(req, 0, sizeof(*req));
  req->method = method;
  req->url = arena_printf(call->arena, "%.*s%s", base_len(call->base_url), call->base_url, path);
  const char *auth = arena_printf(call->arena, "Bearer %s", call->access_token);
  const char *rid = arena_strdup(call->arena, call->request_id);
  const char *cid = arena_strdup(call->arena, call->correlation_id);
  if (!req->url || !auth || !rid || !cid)
    return CSP_E_LIMIT;
  bool ok = http_request_add_header(req, "Authorization", auth) &&
            http_request_add_header(req, "Accept", "application/json") &&
            http_request_add_header(req, "MS-RequestId", rid) &&
            http_request_add_header(req, "MS-CorrelationId", cid) &&
            http_request_add_header(req, "X-Locale", "en-US");
  return ok ? CSP_E_OK : CSP_E_LIMIT;
}

/* Prints root compactly into the arena as the request body, adds Content-Type and frees root
 * (always, so callers can hand it over unconditionally). */
static int set_json_body(const struct pc_call *call, cJSON *root, struct http_request *req)
{
  int rc = CSP_E_NOMEM;
  char *json = root ? cJSON_PrintUnformatted(root) : NULL;
  if (!json)
    goto out;
  rc = CSP_E_LIMIT;
  size_t len = strlen(json);
  req->body = arena_strndup(call->arena, json, len);
  req->body_len = len;
  if (req->body && http_request_add_header(req, "Content-Type", "application/json"))
    rc = CSP_E_OK;
out:
  cJSON_free(json);
  cJSON_Delete(root);
  return rc;
}

/* Adds key: value to obj; false when cJSON is out of memory. */
static bool add_str(cJSON *obj, const char *key, const char *value)
{
  return obj && cJSON_AddStringToObject(obj, key, value) != NULL;
}

/* Adds key: value unless value is empty. */
static bool add_opt(cJSON *obj, const char *key, const char *value)
{
  return value[0] == '\0' || add_str(obj, key, value);
}

/* Adds the row's value of field f under key (always, or only when non-empty). */
static bool add_field(cJSON *obj, const char *key, const struct row *row, enum field_id f)
{
  return add_str(obj, key, row_get(row, f));
}

static bool add_opt_field(cJSON *obj, const char *key, const struct row *row, enum field_id f)
{
  return obj && add_opt(obj, key, row_get(row, f));
}

const char *pc_onmicrosoft_domain(struct arena *a, const char *domain)
{
  if (strchr(domain, '.'))
    return arena_strdup(a, domain);
  return arena_printf(a, "%s%s", domain, ONMICROSOFT_SUFFIX);
}

const char *pc_date_agreed(struct arena *a, const char *mca_accepted_at, time_t now_s)
{
  size_t n = strlen(mca_accepted_at);
  if (n == 10)
    return arena_printf(a, "%sT00:00:00Z", mca_accepted_at);
  if (n > 0)
    return arena_strdup(a, mca_accepted_at);
  struct tm tm;
  char buf[32];
  if (!gmtime_r(&now_s, &tm) || strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
    return NULL;
  return arena_strdup(a, buf);
}

/* Adds the postal part of an address (shared by a create's DefaultAddress and the address
 * validation body): AddressLine1..3, City, State, PostalCode, Country. */
static bool add_postal_address(cJSON *obj, const struct row *row)
{
  return add_field(obj, "AddressLine1", row, FIELD_ADDRESS_LINE1) &&
         add_opt_field(obj, "AddressLine2", row, FIELD_ADDRESS_LINE2) &&
         add_opt_field(obj, "AddressLine3", row, FIELD_ADDRESS_LINE3) &&
         add_field(obj, "City", row, FIELD_CITY) && add_opt_field(obj, "State", row, FIELD_STATE) &&
         add_field(obj, "PostalCode", row, FIELD_POSTAL_CODE) &&
         add_field(obj, "Country", row, FIELD_COUNTRY);
}

/* The BillingProfile.DefaultAddress object of a create. */
static cJSON *default_address(const struct row *row)
{
  cJSON *addr = cJSON_CreateObject();
  bool ok = add_field(addr, "FirstName", row, FIELD_FIRST_NAME) &&
            add_opt_field(addr, "MiddleName", row, FIELD_MIDDLE_NAME) &&
            add_field(addr, "LastName", row, FIELD_LAST_NAME) && add_postal_address(addr, row) &&
            add_opt_field(addr, "PhoneNumber", row, FIELD_PHONE);
  if (ok)
    return addr;
  cJSON_Delete(addr);
  return NULL;
}

/* The create body; NULL when out of memory. domain is the full .onmicrosoft.com domain. */
static cJSON *create_body(const struct row *row, const struct pc_create_options *opt,
                          const char *domain)
{
  /* Keys in the documented order: a reader diffing a request against the docs sees no noise. */
  cJSON *root = cJSON_CreateObject();
  bool ok = cJSON_AddBoolToObject(root, "enableGDAPByDefault", opt->enable_gdap_by_default) &&
            (!opt->indirect_provider ||
             add_opt_field(root, "AssociatedPartnerId", row, FIELD_ASSOCIATED_PARTNER_ID));
  cJSON *company = ok ? cJSON_AddObjectToObject(root, "CompanyProfile") : NULL;
  cJSON *billing = company ? cJSON_AddObjectToObject(root, "BillingProfile") : NULL;
  ok = ok && add_str(company, "Domain", domain) &&
       add_opt_field(company, "OrganizationRegistrationNumber", row, FIELD_ORG_REG_NUMBER) &&
       add_field(billing, "Email", row, FIELD_EMAIL) &&
       add_field(billing, "Culture", row, FIELD_CULTURE) &&
       add_field(billing, "Language", row, FIELD_LANGUAGE) &&
       add_field(billing, "CompanyName", row, FIELD_COMPANY_NAME);
  cJSON *addr = ok ? default_address(row) : NULL;
  if (addr && cJSON_AddItemToObject(billing, "DefaultAddress", addr))
    return root;
  cJSON_Delete(addr);
  cJSON_Delete(root);
  return NULL;
}

int pc_request_create_customer(const struct pc_call *call, const struct row *row,
                               const struct pc_create_options *opt, struct http_request *req)
{
  int rc = begin(call, "POST", "/v1/customers", req);
  if (rc != CSP_E_OK)
    return rc;
  const char *domain = pc_onmicrosoft_domain(call->arena, row_get(row, FIELD_DOMAIN));
  if (!domain)
    return CSP_E_LIMIT;
  return set_json_body(call, create_body(row, opt, domain), req);
}

int pc_request_domain_check(const struct pc_call *call, const char *domain,
                            struct http_request *req)
{
  const char *full = pc_onmicrosoft_domain(call->arena, domain);
  const char *escaped = full ? http_url_escape(call->arena, full) : NULL;
  const char *path = escaped ? arena_printf(call->arena, "/v1/domains/%s", escaped) : NULL;
  if (!path)
    return CSP_E_LIMIT;
  return begin(call, "HEAD", path, req);
}

int pc_request_validate_address(const struct pc_call *call, const struct row *row,
                                struct http_request *req)
{
  int rc = begin(call, "POST", "/v1/validations/address", req);
  if (rc != CSP_E_OK)
    return rc;
  cJSON *root = cJSON_CreateObject();
  bool ok = add_postal_address(root, row);
  if (!ok) {
    cJSON_Delete(root);
    return CSP_E_NOMEM;
  }
  return set_json_body(call, root, req);
}

int pc_request_customers_page(const struct pc_call *call, int size, struct http_request *req)
{
  const char *path = arena_printf(call->arena, "/v1/customers?size=%d", size);
  return path ? begin(call, "GET", path, req) : CSP_E_LIMIT;
}

/* {"Field":…,"Value":…,"Operator":"starts_with"} URL-escaped into the arena; NULL on failure. */
static const char *filter_param(struct arena *a, enum pc_filter_field field, const char *value)
{
  const char *escaped = NULL;
  cJSON *f = cJSON_CreateObject();
  bool ok = add_str(f, "Field", field == PC_FILTER_DOMAIN ? "Domain" : "CompanyName") &&
            add_str(f, "Value", value) && add_str(f, "Operator", "starts_with");
  char *json = ok ? cJSON_PrintUnformatted(f) : NULL;
  if (json)
    escaped = http_url_escape(a, json);
  cJSON_free(json);
  cJSON_Delete(f);
  return escaped;
}

int pc_request_customers_filter(const struct pc_call *call, enum pc_filter_field field,
                                const char *value, int size, struct http_request *req)
{
  const char *filter = filter_param(call->arena, field, value);
  const char *path =
      filter ? arena_printf(call->arena, "/v1/customers?size=%d&filter=%s", size, filter) : NULL;
  return path ? begin(call, "GET", path, req) : CSP_E_LIMIT;
}

static bool has_crlf(const char *s)
{
  return s && strpbrk(s, "\r\n") != NULL;
}

/* The path (relative to the base) or full URL a link's uri stands for. */
static const char *link_target(struct arena *a, const char *uri)
{
  if (strncmp(uri, "/v1/", 4) == 0)
    return arena_strdup(a, uri);
  return arena_printf(a, "/v1%s%s", uri[0] == '/' ? "" : "/", uri);
}

/* True when the absolute uri points at the same scheme, host and port as base: the bearer
 * token must never follow a link to another origin. */
static bool same_origin(const char *base, const char *uri)
{
  const char *host = strstr(base, "://");
  if (!host)
    return false;
  size_t origin = (size_t)(host + 3 - base) + strcspn(host + 3, "/?#");
  return strncasecmp(base, uri, origin) == 0 && strchr("/?#", uri[origin]) != NULL;
}

int pc_request_follow_link(const struct pc_call *call, const struct pc_link *link,
                           struct http_request *req)
{
  if (!link->uri || has_crlf(link->uri) || has_crlf(link->method))
    return CSP_E_PROTOCOL;
  const char *method = arena_strdup(call->arena, link->method ? link->method : "GET");
  bool absolute = http_url_is_absolute(link->uri);
  if (absolute && !same_origin(call->base_url, link->uri))
    return CSP_E_PROTOCOL;
  const char *target = absolute ? link->uri : link_target(call->arena, link->uri);
  if (!method || !target)
    return CSP_E_LIMIT;
  int rc = begin(call, method, absolute ? "" : target, req);
  if (rc != CSP_E_OK)
    return rc;
  if (absolute && !(req->url = arena_strdup(call->arena, link->uri)))
    return CSP_E_LIMIT;
  for (size_t i = 0; i < link->nheaders; i++) {
    const struct http_header *h = &link->headers[i];
    if (has_crlf(h->name) || has_crlf(h->value) || strchr(h->name, ':'))
      return CSP_E_PROTOCOL;
    const char *name = arena_strdup(call->arena, h->name);
    const char *value = arena_strdup(call->arena, h->value);
    if (!name || !value || !http_request_add_header(req, name, value))
      return CSP_E_LIMIT;
  }
  return CSP_E_OK;
}

int pc_request_relationship_link(const struct pc_call *call, struct http_request *req)
{
  return begin(call, "GET", "/v1/customers/relationshiprequests", req);
}

int pc_request_organization_profile(const struct pc_call *call, struct http_request *req)
{
  return begin(call, "GET", "/v1/profiles/organization", req);
}

int pc_request_country_rules(const struct pc_call *call, const char *country,
                             struct http_request *req)
{
  const char *cc = http_url_escape(call->arena, country);
  const char *path = cc ? arena_printf(call->arena, "/v1/countryvalidationrules/%s", cc) : NULL;
  return path ? begin(call, "GET", path, req) : CSP_E_LIMIT;
}

int pc_request_agreement_templates(const struct pc_call *call, struct http_request *req)
{
  return begin(call, "GET", "/v1/agreements?agreementType=MicrosoftCustomerAgreement", req);
}

/* The attestation body; NULL when out of memory. */
static cJSON *attestation_body(const struct row *row, const char *template_id,
                               const char *date_agreed)
{
  cJSON *root = cJSON_CreateObject();
  cJSON *contact = cJSON_AddObjectToObject(root, "primaryContact");
  bool ok = add_field(contact, "firstName", row, FIELD_FIRST_NAME) &&
            add_field(contact, "lastName", row, FIELD_LAST_NAME) &&
            add_field(contact, "email", row, FIELD_EMAIL) &&
            add_opt_field(contact, "phoneNumber", row, FIELD_PHONE) &&
            add_str(root, "templateId", template_id) && add_str(root, "dateAgreed", date_agreed) &&
            add_str(root, "type", "MicrosoftCustomerAgreement");
  if (ok)
    return root;
  cJSON_Delete(root);
  return NULL;
}

int pc_request_attest_mca(const struct pc_call *call, const struct row *row,
                          const char *customer_id, const char *template_id, time_t now_s,
                          struct http_request *req)
{
  const char *id = http_url_escape(call->arena, customer_id);
  const char *path = id ? arena_printf(call->arena, "/v1/customers/%s/agreements", id) : NULL;
  const char *date = pc_date_agreed(call->arena, row_get(row, FIELD_MCA_ACCEPTED_AT), now_s);
  if (!path || !date)
    return CSP_E_LIMIT;
  int rc = begin(call, "POST", path, req);
  if (rc != CSP_E_OK)
    return rc;
  return set_json_body(call, attestation_body(row, template_id, date), req);
}

int pc_request_customer_users(const struct pc_call *call, const char *customer_id,
                              struct http_request *req)
{
  const char *id = http_url_escape(call->arena, customer_id);
  const char *path = id ? arena_printf(call->arena, "/v1/customers/%s/users", id) : NULL;
  return path ? begin(call, "GET", path, req) : CSP_E_LIMIT;
}

static cJSON *reset_password_body(const char *password)
{
  cJSON *root = cJSON_CreateObject();
  cJSON *profile = cJSON_AddObjectToObject(root, "passwordProfile");
  cJSON *attributes = cJSON_AddObjectToObject(root, "attributes");
  bool ok = profile && attributes && add_str(profile, "password", password) &&
            cJSON_AddBoolToObject(profile, "forceChangePassword", true) &&
            add_str(attributes, "objectType", "CustomerUser");
  if (!ok) {
    cJSON_Delete(root);
    return NULL;
  }
  return root;
}

int pc_request_reset_password(const struct pc_call *call, const char *customer_id,
                              const char *user_id, const char *password, struct http_request *req)
{
  const char *id = http_url_escape(call->arena, customer_id);
  const char *user = http_url_escape(call->arena, user_id);
  const char *path =
      id && user ? arena_printf(call->arena, "/v1/customers/%s/users/%s/resetpassword", id, user)
                 : NULL;
  if (!path)
    return CSP_E_LIMIT;
  int rc = begin(call, "PATCH", path, req);
  return rc ? rc : set_json_body(call, reset_password_body(password), req);
}
