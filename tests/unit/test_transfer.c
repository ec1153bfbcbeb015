/* Tests for src/http/transfer.c against a one-shot TCP server in a thread: canned replies,
 * a connection closed without a reply, a reply that never comes, a refused port, and the
 * bytes the client actually sent. */
#include "http/transfer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "base/errors.h"
#include "http/url.h"
#include "base/limits.h"

/* What the server does after reading one request. */
enum server_mode { REPLY, CLOSE_SILENTLY, HANG, REPLY_HUGE };

struct server {
  int listen_fd;
  int port;
  enum server_mode mode;
  const char *reply;
  char request[16384]; /* what the client sent, NUL-terminated */
  size_t request_len;
  pthread_t thread;
};

/* Reads until the end of the headers and the Content-Length body (or EOF). */
static void read_request(struct server *s, int fd)
{
  size_t want = 0;
  ssize_t n;
  while (s->request_len < sizeof(s->request) - 1 &&
         (n = recv(fd, s->request + s->request_len, sizeof(s->request) - 1 - s->request_len, 0)) >
             0) {
    s->request_len += (size_t)n;
    s->request[s->request_len] = '\0';
    const char *end = strstr(s->request, "\r\n\r\n");
    const char *cl = strstr(s->request, "Content-Length:");
    if (end && !want)
      want = (size_t)(end + 4 - s->request) + (cl ? strtoul(cl + 15, NULL, 10) : 0);
    if (want && s->request_len >= want)
      break;
  }
}

static void send_all(int fd, const char *data, size_t len)
{
  while (len > 0) {
    ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
    if (n <= 0)
      return;
    data += n;
    len -= (size_t)n;
  }
}

/* A reply one byte over the body cap, sent until the client gives up. */
static void send_huge(int fd)
{
  char head[128];
  static char chunk[65536];
  size_t total = (size_t)CSP_MAX_RESPONSE_BYTES + 1;
  int n = snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", total);
  send_all(fd, head, (size_t)n);
  for (size_t sent = 0; sent < total; sent += sizeof(chunk))
    send_all(fd, chunk, sizeof(chunk));
}

static void *serve_once(void *arg)
{
  struct server *s = arg;
  int fd = accept(s->listen_fd, NULL, NULL);
  if (fd < 0)
    return NULL;
  read_request(s, fd);
  if (s->mode == REPLY)
    send_all(fd, s->reply, strlen(s->reply));
  else if (s->mode == REPLY_HUGE)
    send_huge(fd);
  else if (s->mode == HANG) {
    struct pollfd p = {fd, POLLIN, 0};
    (void)poll(&p, 1, 5000); /* until the client gives up and closes */
  }
  close(fd);
  return NULL;
}

/* A listening socket on 127.0.0.1 with a free port. */
static int listen_loopback(int *port)
{
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof(addr);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &len) != 0)
    return -1;
  *port = ntohs(addr.sin_port);
  return fd;
}

static void server_start(struct server *s, enum server_mode mode, const char *reply)
{
  memset(s, 0, sizeof(*s));
  s->mode = mode;
  s->reply = reply;
  s->listen_fd = listen_loopback(&s->port);
  CHECK(s->listen_fd >= 0 && listen(s->listen_fd, 1) == 0);
  CHECK_INT_EQ(0, pthread_create(&s->thread, NULL, serve_once, s));
}

static void server_stop(struct server *s)
{
  pthread_join(s->thread, NULL);
  close(s->listen_fd);
}

/* Sends a request to the server at path and fills res. */
static int send_to(struct server *s, const char *method, const char *body, long timeout_s,
                   struct http_response *res)
{
  char url[64];
  snprintf(url, sizeof(url), "http://127.0.0.1:%d/v1/customers", s->port);
  struct http_request req = {method, url, {{0}}, 0, body, body ? strlen(body) : 0, NULL};
  http_request_add_header(&req, "Authorization", "Bearer tok");
  http_request_add_header(&req, "MS-RequestId", "rid-1");
  if (body)
    http_request_add_header(&req, "Content-Type", "application/json");
  http_response_init(res);
  return http_transfer(&req, timeout_s, false, res);
}

