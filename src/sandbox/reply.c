/* Request accessors and reply builders shared by every route: JSON bodies, Partner Center
 * error bodies ({"code","description","data":[],"source":"PartnerFD"}), and the
 * case-insensitive member lookup that lets requests use PascalCase or camelCase. */
#include "sandbox/http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/errors.h"
#include "input/utf8.h"

const char *sb_header(const struct sb_request *req, const char *name)
{
  return req->lookup ? req->lookup(req->conn, SB_HEADER, name) : NULL;
}

const char *sb_query(const struct sb_request *req, const char *name)
{
  return req->lookup ? req->lookup(req->conn, SB_QUERY, name) : NULL;
}

cJSON *sb_parse_body(const struct sb_request *req)
{
  const char *body = req->body;
  size_t len = req->body_len;
  if (len >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3)) {
    body += 3;
    len -= 3;
  }
  return cJSON_ParseWithLength(body, len);
}

const char *sb_json_str(const cJSON *obj, const char *key)
{
  const cJSON *item = cJSON_GetObjectItem(obj, key); /* case-insensitive */
  return cJSON_IsString(item) ? item->valuestring : NULL;
}

void sb_response_release(struct sb_response *resp)
{
  free(resp->body);
  resp->body = NULL;
  resp->body_len = 0;
  resp->status = 0;
}

int sb_reply_raw(struct sb_response *resp, int status, const char *text)
{
  sb_response_release(resp);
  resp->status = status;
  if (!text)
    return 0;
  resp->body = strdup(text);
  if (!resp->body)
    return CSP_E_NOMEM;
  resp->body_len = strlen(text);
  return 0;
}

/* JSON is UTF-8, but cJSON copies bytes as they are: a value echoed from a request (a path
 * segment, a body string) or a description cut at its buffer's end may not be. Such text gets
 * U+FFFD for each bad byte. Returns text, or its repaired copy (text freed); NULL when out of
 * memory. */
static char *valid_utf8(char *text)
{
  size_t len = strlen(text);
  if (utf8_valid(text, len))
    return text;
  struct arena a;
  arena_init(&a, 0);
  const char *fixed = utf8_repair(&a, text, len);
  char *copy = fixed ? strdup(fixed) : NULL;
  arena_release(&a);
  free(text);
  return copy;
}

int sb_reply_json(struct sb_response *resp, int status, cJSON *json)
{
  int rc = 0;
  sb_response_release(resp);
  char *text = json ? cJSON_PrintUnformatted(json) : NULL;
  if (text)
    text = valid_utf8(text);
  if (!text) {
    rc = CSP_E_NOMEM;
    goto out;
  }
  resp->status = status;
  resp->body = text;
  resp->body_len = strlen(text);
out:
  cJSON_Delete(json);
  return rc;
}

static int reply_error(struct sb_response *resp, int status, cJSON *code, const char *fmt,
                       va_list ap)
{
  char description[1024];
  vsnprintf(description, sizeof(description), fmt, ap);
  cJSON *body = cJSON_CreateObject();
  if (!body || !code) {
    cJSON_Delete(body);
    cJSON_Delete(code);
    return CSP_E_NOMEM;
  }
  cJSON_AddItemToObject(body, "code", code);
  cJSON_AddStringToObject(body, "description", description);
  cJSON_AddItemToObject(body, "data", cJSON_CreateArray());
  cJSON_AddStringToObject(body, "source", "PartnerFD");
  return sb_reply_json(resp, status, body);
}

int sb_reply_error(struct sb_response *resp, int status, long code, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int rc = reply_error(resp, status, cJSON_CreateNumber((double)code), fmt, ap);
  va_end(ap);
  return rc;
}

int sb_reply_error_named(struct sb_response *resp, int status, const char *code, const char *fmt,
                         ...)
{
  va_list ap;
  va_start(ap, fmt);
  int rc = reply_error(resp, status, cJSON_CreateString(code), fmt, ap);
  va_end(ap);
  return rc;
}
