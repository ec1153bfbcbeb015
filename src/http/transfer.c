/* A request on a libcurl easy handle. http_easy_prepare turns a plain struct http_request into
 * a configured handle whose callbacks fill a struct http_response; http_easy_finish reads the
 * outcome back and classifies a failure by whether anything was sent (CURLINFO_REQUEST_SIZE),
 * which is what the exactly-once rule needs: a request that never left may be resent with the
 * same MS-RequestId, one that left without a reply must be reconciled first. http_transfer
 * runs the two around curl_easy_perform for one blocking call. */
#include "http/transfer.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/errors.h"
#include "http/url.h"
#include "base/limits.h"

int http_global_init(void)
{
  return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? CSP_E_OK : CSP_E_NOMEM;
}

void http_global_release(void)
{
  curl_global_cleanup();
}

/* The allocation size for a body of len bytes plus its NUL: the next power of two, so the
 * capacity never needs storing (it follows from body_len). */
static size_t body_capacity(size_t len)
{
  size_t cap = 1024;
  while (cap < len + 1)
    cap *= 2;
  return cap;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
  struct http_response *res = userdata;
  size_t n = size * nmemb;
  size_t want = res->body_len + n;
  if (want > CSP_MAX_RESPONSE_BYTES) {
    free(res->error_text);
    res->error_text = strdup("response body larger than the cap (CSP_MAX_RESPONSE_BYTES)");
    return 0; /* CURLE_WRITE_ERROR */
  }
  if (!res->body || body_capacity(res->body_len) < want + 1) {
    char *grown = realloc(res->body, body_capacity(want));
    if (!grown)
      return 0;
    res->body = grown;
  }
  memcpy(res->body + res->body_len, data, n);
  res->body_len = want;
  res->body[want] = '\0';
  return n;
}

/* Replaces *slot with a copy of value[0..len). */
static void keep_header(char **slot, const char *value, size_t len)
{
  char *copy = strndup(value, len);
  if (copy) {
    free(*slot);
    *slot = copy;
  }
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *userdata)
{
  struct http_response *res = userdata;
  size_t n = size * nmemb, name_len = 0;
  while (name_len < n && line[name_len] != ':')
    name_len++;
  if (name_len == n) {
    if (n >= 5 && strncmp(line, "HTTP/", 5) == 0)
      res->retry_after_s = -1; /* a new response (after 100 Continue): forget the last one's */
    return n;
  }
  const char *value = line + name_len + 1, *end = line + n;
  while (value < end && (*value == ' ' || *value == '\t'))
    value++;
  while (end > value && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
    end--;
  size_t len = (size_t)(end - value);
  if (name_len == 12 && strncasecmp(line, "MS-RequestId", 12) == 0)
    keep_header(&res->request_id, value, len);
  else if (name_len == 16 && strncasecmp(line, "MS-CorrelationId", 16) == 0)
    keep_header(&res->correlation_id, value, len);
  else if (name_len == 5 && strncasecmp(line, "MS-CV", 5) == 0)
    keep_header(&res->ms_cv, value, len);
  else if (name_len == 11 && strncasecmp(line, "Retry-After", 11) == 0)
    res->retry_after_s = 0; /* seen; the value (seconds or date) comes from CURLINFO_RETRY_AFTER */
  return n;
}

/* Appends "name: value" (or "name;" for an empty value, curl's way to send it empty). */
static struct curl_slist *append_header(struct curl_slist *list, const struct http_header *h)
{
  size_t size = strlen(h->name) + strlen(h->value) + 3;
  char *line = malloc(size);
  if (!line)
    return NULL;
  if (h->value[0])
    snprintf(line, size, "%s: %s", h->name, h->value);
  else
    snprintf(line, size, "%s;", h->name);
  struct curl_slist *grown = curl_slist_append(list, line);
  free(line);
  return grown;
}

/* The request's headers plus "Expect:"; NULL when out of memory (the partial list is freed). */
static struct curl_slist *header_list(const struct http_request *req)
{
  struct curl_slist *list = curl_slist_append(NULL, "Expect:");
  for (size_t i = 0; list && i < req->nheaders; i++) {
    struct curl_slist *grown = append_header(list, &req->headers[i]);
    if (!grown)
      curl_slist_free_all(list);
    list = grown;
  }
  return list;
}

static void set_method(CURL *easy, const struct http_request *req)
{
  const char *method = req->method ? req->method : "GET";
  if (strcmp(method, "GET") == 0 && !req->body) {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else if (strcmp(method, "HEAD") == 0) {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, req->body ? req->body : "");
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     (curl_off_t)(req->body ? req->body_len : 0));
    if (strcmp(method, "POST") != 0)
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method);
  }
}

