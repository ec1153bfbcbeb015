/* POST /v1/customers (create) and GET /v1/customers (list, filter, continuation paging).
 * A create checks and inserts under the state lock, so of concurrent creates of one domain
 * exactly one wins, and its result is stored under its MS-RequestId: a repeat of that id
 * gets the first status and body back instead of a second customer. Customer ids are
 * derived from the seed and the domain, so a seeded run gives the same ids whatever the
 * order of requests. */
#include "sandbox/routes_customers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/errors.h"
#include "sandbox/customer_check.h"
#include "sandbox/ids.h"
#include "sandbox/routes.h"

#define PASSWORD_LEN 16
#define PASSWORD_CHARS "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

static const char *const address_keys[] = {
    "firstName", "middleName", "lastName",   "addressLine1", "addressLine2", "addressLine3",
    "city",      "state",      "postalCode", "country",      "phoneNumber",
};

static cJSON *company_profile(const char *tenant_id, const char *domain, const char *name)
{
  cJSON *p = cJSON_CreateObject();
  cJSON_AddStringToObject(p, "tenantId", tenant_id);
  cJSON_AddStringToObject(p, "domain", domain);
  cJSON_AddStringToObject(p, "companyName", name);
  return p;
}

static cJSON *customer_shell(const char *id, const char *commerce_id, cJSON *company,
                             cJSON *billing)
{
  cJSON *c = cJSON_CreateObject();
  cJSON_AddStringToObject(c, "id", id);
  cJSON_AddStringToObject(c, "commerceId", commerce_id);
  cJSON_AddItemToObject(c, "companyProfile", company);
  cJSON_AddItemToObject(c, "billingProfile", billing);
  cJSON_AddStringToObject(c, "relationshipToPartner", "reseller");
  cJSON_AddBoolToObject(c, "allowDelegatedAccess", true);
  cJSON *attributes = cJSON_AddObjectToObject(c, "attributes");
  cJSON_AddStringToObject(attributes, "objectType", "Customer");
  return c;
}

cJSON *sb_customer_from_tenant(const struct sb_tenant *t)
{
  char commerce[SB_GUID_LEN + 1];
  sb_guid_for(0, t->tenant_id, commerce);
  cJSON *billing = cJSON_CreateObject();
  cJSON_AddStringToObject(billing, "companyName", t->company_name);
  cJSON *address = cJSON_AddObjectToObject(billing, "defaultAddress");
  cJSON_AddStringToObject(address, "country", t->country);
  return customer_shell(t->tenant_id, commerce,
                        company_profile(t->tenant_id, t->domain, t->company_name), billing);
}

/* The billingProfile of the response: the request's values under camelCase keys. */
static cJSON *billing_profile(const cJSON *req_billing)
{
  static const char *const keys[] = {"email", "culture", "language", "companyName"};
  cJSON *billing = cJSON_CreateObject();
  const cJSON *req_address = cJSON_GetObjectItem(req_billing, "DefaultAddress");
  cJSON *address = cJSON_CreateObject();
  for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
    cJSON_AddStringToObject(billing, keys[i], sb_json_str(req_billing, keys[i]));
  cJSON_AddStringToObject(billing, "firstName", sb_json_str(req_address, "FirstName"));
  cJSON_AddStringToObject(billing, "lastName", sb_json_str(req_address, "LastName"));
  for (size_t i = 0; i < sizeof(address_keys) / sizeof(address_keys[0]); i++) {
    const char *v = sb_json_str(req_address, address_keys[i]);
    if (v)
      cJSON_AddStringToObject(address, address_keys[i], v);
  }
  cJSON_AddItemToObject(billing, "defaultAddress", address);
  return billing;
}

static int gdap_flag(const cJSON *body)
{
  const cJSON *flag = cJSON_GetObjectItem(body, "enableGDAPByDefault");
  return cJSON_IsBool(flag) ? cJSON_IsTrue(flag) : -1;
}

