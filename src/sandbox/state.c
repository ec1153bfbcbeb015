/* The sandbox's memory (see state.h). Customers live in an array in creation order (the
 * list route pages over it with stable offsets) with a domain index and an id index; create
 * results are kept per MS-RequestId for replay; tokens map to their expiry and grant. All of
 * it grows for the life of the server and is freed at stop. */
#include "sandbox/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/errors.h"
#include "sandbox/ids.h"

#define DOMAIN_MAX 256

struct sb_token {
  uint64_t expires_ms;
  bool app_only;
  bool expired;
  bool used; /* has served at least one request */
};

struct sb_counter {
  char route[48];
  char status[16];
  unsigned long n;
  unsigned long first; /* the sandbox-wide count when this route and status was first met */
};

static void free_stored(void *value)
{
  struct sb_stored *stored = value;
  free(stored->body);
  free(stored);
}

int sb_state_init(struct sb_state *st)
{
  memset(st, 0, sizeof(*st));
  pthread_mutex_init(&st->lock, NULL);
  strmap_init(&st->domains, NULL);
  strmap_init(&st->ids, NULL);
  strmap_init(&st->requests, free_stored);
  strmap_init(&st->tokens, free);
  st->budget = -1;
  st->attestations = cJSON_CreateArray();
  st->invitations = cJSON_CreateArray();
  if (!st->attestations || !st->invitations) {
    sb_state_release(st);
    return CSP_E_NOMEM;
  }
  return 0;
}

static void customer_release(struct sb_customer *c)
{
  free(c->id);
  free(c->domain);
  free(c->company_name);
  free(c->request_id);
  cJSON_Delete(c->json);
}

static void tenant_release(struct sb_tenant *t)
{
  free(t->tenant_id);
  free(t->domain);
  free(t->company_name);
  free(t->country);
}

void sb_state_release(struct sb_state *st)
{
  for (size_t i = 0; i < st->ncustomers; i++)
    customer_release(&st->customers[i]);
  free(st->customers);
  for (size_t i = 0; i < st->ntenants; i++)
    tenant_release(&st->tenants[i]);
  free(st->tenants);
  free(st->counters);
  strmap_release(&st->domains);
  strmap_release(&st->ids);
  strmap_release(&st->requests);
  strmap_release(&st->tokens);
  cJSON_Delete(st->attestations);
  cJSON_Delete(st->invitations);
  pthread_mutex_destroy(&st->lock);
  memset(st, 0, sizeof(*st));
}

void sb_state_lock(struct sb_state *st)
{
  pthread_mutex_lock(&st->lock);
}

void sb_state_unlock(struct sb_state *st)
{
  pthread_mutex_unlock(&st->lock);
}

/* domain lower-cased into out; false when it does not fit. */
static bool domain_key(const char *domain, char *out)
{
  size_t len = strlen(domain);
  if (len >= DOMAIN_MAX)
    return false;
  memcpy(out, domain, len + 1);
  sb_lower(out);
  return true;
}

static int index_domain(struct sb_state *st, const char *domain)
{
  char key[DOMAIN_MAX];
  if (!domain_key(domain, key))
    return CSP_E_LIMIT;
  return strmap_put(&st->domains, key, st);
}

bool sb_state_domain_taken_locked(const struct sb_state *st, const char *domain)
{
  char key[DOMAIN_MAX];
  return domain_key(domain, key) && strmap_get(&st->domains, key) != NULL;
}

bool sb_state_domain_taken(struct sb_state *st, const char *domain)
{
  sb_state_lock(st);
  bool taken = sb_state_domain_taken_locked(st, domain);
  sb_state_unlock(st);
  return taken;
}

static char *dup_or_null(const char *s)
{
  return s ? strdup(s) : NULL;
}

