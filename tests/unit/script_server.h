/* A scripted HTTP server for the executor tests: listens on a free loopback port, serves every
 * connection on its own thread, and answers request number i (in order of arrival) with step i
 * of a script (the last step repeats), or with whatever a decide callback picks from the
 * request. A step replies after a delay, closes the connection without a reply, or withholds
 * the reply until the client gives up. Every request is recorded (path, MS-RequestId,
 * Authorization, arrival time), and the largest number of requests being served at once is
 * kept. Each reply says "Connection: close", so one connection carries one request.
 * Header-only; every function is static. Needs check.h and clock.h. */
#ifndef CSP_TEST_SCRIPT_SERVER_H
#define CSP_TEST_SCRIPT_SERVER_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"

#define SS_MAX_REQUESTS 128

enum ss_action { SS_REPLY, SS_RESET, SS_HANG };

struct ss_step {
  enum ss_action action;
  int delay_ms;        /* before the reply (or the close) */
  const char *status;  /* "200 OK" */
  const char *headers; /* extra header lines, each ending in "\r\n", or NULL */
  const char *body;    /* or NULL */
};

struct ss_seen {
  char method[8];
  char path[256];
  char request_id[64];
  char authorization[256];
  long long at_ms; /* clock_now_ms() when the request was read */
};

struct ss_server;
typedef const struct ss_step *(*ss_decide_fn)(struct ss_server *s, const struct ss_seen *req,
                                              int index);

struct ss_server {
  int listen_fd;
  int port;
  char base[64]; /* http://127.0.0.1:PORT */
  const struct ss_step *steps;
  int nsteps;
  ss_decide_fn decide; /* when set, replaces steps */
  void *ctx;           /* for decide */

  pthread_mutex_t mu;
  struct ss_seen seen[SS_MAX_REQUESTS];
  int nseen;
  int active, max_active; /* requests read and not yet answered (or reset, or let go) */

  atomic_bool stop;
  pthread_t acceptor;
  pthread_t workers[SS_MAX_REQUESTS];
  int nworkers;
};

struct ss_conn {
  struct ss_server *s;
  int fd;
};

/* The value of header name in the raw request into out ("" when absent). */
static inline void ss_header(const char *raw, const char *name, char *out, size_t size)
{
  out[0] = '\0';
  size_t n = strlen(name);
  for (const char *p = strstr(raw, "\r\n"); p && p[2] != '\r'; p = strstr(p + 2, "\r\n")) {
    const char *line = p + 2;
    if (!strncasecmp(line, name, n) && line[n] == ':') {
      const char *v = line + n + 1;
      while (*v == ' ')
        v++;
      snprintf(out, size, "%.*s", (int)strcspn(v, "\r\n"), v);
      return;
    }
  }
}

/* Reads one request (headers and a Content-Length body); false when the peer closed first. */
static inline bool ss_read_request(int fd, char *buf, size_t cap)
{
  size_t len = 0, want = 0;
  ssize_t n;
  buf[0] = '\0';
  while (len < cap - 1 && (n = recv(fd, buf + len, cap - 1 - len, 0)) > 0) {
    len += (size_t)n;
    buf[len] = '\0';
    const char *end = strstr(buf, "\r\n\r\n");
    if (end && !want) {
      char cl[32];
      ss_header(buf, "Content-Length", cl, sizeof(cl));
      want = (size_t)(end + 4 - buf) + strtoul(cl, NULL, 10);
    }
    if (want && len >= want)
      return true;
  }
  return false;
}

static inline void ss_send_all(int fd, const char *data, size_t len)
{
  while (len > 0) {
    ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
    if (n <= 0)
      return;
    data += n;
    len -= (size_t)n;
  }
}

static inline void ss_sleep_ms(int ms)
{
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0)
    ;
}

/* Waits until the client closes the connection or the server stops. */
static inline void ss_hang(struct ss_server *s, int fd)
{
  while (!atomic_load(&s->stop)) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 50) != 0)
      return;
  }
}

static inline const struct ss_step *ss_pick(struct ss_server *s, const struct ss_seen *req,
                                            int index)
{
  static const struct ss_step ok = {SS_REPLY, 0, "200 OK", NULL, "{}"};
  if (s->decide)
    return s->decide(s, req, index);
  if (s->nsteps == 0)
    return &ok;
  return &s->steps[index < s->nsteps ? index : s->nsteps - 1];
}