/* Stores the new customer and replies 201 with it plus its first admin's credentials. */
static int insert_customer(struct sb_ctx *ctx, const cJSON *body, const char *domain,
                           const char *rid, struct sb_response *resp)
{
  char id[SB_GUID_LEN + 1], commerce[SB_GUID_LEN + 1], password[PASSWORD_LEN + 1];
  const cJSON *billing = cJSON_GetObjectItem(body, "BillingProfile");
  const char *name = sb_json_str(billing, "CompanyName");
  const char *assoc = sb_json_str(body, "AssociatedPartnerId");
  sb_guid_for(ctx->opts.seed, domain, id);
  sb_guid_for(ctx->opts.seed ^ 0xc0ffeeULL, domain, commerce);
  int rc = sb_random_text(password, PASSWORD_LEN - 2, PASSWORD_CHARS);
  if (rc)
    return rc;
  memcpy(password + PASSWORD_LEN - 2, "!9", 3); /* meets the complexity rule */
  cJSON *json =
      customer_shell(id, commerce, company_profile(id, domain, name), billing_profile(billing));
  if (assoc && *assoc)
    cJSON_AddStringToObject(json, "associatedPartnerId", assoc);
  cJSON *reply = cJSON_Duplicate(json, true);
  struct sb_customer c = {id, (char *)domain, (char *)name, (char *)rid, json, gdap_flag(body)};
  if ((rc = sb_state_add_customer_locked(&ctx->state, &c)) != 0 || !reply) {
    cJSON_Delete(reply);
    return rc ? rc : CSP_E_NOMEM;
  }
  char user[300];
  snprintf(user, sizeof(user), "admin@%s", domain);
  cJSON *creds = cJSON_AddObjectToObject(reply, "userCredentials");
  cJSON_AddStringToObject(creds, "userName", user);
  cJSON_AddStringToObject(creds, "password", password);
  return sb_reply_json(resp, 201, reply);
}

static int create_locked(struct sb_ctx *ctx, const struct sb_request *req, const cJSON *body,
                         const char *rid, struct sb_response *resp)
{
  struct sb_check_error err;
  char domain[128];
  const char *assoc = sb_json_str(body, "AssociatedPartnerId");
  if (assoc && *assoc && req->app_only)
    return sb_reply_error_named(resp, 403, "Forbidden",
                                "Creating a customer with an "
                                "associated partner can't be accessed by application "
                                "credentials.");
  if (!strcmp(ctx->opts.partner_type, "indirect_reseller"))
    return sb_reply_error(resp, 403, 600006,
                          "The requested action is not allowed: an indirect "
                          "reseller cannot create customers.");
  if (sb_customer_check(&ctx->patterns, ctx->opts.partner_market, body, &err))
    return sb_reply_error(resp, err.status, err.code, "%s", err.description);
  const cJSON *company = cJSON_GetObjectItem(body, "CompanyProfile");
  (void)sb_customer_domain(sb_json_str(company, "Domain"), domain, sizeof(domain));
  if (sb_state_domain_taken_locked(&ctx->state, domain))
    return sb_reply_error_named(resp, 409, "DomainAlreadyExists", "The domain %s already exists.",
                                domain);
  return insert_customer(ctx, body, domain, rid, resp);
}

int sb_route_create_customer(struct sb_ctx *ctx, const struct sb_request *req,
                             struct sb_response *resp)
{
  int rc = 0;
  cJSON *body = sb_parse_body(req);
  if (!cJSON_IsObject(body)) {
    rc = sb_reply_error_named(resp, 400, "InvalidRequestBody",
                              "The request body is not a JSON object.");
    goto out;
  }
  const char *rid = sb_header(req, "MS-RequestId");
  if (rid && !*rid)
    rid = NULL;
  sb_ctx_hold_create(ctx); /* a test's hold (POST /sandbox/hold-creates/{n}), else at once */
  sb_state_lock(&ctx->state);
  const struct sb_stored *stored = rid ? sb_state_request_find_locked(&ctx->state, rid) : NULL;
  if (stored)
    rc = sb_reply_raw(resp, stored->status, stored->body);
  else
    rc = create_locked(ctx, req, body, rid, resp);
  if (!rc && !stored && rid)
    rc = sb_state_request_store_locked(&ctx->state, rid, resp->status, resp->body);
  sb_state_unlock(&ctx->state);
out:
  cJSON_Delete(body);
  return rc;
}

/* The continuation token: "sb1,<offset hex>/<mac hex>+=" — opaque to clients, carrying the
 * characters (, / + =) real tokens carry, and checked so a mangled token is a 400. */
static void continuation_token(uint64_t seed, size_t offset, char *out, size_t size)
{
  uint64_t mac = sb_hash64(seed ^ 0x70c3ULL, &offset, sizeof(offset));
  snprintf(out, size, "sb1,%zx/%016llx+=", offset, (unsigned long long)mac);
}

static int parse_continuation(uint64_t seed, const char *token, size_t *offset)
{
  char expect[80];
  char *end;
  if (!token || strncmp(token, "sb1,", 4) != 0)
    return 1;
  unsigned long long v = strtoull(token + 4, &end, 16);
  if (end == token + 4 || *end != '/')
    return 1;
  *offset = (size_t)v;
  continuation_token(seed, *offset, expect, sizeof(expect));
  return strcmp(expect, token) != 0;
}