int sb_state_add_customer_locked(struct sb_state *st, const struct sb_customer *c)
{
  int rc = CSP_E_NOMEM;
  if (st->ncustomers == st->customers_cap) {
    size_t cap = st->customers_cap ? st->customers_cap * 2 : 64;
    struct sb_customer *grown = realloc(st->customers, cap * sizeof(*grown));
    if (!grown) {
      cJSON_Delete(c->json);
      return rc;
    }
    st->customers = grown;
    st->customers_cap = cap;
  }
  struct sb_customer copy = {strdup(c->id),
                             strdup(c->domain),
                             strdup(c->company_name),
                             dup_or_null(c->request_id),
                             c->json,
                             c->gdap};
  if (!copy.id || !copy.domain || !copy.company_name || (c->request_id && !copy.request_id)) {
    customer_release(&copy);
    return rc;
  }
  st->customers[st->ncustomers++] = copy;
  if ((rc = index_domain(st, copy.domain)) != 0)
    return rc;
  return strmap_put(&st->ids, copy.id, (void *)(uintptr_t)st->ncustomers);
}

const struct sb_stored *sb_state_request_find_locked(const struct sb_state *st, const char *rid)
{
  return strmap_get(&st->requests, rid);
}

int sb_state_request_store_locked(struct sb_state *st, const char *rid, int status,
                                  const char *body)
{
  struct sb_stored *stored = calloc(1, sizeof(*stored));
  if (!stored)
    return CSP_E_NOMEM;
  stored->status = status;
  stored->body = dup_or_null(body);
  if (body && !stored->body) {
    free(stored);
    return CSP_E_NOMEM;
  }
  int rc = strmap_put(&st->requests, rid, stored);
  if (rc)
    free_stored(stored);
  return rc;
}

struct sb_tenant *sb_state_tenant_find_locked(struct sb_state *st, const char *tenant_id)
{
  for (size_t i = 0; i < st->ntenants; i++)
    if (!strcasecmp(st->tenants[i].tenant_id, tenant_id))
      return &st->tenants[i];
  return NULL;
}

int sb_state_add_tenant(struct sb_state *st, const struct sb_tenant *tenant)
{
  if (sb_state_domain_taken_locked(st, tenant->domain))
    return CSP_E_USAGE;
  struct sb_tenant *grown = realloc(st->tenants, (st->ntenants + 1) * sizeof(*grown));
  if (!grown)
    return CSP_E_NOMEM;
  st->tenants = grown;
  struct sb_tenant *t = &st->tenants[st->ntenants];
  *t = (struct sb_tenant){strdup(tenant->tenant_id), strdup(tenant->domain),
                          strdup(tenant->company_name), strdup(tenant->country), tenant->customer};
  if (!t->tenant_id || !t->domain || !t->company_name || !t->country) {
    tenant_release(t);
    return CSP_E_NOMEM;
  }
  st->ntenants++;
  return index_domain(st, t->domain);
}

int sb_state_count(struct sb_state *st, const char *route_key, const char *status)
{
  int rc = 0;
  sb_state_lock(st);
  st->counted++;
  for (size_t i = 0; i < st->ncounters; i++) {
    struct sb_counter *c = &st->counters[i];
    if (!strcmp(c->route, route_key) && !strcmp(c->status, status)) {
      c->n++;
      goto out;
    }
  }
  if (st->ncounters == st->counters_cap) {
    size_t cap = st->counters_cap ? st->counters_cap * 2 : 32;
    struct sb_counter *grown = realloc(st->counters, cap * sizeof(*grown));
    if (!grown) {
      rc = CSP_E_NOMEM;
      goto out;
    }
    st->counters = grown;
    st->counters_cap = cap;
  }
  struct sb_counter *c = &st->counters[st->ncounters++];
  snprintf(c->route, sizeof(c->route), "%s", route_key);
  snprintf(c->status, sizeof(c->status), "%s", status);
  c->n = 1;
  c->first = st->counted;
out:
  sb_state_unlock(st);
  return rc;
}

bool sb_state_take_budget(struct sb_state *st)
{
  sb_state_lock(st);
  bool ok = st->budget != 0;
  if (st->budget > 0)
    st->budget--;
  sb_state_unlock(st);
  return ok;
}

void sb_state_set_budget(struct sb_state *st, long n)
{
  sb_state_lock(st);
  st->budget = n < 0 ? -1 : n;
  sb_state_unlock(st);
}

int sb_state_token_add(struct sb_state *st, const char *token, uint64_t expires_ms, bool app_only)
{
  struct sb_token *t = malloc(sizeof(*t));
  if (!t)
    return CSP_E_NOMEM;
  *t = (struct sb_token){expires_ms, app_only, false, false};
  sb_state_lock(st);
  int rc = strmap_put(&st->tokens, token, t);
  sb_state_unlock(st);
  if (rc)
    free(t);
  return rc;
}

