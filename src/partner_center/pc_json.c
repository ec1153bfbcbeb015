/* BOM-tolerant cJSON parsing and defensive lookups for Partner Center bodies. Server bytes
 * are untrusted: every lookup checks the type before reading, so a truncated or hostile body
 * yields NULL and, in the caller, CSP_E_PROTOCOL — never a crash. */
#include "partner_center/pc_json.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/errors.h"

cJSON *pc_json_parse(const char *body, size_t len)
{
  if (!body)
    return NULL;
  if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) {
    body += 3;
    len -= 3;
  }
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
  if (!root)
    return NULL;
  /* Only whitespace may follow the value: "{}garbage" is not a body we understand. */
  while (end && end < body + len && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
    end++;
  if (end != body + len) {
    cJSON_Delete(root);
    return NULL;
  }
  return root;
}

const cJSON *pc_json_object(const cJSON *obj, const char *key)
{
  const cJSON *item = cJSON_IsObject(obj) ? cJSON_GetObjectItem(obj, key) : NULL;
  return cJSON_IsObject(item) ? item : NULL;
}

const cJSON *pc_json_array(const cJSON *obj, const char *key)
{
  const cJSON *item = cJSON_IsObject(obj) ? cJSON_GetObjectItem(obj, key) : NULL;
  return cJSON_IsArray(item) ? item : NULL;
}

const char *pc_json_string(const cJSON *obj, const char *key)
{
  const cJSON *item = cJSON_IsObject(obj) ? cJSON_GetObjectItem(obj, key) : NULL;
  return cJSON_IsString(item) ? item->valuestring : NULL;
}

const char *pc_json_scalar(struct arena *a, const cJSON *obj, const char *key)
{
  const cJSON *item = cJSON_IsObject(obj) ? cJSON_GetObjectItem(obj, key) : NULL;
  if (cJSON_IsString(item))
    return item->valuestring;
  if (!cJSON_IsNumber(item))
    return NULL;
  double d = item->valuedouble;
  if (d == floor(d) && fabs(d) < 1e15)
    return arena_printf(a, "%.0f", d);
  return arena_printf(a, "%g", d);
}

int pc_json_copy(struct arena *a, const char *s, const char **out)
{
  *out = s ? arena_strdup(a, s) : NULL;
  return (s && !*out) ? CSP_E_LIMIT : CSP_E_OK;
}

/* A number, or a string of digits only, as seconds; -1 when absent or not a count. */
long long pc_json_seconds(const cJSON *root, const char *key)
{
  const cJSON *item = cJSON_GetObjectItem(root, key);
  if (cJSON_IsNumber(item))
    return item->valuedouble >= 0 && item->valuedouble < 1e12 ? (long long)item->valuedouble : -1;
  if (!cJSON_IsString(item) || !isdigit((unsigned char)item->valuestring[0]))
    return -1;
  char *end;
  errno = 0;
  long long v = strtoll(item->valuestring, &end, 10);
  return (errno || *end) ? -1 : v;
}