static void set_connection(CURL *easy, const struct http_request *req, long timeout_s,
                           bool verify_tls)
{
  bool verify = verify_tls || !http_url_is_loopback(req->url);
  curl_easy_setopt(easy, CURLOPT_URL, req->url);
  if (req->proxy && *req->proxy)
    curl_easy_setopt(easy, CURLOPT_PROXY, req->proxy);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, timeout_s);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, verify ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L);
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "csponboard/" CSP_VERSION);
}

CURL *http_easy_prepare(const struct http_request *req, long timeout_s, bool verify_tls,
                        struct http_response *res, struct curl_slist **headers_out)
{
  http_response_release(res);
  *headers_out = NULL;
  CURL *easy = curl_easy_init();
  struct curl_slist *headers = easy ? header_list(req) : NULL;
  if (!headers) {
    curl_easy_cleanup(easy);
    res->transport = HTTP_TRANSPORT_OTHER;
    return NULL;
  }
  set_connection(easy, req, timeout_s, verify_tls);
  set_method(easy, req);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, res);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, res);
  *headers_out = headers;
  return easy;
}

/* The transport class of a failed transfer; sent says whether request bytes left. */
static enum http_transport classify(CURLcode result, bool sent)
{
  switch (result) {
  case CURLE_COULDNT_RESOLVE_PROXY:
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_CONNECT:
  case CURLE_SSL_CONNECT_ERROR:
    return HTTP_TRANSPORT_CONNECT;
  case CURLE_OPERATION_TIMEDOUT:
    return sent ? HTTP_TRANSPORT_TIMEOUT : HTTP_TRANSPORT_CONNECT;
  case CURLE_GOT_NOTHING:
  case CURLE_SEND_ERROR:
  case CURLE_RECV_ERROR:
  case CURLE_PARTIAL_FILE:
  case CURLE_HTTP2:
  case CURLE_HTTP2_STREAM:
    return sent ? HTTP_TRANSPORT_SENT_NO_REPLY : HTTP_TRANSPORT_CONNECT;
  default:
    return HTTP_TRANSPORT_OTHER;
  }
}

void http_easy_finish(CURL *easy, CURLcode result, struct http_response *res)
{
  long status = 0, request_size = 0;
  curl_off_t retry_after = 0;
  if (!res->body)
    res->body = calloc(1, 1);
  if (result == CURLE_OK) {
    res->transport = HTTP_TRANSPORT_OK;
    (void)curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    res->status = (int)status;
    if (res->retry_after_s >= 0 &&
        curl_easy_getinfo(easy, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK)
      res->retry_after_s = (long)retry_after;
    return;
  }
  (void)curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_size);
  res->transport = classify(result, request_size > 0);
  res->status = 0;
  res->retry_after_s = -1;
  if (!res->error_text)
    res->error_text = strdup(curl_easy_strerror(result));
}

int http_transfer(const struct http_request *req, long timeout_s, bool verify_tls,
                  struct http_response *res)
{
  struct curl_slist *headers = NULL;
  CURL *easy = http_easy_prepare(req, timeout_s, verify_tls, res, &headers);
  if (!easy)
    return CSP_E_NOMEM;
  http_easy_finish(easy, curl_easy_perform(easy), res);
  curl_easy_cleanup(easy);
  curl_slist_free_all(headers);
  return res->transport == HTTP_TRANSPORT_OK ? CSP_E_OK : CSP_E_UNREACHABLE;
}