enum sb_token_check sb_state_token_check(struct sb_state *st, const char *token, uint64_t now_ms,
                                         bool expire_now, bool *app_only)
{
  enum sb_token_check result = SB_TOKEN_UNKNOWN;
  sb_state_lock(st);
  struct sb_token *t = strmap_get(&st->tokens, token);
  if (!t)
    goto out;
  /* The token_expiry fault models a token that runs out mid-run: it strikes only a token
   * that has already worked, as a real expiry would, never one on its very first use. */
  if (expire_now && t->used)
    t->expired = true;
  result = t->expired || now_ms >= t->expires_ms ? SB_TOKEN_EXPIRED : SB_TOKEN_OK;
  if (result == SB_TOKEN_OK)
    t->used = true;
  *app_only = t->app_only;
out:
  sb_state_unlock(st);
  return result;
}

static bool customer_matches(const struct sb_customer *c, const char *field, const char *prefix)
{
  if (!field)
    return true;
  const char *value = !strcmp(field, "domain") ? c->domain : c->company_name;
  return !strncasecmp(value, prefix, strlen(prefix));
}

cJSON *sb_state_customer_page(struct sb_state *st, size_t *offset, size_t size, const char *field,
                              const char *prefix)
{
  cJSON *items = cJSON_CreateArray();
  size_t i = *offset, taken = 0;
  sb_state_lock(st);
  for (; items && i < st->ncustomers; i++) {
    if (!customer_matches(&st->customers[i], field, prefix))
      continue;
    if (taken == size)
      break;
    cJSON *copy = cJSON_Duplicate(st->customers[i].json, true);
    if (!copy || !cJSON_AddItemToArray(items, copy)) {
      cJSON_Delete(copy);
      cJSON_Delete(items);
      items = NULL;
    }
    taken++;
  }
  *offset = i < st->ncustomers ? i : SIZE_MAX;
  sb_state_unlock(st);
  return items;
}

bool sb_state_customer_domain(struct sb_state *st, const char *id, char *out, size_t cap)
{
  sb_state_lock(st);
  uintptr_t slot = (uintptr_t)strmap_get(&st->ids, id);
  if (slot)
    snprintf(out, cap, "%s", st->customers[slot - 1].domain);
  sb_state_unlock(st);
  return slot != 0;
}

void sb_state_note_password_reset(struct sb_state *st)
{
  sb_state_lock(st);
  st->password_resets++;
  sb_state_unlock(st);
}

bool sb_state_customer_exists(struct sb_state *st, const char *id)
{
  sb_state_lock(st);
  bool found = strmap_get(&st->ids, id) != NULL;
  sb_state_unlock(st);
  return found;
}

static bool same_contact(const cJSON *a, const cJSON *b)
{
  static const char *const keys[] = {"customer_id", "first_name", "last_name", "email"};
  for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
    const char *x = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, keys[i]));
    const char *y = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, keys[i]));
    if (!x || !y || strcasecmp(x, y) != 0)
      return false;
  }
  return true;
}

enum sb_attest_result sb_state_attest(struct sb_state *st, const char *customer_id,
                                      const cJSON *record, int *rc)
{
  enum sb_attest_result result = SB_ATTEST_NO_CUSTOMER;
  *rc = 0;
  sb_state_lock(st);
  if (!strmap_get(&st->ids, customer_id))
    goto out;
  const cJSON *old;
  result = SB_ATTEST_DUPLICATE;
  cJSON_ArrayForEach(old, st->attestations)
  {
    if (same_contact(old, record))
      goto out;
  }
  result = SB_ATTEST_CREATED;
  cJSON *copy = cJSON_Duplicate(record, true);
  if (!copy || !cJSON_AddItemToArray(st->attestations, copy)) {
    cJSON_Delete(copy);
    *rc = CSP_E_NOMEM;
  }
out:
  sb_state_unlock(st);
  return result;
}

void sb_state_note_link_fetch(struct sb_state *st)
{
  sb_state_lock(st);
  st->link_fetches++;
  sb_state_unlock(st);
}