struct list_query {
  size_t size;
  size_t offset;
  const char *field; /* "domain", "company_name" or NULL */
  const char *prefix;
  const char *filter; /* as received (decoded) */
};

/* Reads size, seekOperation + MS-ContinuationToken and filter. Non-zero: replied 400. */
static int parse_list_query(struct sb_ctx *ctx, const struct sb_request *req, struct list_query *q,
                            cJSON **filter_json, struct sb_response *resp)
{
  const char *size = sb_query(req, "size");
  const char *seek = sb_query(req, "seekOperation");
  char *end = NULL;
  q->size = size ? strtoul(size, &end, 10) : ctx->opts.page_cap;
  if ((size && (*end || !*size)) || q->size == 0)
    return sb_reply_error(resp, 400, 3000, "The size parameter must be a positive number."), 1;
  if (q->size > ctx->opts.page_cap)
    q->size = ctx->opts.page_cap;
  q->offset = 0;
  if (seek && !strcasecmp(seek, "Next") &&
      parse_continuation(ctx->opts.seed, sb_header(req, "MS-ContinuationToken"), &q->offset))
    return sb_reply_error(resp, 400, 3000, "The continuation token is missing or invalid."), 1;
  q->filter = sb_query(req, "filter");
  if (!q->filter)
    return 0;
  *filter_json = cJSON_Parse(q->filter);
  const char *field = sb_json_str(*filter_json, "Field");
  const char *op = sb_json_str(*filter_json, "Operator");
  q->prefix = sb_json_str(*filter_json, "Value");
  if (field && !strcasecmp(field, "Domain"))
    q->field = "domain";
  else if (field && !strcasecmp(field, "CompanyName"))
    q->field = "company_name";
  if (!q->field || !q->prefix || !op || strcasecmp(op, "starts_with") != 0)
    return sb_reply_error(resp, 400, 3000,
                          "The filter must be {\"Field\":\"Domain\"|"
                          "\"CompanyName\",\"Value\":…,\"Operator\":\"starts_with\"}."),
           1;
  return 0;
}

static void url_encode(const char *s, char *out, size_t size)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p && n + 4 < size; p++) {
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
        strchr("-_.~", *p)) {
      out[n++] = (char)*p;
    } else {
      out[n++] = '%';
      out[n++] = hex[*p >> 4];
      out[n++] = hex[*p & 15];
    }
  }
  out[n] = '\0';
}

static void add_next_link(struct sb_ctx *ctx, cJSON *page, const struct list_query *q, size_t next)
{
  char uri[1024], token[80], filter[900] = "";
  if (q->filter)
    url_encode(q->filter, filter, sizeof(filter));
  snprintf(uri, sizeof(uri), "/v1/customers?size=%zu&seekOperation=Next%s%s", q->size,
           q->filter ? "&filter=" : "", filter);
  continuation_token(ctx->opts.seed, next, token, sizeof(token));
  cJSON *next_link = cJSON_AddObjectToObject(cJSON_AddObjectToObject(page, "links"), "next");
  cJSON_AddStringToObject(next_link, "uri", uri);
  cJSON_AddStringToObject(next_link, "method", "GET");
  cJSON *header = cJSON_CreateObject();
  cJSON_AddStringToObject(header, "key", "MS-ContinuationToken");
  cJSON_AddStringToObject(header, "value", token);
  cJSON *headers = cJSON_AddArrayToObject(next_link, "headers");
  cJSON_AddItemToArray(headers, header);
}

int sb_route_list_customers(struct sb_ctx *ctx, const struct sb_request *req,
                            struct sb_response *resp)
{
  int rc = 0;
  struct list_query q = {0};
  cJSON *filter_json = NULL;
  if (parse_list_query(ctx, req, &q, &filter_json, resp))
    goto out;
  size_t next = q.offset;
  cJSON *items = sb_state_customer_page(&ctx->state, &next, q.size, q.field, q.prefix);
  cJSON *page = cJSON_CreateObject();
  if (!items || !page) {
    cJSON_Delete(items);
    cJSON_Delete(page);
    rc = CSP_E_NOMEM;
    goto out;
  }
  cJSON_AddNumberToObject(page, "totalCount", cJSON_GetArraySize(items));
  cJSON_AddItemToObject(page, "items", items);
  if (next != SIZE_MAX)
    add_next_link(ctx, page, &q, next);
  cJSON_AddStringToObject(cJSON_AddObjectToObject(page, "attributes"), "objectType", "Collection");
  rc = sb_reply_json(resp, 200, page);
out:
  cJSON_Delete(filter_json);
  return rc;
}
