/* Loads the --tenants file into the state: tenants that exist in Entra ID before the sandbox
 * starts (their domains are taken), some already this partner's customers, the others
 * targets for invitations. Format (docs/SANDBOX.md):
 *   {"tenants":[{"tenant_id":"GUID","domain":"contoso.com","company_name":"Contoso",
 *                "country":"US","customer":true}]}
 * country defaults to the partner market, customer to false. */
#include "sandbox/tenants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/errors.h"
#include "base/limits.h"
#include "sandbox/ids.h"
#include "sandbox/routes_customers.h"

static int read_file(const char *path, char **out)
{
  int rc = CSP_E_USAGE;
  char *buf = NULL;
  FILE *f = fopen(path, "rb");
  if (!f)
    goto out;
  buf = malloc(CSP_SANDBOX_MAX_BODY + 1);
  if (!buf) {
    rc = CSP_E_NOMEM;
    goto out;
  }
  size_t n = fread(buf, 1, CSP_SANDBOX_MAX_BODY + 1, f);
  if (ferror(f) || n > CSP_SANDBOX_MAX_BODY)
    goto out;
  buf[n] = '\0';
  *out = buf;
  buf = NULL;
  rc = 0;
out:
  if (f)
    fclose(f);
  free(buf);
  return rc;
}

static int add_tenant(struct sb_state *st, const cJSON *item, const char *default_country)
{
  const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "tenant_id"));
  const char *domain = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "domain"));
  const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "company_name"));
  const char *country = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "country"));
  const cJSON *customer = cJSON_GetObjectItemCaseSensitive(item, "customer");
  if (!id || !sb_is_guid(id) || !domain || !*domain || (customer && !cJSON_IsBool(customer)))
    return CSP_E_USAGE;
  struct sb_tenant t = {(char *)id, (char *)domain, (char *)(name ? name : domain),
                        (char *)(country ? country : default_country), cJSON_IsTrue(customer)};
  int rc = sb_state_add_tenant(st, &t);
  if (rc || !t.customer)
    return rc;
  cJSON *json = sb_customer_from_tenant(&t);
  if (!json)
    return CSP_E_NOMEM;
  struct sb_customer c = {t.tenant_id, t.domain, t.company_name, NULL, json, -1};
  return sb_state_add_customer_locked(st, &c);
}

int sb_tenants_load(struct sb_state *st, const char *path, const char *default_country)
{
  char *text = NULL;
  cJSON *doc = NULL;
  int rc = read_file(path, &text);
  if (rc) {
    diag_error("sandbox: cannot read the tenants file %s", path);
    goto out;
  }
  doc = cJSON_Parse(text);
  const cJSON *tenants = cJSON_GetObjectItemCaseSensitive(doc, "tenants");
  if (!cJSON_IsArray(tenants)) {
    diag_error("sandbox: %s: expected {\"tenants\":[…]}", path);
    rc = CSP_E_USAGE;
    goto out;
  }
  int index = 0;
  const cJSON *item;
  cJSON_ArrayForEach(item, tenants)
  {
    if ((rc = add_tenant(st, item, default_country)) != 0) {
      diag_error("sandbox: %s: tenant %d needs a GUID tenant_id and a domain not used before, "
                 "and customer must be true or false",
                 path, index);
      goto out;
    }
    index++;
  }
out:
  cJSON_Delete(doc);
  free(text);
  return rc;
}