int sb_state_note_invitation_locked(struct sb_state *st, const struct sb_tenant *tenant,
                                    const char *accepted_at)
{
  cJSON *item = cJSON_CreateObject();
  if (!item)
    return CSP_E_NOMEM;
  cJSON_AddStringToObject(item, "tenant_id", tenant->tenant_id);
  cJSON_AddStringToObject(item, "domain", tenant->domain);
  cJSON_AddStringToObject(item, "company_name", tenant->company_name);
  cJSON_AddStringToObject(item, "accepted_at", accepted_at);
  if (!cJSON_AddItemToArray(st->invitations, item)) {
    cJSON_Delete(item);
    return CSP_E_NOMEM;
  }
  return 0;
}

static cJSON *dump_customers(const struct sb_state *st)
{
  cJSON *list = cJSON_CreateArray();
  for (size_t i = 0; list && i < st->ncustomers; i++) {
    const struct sb_customer *c = &st->customers[i];
    cJSON *item = cJSON_CreateObject();
    if (!item || !cJSON_AddItemToArray(list, item)) {
      cJSON_Delete(item);
      cJSON_Delete(list);
      return NULL;
    }
    cJSON_AddStringToObject(item, "id", c->id);
    cJSON_AddStringToObject(item, "domain", c->domain);
    cJSON_AddStringToObject(item, "company_name", c->company_name);
    if (c->request_id)
      cJSON_AddStringToObject(item, "request_id", c->request_id);
    else
      cJSON_AddNullToObject(item, "request_id");
    if (c->gdap >= 0)
      cJSON_AddBoolToObject(item, "enable_gdap_by_default", c->gdap);
  }
  return list;
}

static cJSON *dump_counters(const struct sb_state *st)
{
  cJSON *requests = cJSON_CreateObject();
  for (size_t i = 0; requests && i < st->ncounters; i++) {
    const struct sb_counter *c = &st->counters[i];
    cJSON *route = cJSON_GetObjectItemCaseSensitive(requests, c->route);
    if (!route)
      route = cJSON_AddObjectToObject(requests, c->route);
    if (!route || !cJSON_AddNumberToObject(route, c->status, (double)c->n)) {
      cJSON_Delete(requests);
      return NULL;
    }
  }
  return requests;
}

/* For each route, the position among every counted reply of its first one: which route the
 * client reached first (the first create before the tenth check). */
static cJSON *dump_first(const struct sb_state *st)
{
  cJSON *first = cJSON_CreateObject();
  for (size_t i = 0; first && i < st->ncounters; i++) {
    const struct sb_counter *c = &st->counters[i];
    cJSON *seen = cJSON_GetObjectItemCaseSensitive(first, c->route);
    if (seen && seen->valuedouble <= (double)c->first)
      continue;
    if (seen)
      cJSON_SetNumberValue(seen, (double)c->first);
    else if (!cJSON_AddNumberToObject(first, c->route, (double)c->first)) {
      cJSON_Delete(first);
      return NULL;
    }
  }
  return first;
}

cJSON *sb_state_dump(struct sb_state *st)
{
  cJSON *doc = cJSON_CreateObject();
  sb_state_lock(st);
  cJSON *customers = dump_customers(st), *requests = dump_counters(st), *first = dump_first(st);
  cJSON *attestations = cJSON_Duplicate(st->attestations, true);
  cJSON *invitations = cJSON_Duplicate(st->invitations, true);
  double fetches = (double)st->link_fetches, resets = (double)st->password_resets;
  sb_state_unlock(st);
  if (!doc || !customers || !requests || !first || !attestations || !invitations) {
    cJSON_Delete(doc);
    cJSON_Delete(first);
    cJSON_Delete(customers);
    cJSON_Delete(requests);
    cJSON_Delete(attestations);
    cJSON_Delete(invitations);
    return NULL;
  }
  cJSON_AddItemToObject(doc, "customers", customers);
  cJSON_AddItemToObject(doc, "requests", requests);
  cJSON_AddItemToObject(doc, "first_request", first);
  cJSON_AddItemToObject(doc, "attestations", attestations);
  cJSON_AddItemToObject(doc, "invitations", invitations);
  cJSON_AddNumberToObject(doc, "relationship_link_fetches", fetches);
  cJSON_AddNumberToObject(doc, "password_resets", resets);
  return doc;
}