TEST(a_200_reply_gives_status_body_and_the_ms_headers)
{
  struct server s;
  struct http_response res;
  server_start(&s, REPLY,
               "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
               "MS-RequestId: rid-1\r\nms-correlationid: cid-9\r\nMS-CV: cv.1.2\r\n"
               "Content-Length: 12\r\nConnection: close\r\n\r\n{\"id\":\"c-1\"}");
  CHECK_INT_EQ(CSP_E_OK, send_to(&s, "POST", "{\"a\":1}", 5, &res));
  server_stop(&s);
  CHECK_INT_EQ(HTTP_TRANSPORT_OK, res.transport);
  CHECK_INT_EQ(201, res.status);
  CHECK_STR_EQ("{\"id\":\"c-1\"}", res.body);
  CHECK_INT_EQ(12, res.body_len);
  CHECK_STR_EQ("rid-1", res.request_id);
  CHECK_STR_EQ("cid-9", res.correlation_id);
  CHECK_STR_EQ("cv.1.2", res.ms_cv);
  CHECK_INT_EQ(-1, res.retry_after_s);
  CHECK(res.error_text == NULL);
  http_response_release(&res);
}

TEST(the_request_carries_method_headers_and_body_and_no_expect)
{
  struct server s;
  struct http_response res;
  server_start(&s, REPLY, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
  CHECK_INT_EQ(CSP_E_OK, send_to(&s, "POST", "{\"k\":\"v\"}", 5, &res));
  server_stop(&s);
  CHECK(strncmp(s.request, "POST /v1/customers HTTP/1.1\r\n", 29) == 0);
  CHECK_CONTAINS(s.request, "\r\nAuthorization: Bearer tok\r\n");
  CHECK_CONTAINS(s.request, "\r\nMS-RequestId: rid-1\r\n");
  CHECK_CONTAINS(s.request, "\r\nContent-Type: application/json\r\n");
  CHECK_CONTAINS(s.request, "\r\n\r\n{\"k\":\"v\"}");
  CHECK(!strstr(s.request, "Expect:"));
  CHECK_INT_EQ(204, res.status);
  CHECK_STR_EQ("", res.body);
  http_response_release(&res);
}

TEST(a_request_with_a_proxy_goes_to_the_proxy_in_absolute_form)
{
  struct server s;
  struct http_response res;
  server_start(&s, REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
  char proxy[64];
  snprintf(proxy, sizeof(proxy), "http://127.0.0.1:%d", s.port);
  struct http_request req = {"GET", "http://partner.invalid/v1/customers", {{0}}, 0, NULL, 0,
                             proxy};
  http_response_init(&res);
  CHECK_INT_EQ(CSP_E_OK, http_transfer(&req, 5, false, &res));
  server_stop(&s);
  CHECK(strncmp(s.request, "GET http://partner.invalid/v1/customers HTTP/1.1\r\n", 50) == 0);
  CHECK_INT_EQ(200, res.status);
  http_response_release(&res);
}

TEST(a_head_request_gets_the_status_without_a_body)
{
  struct server s;
  struct http_response res;
  server_start(&s, REPLY, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
  CHECK_INT_EQ(CSP_E_OK, send_to(&s, "HEAD", NULL, 5, &res));
  server_stop(&s);
  CHECK(strncmp(s.request, "HEAD /v1/customers HTTP/1.1\r\n", 29) == 0);
  CHECK_INT_EQ(404, res.status);
  CHECK_INT_EQ(0, res.body_len);
  http_response_release(&res);
}

TEST(a_429_reply_gives_its_retry_after_seconds)
{
  struct server s;
  struct http_response res;
  server_start(&s, REPLY,
               "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Length: 42\r\n"
               "Connection: close\r\n\r\n{\"statusCode\":429,\"message\":\"Rate limit.\"}");
  CHECK_INT_EQ(CSP_E_OK, send_to(&s, "GET", NULL, 5, &res));
  server_stop(&s);
  CHECK_INT_EQ(429, res.status);
  CHECK_INT_EQ(7, res.retry_after_s);
  CHECK_CONTAINS(res.body, "Rate limit.");
  http_response_release(&res);
}

TEST(a_connection_closed_without_a_reply_is_sent_no_reply)
{
  struct server s;
  struct http_response res;
  server_start(&s, CLOSE_SILENTLY, NULL);
  CHECK_INT_EQ(CSP_E_UNREACHABLE, send_to(&s, "POST", "{}", 5, &res));
  server_stop(&s);
  CHECK_INT_EQ(HTTP_TRANSPORT_SENT_NO_REPLY, res.transport);
  CHECK_INT_EQ(0, res.status);
  CHECK(res.error_text != NULL);
  http_response_release(&res);
}

TEST(a_reply_cut_short_is_sent_no_reply)
{
  struct server s;
  struct http_response res;
  server_start(&s, REPLY, "HTTP/1.1 201 Created\r\nContent-Length: 100\r\n\r\n{\"id\":");
  CHECK_INT_EQ(CSP_E_UNREACHABLE, send_to(&s, "POST", "{}", 5, &res));
  server_stop(&s);
  CHECK_INT_EQ(HTTP_TRANSPORT_SENT_NO_REPLY, res.transport);
  http_response_release(&res);
}

TEST(a_reply_that_never_comes_is_a_timeout)
{
  struct server s;
  struct http_response res;
  server_start(&s, HANG, NULL);
  CHECK_INT_EQ(CSP_E_UNREACHABLE, send_to(&s, "POST", "{}", 1, &res));
  server_stop(&s);
  CHECK_INT_EQ(HTTP_TRANSPORT_TIMEOUT, res.transport);
  http_response_release(&res);
}

TEST(a_refused_port_is_a_connect_failure)
{
  struct server s = {0};
  struct http_response res;
  int fd = listen_loopback(&s.port);
  CHECK(fd >= 0);
  close(fd); /* bound but never listening: the port now refuses connections */
  CHECK_INT_EQ(CSP_E_UNREACHABLE, send_to(&s, "GET", NULL, 5, &res));
  CHECK_INT_EQ(HTTP_TRANSPORT_CONNECT, res.transport);
  CHECK(res.error_text != NULL);
  http_response_release(&res);
}

TEST(a_body_over_the_cap_is_refused)
{
  struct server s;
  struct http_response res;
  server_start(&s, REPLY_HUGE, NULL);
  CHECK_INT_EQ(CSP_E_UNREACHABLE, send_to(&s, "GET", NULL, 10, &res));
  server_stop(&s);
  CHECK_INT_EQ(HTTP_TRANSPORT_OTHER, res.transport);
  CHECK_CONTAINS(res.error_text, "cap");
  http_response_release(&res);
}

TEST(the_prepared_handle_can_be_driven_by_another_loop)
{
  struct server s;
  struct http_response res;
  struct curl_slist *headers;
  char url[64];
  server_start(&s, REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  snprintf(url, sizeof(url), "http://127.0.0.1:%d/", s.port);
  struct http_request req = {"GET", url, {{0}}, 0, NULL, 0, NULL};
  http_response_init(&res);
  CURL *easy = http_easy_prepare(&req, 5, true, &res, &headers);
  CHECK(easy != NULL);
  http_easy_finish(easy, curl_easy_perform(easy), &res);
  curl_easy_cleanup(easy);
  curl_slist_free_all(headers);
  server_stop(&s);
  CHECK_INT_EQ(200, res.status);
  CHECK_STR_EQ("ok", res.body);
  http_response_release(&res);
}

RUN_TESTS()
