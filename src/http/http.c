/* Small helpers over the plain request/response structs of http.h. */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool http_request_add_header(struct http_request *req, const char *name, const char *value)
{
  if (req->nheaders >= HTTP_MAX_HEADERS)
    return false;
  req->headers[req->nheaders].name = name;
  req->headers[req->nheaders].value = value;
  req->nheaders++;
  return true;
}

bool http_request_set_header(struct http_request *req, const char *name, const char *value)
{
  for (size_t i = 0; i < req->nheaders; i++)
    if (!strcasecmp(req->headers[i].name, name)) {
      req->headers[i].value = value;
      return true;
    }
  return http_request_add_header(req, name, value);
}

void http_response_init(struct http_response *res)
{
  memset(res, 0, sizeof(*res));
  res->retry_after_s = -1;
}

void http_response_release(struct http_response *res)
{
  free(res->body);
  free(res->request_id);
  free(res->correlation_id);
  free(res->ms_cv);
  free(res->error_text);
  http_response_init(res);
}
