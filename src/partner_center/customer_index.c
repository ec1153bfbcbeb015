/* The customer index: base/strmap.h's map from lower-cased identity to customer id. A partner
 * has thousands of customers, not millions, so the whole list fits in memory comfortably; the
 * customer ids live in one arena, the keys in the map. */
#include "partner_center/customer_index.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/errors.h"
#include "base/limits.h"
#include "base/strmap.h"

struct customer_index {
  struct strmap ids; /* lower-cased identity -> customer id (in the arena) */
  struct arena arena;
  size_t customers; /* added (a customer has up to two keys) */
};

int customer_index_open(struct customer_index **out)
{
  struct customer_index *ix = calloc(1, sizeof(*ix));
  *out = ix;
  if (!ix)
    return CSP_E_NOMEM;
  strmap_init(&ix->ids, NULL);
  arena_init(&ix->arena, 0);
  return CSP_E_OK;
}

void customer_index_close(struct customer_index *ix)
{
  if (!ix)
    return;
  strmap_release(&ix->ids);
  arena_release(&ix->arena);
  free(ix);
}

/* Writes "kind:value" lower-cased into key (cap bytes, truncated as customer_index_find's
 * lookups are). */
static void lowered_key(char *key, size_t cap, const char *kind, const char *value)
{
  (void)snprintf(key, cap, "%s%s%s", kind, kind[0] ? ":" : "", value);
  for (char *p = key; *p; p++)
    *p = (char)tolower((unsigned char)*p);
}

static int put(struct customer_index *ix, const char *kind, const char *value, const char *id)
{
  if (!value || !*value)
    return CSP_E_OK;
  char key[CSP_IDENTITY_BYTES];
  lowered_key(key, sizeof(key), kind, value);
  return strmap_put(&ix->ids, key, (void *)id);
}

int customer_index_add(struct customer_index *ix, const char *customer_id, const char *tenant_id,
                       const char *domain)
{
  const char *id = arena_strdup(&ix->arena, customer_id ? customer_id : "");
  if (!id)
    return CSP_E_NOMEM;
  int rc = put(ix, "tenant", tenant_id, id);
  if (!rc)
    rc = put(ix, "domain", domain, id);
  if (!rc)
    ix->customers++;
  return rc;
}

const char *customer_index_find(const struct customer_index *ix, const char *identity)
{
  char key[CSP_IDENTITY_BYTES];
  lowered_key(key, sizeof(key), "", identity);
  return strmap_get(&ix->ids, key);
}

size_t customer_index_count(const struct customer_index *ix)
{
  return ix->customers;
}