static inline void ss_answer(int fd, const struct ss_step *step)
{
  char head[1024];
  const char *body = step->body ? step->body : "";
  int n = snprintf(head, sizeof(head),
                   "HTTP/1.1 %s\r\n%sContent-Type: application/json\r\nContent-Length: %zu\r\n"
                   "Connection: close\r\n\r\n",
                   step->status, step->headers ? step->headers : "", strlen(body));
  ss_send_all(fd, head, (size_t)n);
  ss_send_all(fd, body, strlen(body));
}

static inline void ss_inactive(struct ss_server *s)
{
  pthread_mutex_lock(&s->mu);
  s->active--;
  pthread_mutex_unlock(&s->mu);
}

static inline void *ss_serve(void *arg)
{
  struct ss_conn *conn = arg;
  struct ss_server *s = conn->s;
  int fd = conn->fd;
  free(conn);
  static _Thread_local char raw[65536];
  if (!ss_read_request(fd, raw, sizeof(raw))) {
    close(fd);
    return NULL;
  }
  struct ss_seen req = {.at_ms = clock_now_ms()};
  (void)sscanf(raw, "%7s %255s", req.method, req.path);
  ss_header(raw, "MS-RequestId", req.request_id, sizeof(req.request_id));
  ss_header(raw, "Authorization", req.authorization, sizeof(req.authorization));
  pthread_mutex_lock(&s->mu);
  int index = s->nseen;
  if (s->nseen < SS_MAX_REQUESTS)
    s->seen[s->nseen++] = req;
  if (++s->active > s->max_active)
    s->max_active = s->active;
  const struct ss_step *step = ss_pick(s, &req, index);
  pthread_mutex_unlock(&s->mu);
  if (step->delay_ms)
    ss_sleep_ms(step->delay_ms);
  /* A request stops counting as active before its answer goes out: the client may start its
   * next request as soon as it has the answer, before this thread runs again. */
  if (step->action != SS_HANG)
    ss_inactive(s);
  if (step->action == SS_REPLY)
    ss_answer(fd, step);
  else if (step->action == SS_HANG) {
    ss_hang(s, fd);
    ss_inactive(s);
  }
  close(fd);
  return NULL;
}

static inline void *ss_accept_loop(void *arg)
{
  struct ss_server *s = arg;
  while (!atomic_load(&s->stop)) {
    struct pollfd p = {s->listen_fd, POLLIN, 0};
    if (poll(&p, 1, 20) <= 0)
      continue;
    int fd = accept(s->listen_fd, NULL, NULL);
    if (fd < 0)
      continue;
    struct ss_conn *conn = malloc(sizeof(*conn));
    if (!conn || s->nworkers == SS_MAX_REQUESTS) {
      free(conn);
      close(fd);
      continue;
    }
    *conn = (struct ss_conn){s, fd};
    if (pthread_create(&s->workers[s->nworkers], NULL, ss_serve, conn) == 0)
      s->nworkers++;
    else {
      free(conn);
      close(fd);
    }
  }
  return NULL;
}

/* Starts the server with a script (steps: nsteps entries, the last repeating; none: "200 {}"). */
static inline bool ss_start(struct ss_server *s, const struct ss_step *steps, int nsteps)
{
  memset(s, 0, sizeof(*s));
  s->steps = steps;
  s->nsteps = nsteps;
  pthread_mutex_init(&s->mu, NULL);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof(addr);
  s->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
  if (s->listen_fd < 0 || bind(s->listen_fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
      getsockname(s->listen_fd, (struct sockaddr *)&addr, &len) != 0 ||
      listen(s->listen_fd, 64) != 0)
    return false;
  s->port = ntohs(addr.sin_port);
  snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%d", s->port);
  return pthread_create(&s->acceptor, NULL, ss_accept_loop, s) == 0;
}

/* Stops accepting, lets every connection finish (a hanging one ends at once) and joins. */
static inline void ss_stop(struct ss_server *s)
{
  atomic_store(&s->stop, true);
  pthread_join(s->acceptor, NULL);
  for (int i = 0; i < s->nworkers; i++)
    pthread_join(s->workers[i], NULL);
  close(s->listen_fd);
  pthread_mutex_destroy(&s->mu);
}

/* How many requests arrived so far. */
static inline int ss_count(struct ss_server *s)
{
  pthread_mutex_lock(&s->mu);
  int n = s->nseen;
  pthread_mutex_unlock(&s->mu);
  return n;
}

#endif
