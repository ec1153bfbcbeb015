/* JWT payload claims for display (token_claims.h): base64url decoding of the middle part and
 * a few cJSON lookups. The decoded payload is wiped before it is freed (it is not a secret by
 * itself, but it came from one). */
#include "partner_center/token_claims.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/errors.h"
#include "partner_center/pc_json.h"

static int b64url_value(char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '-' || c == '+')
    return 62;
  if (c == '_' || c == '/')
    return 63;
  return -1;
}

/* Decodes len characters of base64url (no padding needed) into out; returns the byte count,
 * or -1 on a character outside the alphabet. */
static long b64url_decode(const char *in, size_t len, unsigned char *out)
{
  unsigned long bits = 0;
  int nbits = 0;
  long n = 0;
  for (size_t i = 0; i < len; i++) {
    if (in[i] == '=')
      break;
    int v = b64url_value(in[i]);
    if (v < 0)
      return -1;
    bits = (bits << 6) | (unsigned long)v;
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out[n++] = (unsigned char)((bits >> nbits) & 0xff);
    }
  }
  return n;
}

static void copy_claim(const cJSON *root, const char *const *keys, char *out, size_t cap)
{
  for (; *keys; keys++) {
    const char *v = pc_json_string(root, *keys);
    if (v && v[0]) {
      snprintf(out, cap, "%s", v);
      return;
    }
  }
}

static bool has_mfa(const cJSON *root)
{
  const cJSON *amr = pc_json_array(root, "amr");
  const cJSON *item;
  cJSON_ArrayForEach(item, amr)
  {
    if (cJSON_IsString(item) && !strcmp(item->valuestring, "mfa"))
      return true;
  }
  return false;
}

static void read_root(const cJSON *root, struct token_claims *out)
{
  static const char *const account_keys[] = {"upn", "unique_name", "preferred_username", NULL};
  static const char *const name_keys[] = {"name", NULL};
  static const char *const tenant_keys[] = {"tid", NULL};
  copy_claim(root, account_keys, out->account, sizeof(out->account));
  copy_claim(root, name_keys, out->name, sizeof(out->name));
  copy_claim(root, tenant_keys, out->tenant, sizeof(out->tenant));
  out->mfa = has_mfa(root);
  const cJSON *exp = cJSON_GetObjectItemCaseSensitive(root, "exp");
  out->expires_at_s = cJSON_IsNumber(exp) ? (long long)exp->valuedouble : 0;
}

int token_claims_read(const char *access_token, struct token_claims *out)
{
  memset(out, 0, sizeof(*out));
  const char *first = access_token ? strchr(access_token, '.') : NULL;
  const char *second = first ? strchr(first + 1, '.') : NULL;
  if (!second)
    return CSP_E_PROTOCOL;
  size_t len = (size_t)(second - first - 1);
  unsigned char *payload = malloc(len + 1);
  if (!payload)
    return CSP_E_NOMEM;
  long n = b64url_decode(first + 1, len, payload);
  cJSON *root = n > 0 ? pc_json_parse((const char *)payload, (size_t)n) : NULL;
  if (cJSON_IsObject(root))
    read_root(root, out);
  int rc = cJSON_IsObject(root) ? CSP_E_OK : CSP_E_PROTOCOL;
  cJSON_Delete(root);
  explicit_bzero(payload, len + 1);
  free(payload);
  return rc;
}
