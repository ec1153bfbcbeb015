/* The libmicrohttpd glue, and the public start/port/free of sandbox.h. MHD runs one thread
 * per connection (so latency and a withheld response only hold their own connection), bound
 * to 127.0.0.1. The access handler collects the body up to CSP_SANDBOX_MAX_BODY (beyond:
 * 413), turns the exchange into an sb_request, lets the router fill an sb_response, logs one
 * line, and sends it — or closes the connection for the reset and timeout faults. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/errors.h"
#include "base/limits.h"
#include "sandbox/context.h"
#include "sandbox/router.h"
#include "sandbox/sandbox.h"

#define IDLE_TIMEOUT_S 60
#define MAX_CONNECTIONS 512
#define THREAD_STACK (256 * 1024)
#define ECHO_MAX_BYTES 256 /* longest MS-RequestId / MS-CorrelationId echoed back */

struct sandbox {
  struct sb_ctx ctx;
  struct MHD_Daemon *daemon;
  unsigned port;
};

struct upload {
  char *buf;
  size_t len, cap;
  bool too_large;
};

static const char *lookup(void *conn, enum sb_lookup_kind kind, const char *name)
{
  return MHD_lookup_connection_value(
      conn, kind == SB_HEADER ? MHD_HEADER_KIND : MHD_GET_ARGUMENT_KIND, name);
}

static int append(struct upload *up, const char *data, size_t len)
{
  if (up->too_large || up->len + len > CSP_SANDBOX_MAX_BODY) {
    up->too_large = true;
    return 0;
  }
  if (up->len + len + 1 > up->cap) {
    size_t cap = up->cap ? up->cap : 1024;
    while (cap < up->len + len + 1)
      cap *= 2;
    char *grown = realloc(up->buf, cap);
    if (!grown)
      return CSP_E_NOMEM;
    up->buf = grown;
    up->cap = cap;
  }
  memcpy(up->buf + up->len, data, len);
  up->len += len;
  up->buf[up->len] = '\0';
  return 0;
}

static void add_headers(struct MHD_Response *r, struct MHD_Connection *conn,
                        const struct sb_response *resp)
{
  static const char *const echoed[] = {"MS-RequestId", "MS-CorrelationId"};
  char retry[16];
  if (resp->body_len)
    MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
  for (size_t i = 0; i < sizeof(echoed) / sizeof(echoed[0]); i++) {
    const char *v = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, echoed[i]);
    /* A request id is a GUID. Echoing a huge one would need as much room again in the
     * connection's memory pool, and MHD closes the connection instead of answering when the
     * reply does not fit there. */
    if (v && strlen(v) <= ECHO_MAX_BYTES)
      MHD_add_response_header(r, echoed[i], v);
  }
  MHD_add_response_header(r, "MS-CV", "sandbox.0");
  if (resp->retry_after_s) {
    snprintf(retry, sizeof(retry), "%u", resp->retry_after_s);
    MHD_add_response_header(r, "Retry-After", retry);
  }
  if (resp->allow[0])
    MHD_add_response_header(r, "Allow", resp->allow);
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, struct sb_response *resp)
{
  struct MHD_Response *r =
      MHD_create_response_from_buffer(resp->body_len, resp->body, MHD_RESPMEM_MUST_FREE);
  if (!r)
    return MHD_NO;
  resp->body = NULL; /* MHD frees it */
  add_headers(r, conn, resp);
  enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
  MHD_destroy_response(r);
  return ret;
}

static void log_request(const struct sb_ctx *ctx, const char *method, const char *url,
                        const struct sb_response *resp, uint64_t started_ms)
{
  if (ctx->opts.quiet)
    return;
  const char *outcome = resp->action == SB_RESET                                 ? "reset"
                        : resp->action == SB_HANG || resp->action == SB_WITHHOLD ? "withheld"
                                                                                 : NULL;
  unsigned long long ms = (unsigned long long)(sb_now_ms() - started_ms);
  if (outcome)
    diag_info("sandbox: %s %s -> %s (%llu ms)", method, url, outcome, ms);
  else
    diag_info("sandbox: %s %s -> %d (%llu ms)", method, url, resp->status, ms);
}

static enum MHD_Result respond(struct sandbox *sb, struct MHD_Connection *conn, const char *url,
                               const char *method, struct upload *up)
{
  uint64_t started = sb_now_ms();
  struct sb_request req = {method, url,  up->buf ? up->buf : "", up->len, {NULL}, lookup,
                           conn,   false};
  struct sb_response resp = {0};
  if (up->too_large)
    (void)sb_reply_error_named(&resp, 413, "PayloadTooLarge",
                               "The request body is larger than %d bytes.", CSP_SANDBOX_MAX_BODY);
  else
    sb_router_dispatch(&sb->ctx, &req, &resp);
  log_request(&sb->ctx, method, url, &resp, started);
  if (resp.action == SB_HANG || resp.action == SB_WITHHOLD)
    (void)sb_ctx_sleep_ms(&sb->ctx, sb->ctx.opts.hang_ms);
  if (resp.action != SB_SEND) {
    sb_response_release(&resp);
    return MHD_NO;
  }
  enum MHD_Result ret = send_reply(conn, &resp);
  sb_response_release(&resp);
  return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
  (void)version;
  struct upload *up = *con_cls;
  if (!up) {
    up = calloc(1, sizeof(*up));
    if (!up)
      return MHD_NO;
    *con_cls = up;
    const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    /* Refuse before the body is sent (no 100 Continue): MHD closes after the reply. */
    up->too_large = length && strtoull(length, NULL, 10) > CSP_SANDBOX_MAX_BODY;
    return up->too_large ? respond(cls, conn, url, method, up) : MHD_YES;
  }
  if (*upload_data_size) {
    int rc = append(up, upload_data, *upload_data_size);
    *upload_data_size = 0;
    return rc ? MHD_NO : MHD_YES;
  }
  return respond(cls, conn, url, method, up);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
  (void)cls;
  (void)conn;
  (void)toe;
  struct upload *up = *con_cls;
  if (up) {
    free(up->buf);
    free(up);
    *con_cls = NULL;
  }
}

static struct MHD_Daemon *start_daemon(struct sandbox *sb, unsigned port)
{
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;
  return MHD_start_daemon(
      flags, (uint16_t)port, NULL, NULL, on_request, sb, MHD_OPTION_SOCK_ADDR,
      (struct sockaddr *)&addr, MHD_OPTION_NOTIFY_COMPLETED, on_completed, sb,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_S, MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)MAX_CONNECTIONS, MHD_OPTION_THREAD_STACK_SIZE, (size_t)THREAD_STACK,
      MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)MAX_CONNECTIONS, MHD_OPTION_END);
}

int sandbox_open(const struct sandbox_options *opts, struct sandbox **out)
{
  int rc;
  *out = NULL;
  if (opts->port > 65535) {
    diag_error("sandbox: port %u is out of range", opts->port);
    return CSP_E_USAGE;
  }
  struct sandbox *sb = calloc(1, sizeof(*sb));
  if (!sb)
    return CSP_E_NOMEM;
  if ((rc = sb_ctx_init(&sb->ctx, opts)) != 0)
    goto fail_ctx;
  sb->daemon = start_daemon(sb, opts->port);
  if (!sb->daemon) {
    diag_error("sandbox: cannot listen on 127.0.0.1:%u", opts->port);
    rc = CSP_E_SANDBOX;
    goto fail_daemon;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(sb->daemon, MHD_DAEMON_INFO_BIND_PORT);
  sb->port = info ? info->port : opts->port;
  *out = sb;
  return 0;
fail_daemon:
  sb_ctx_release(&sb->ctx);
fail_ctx:
  free(sb);
  return rc;
}

unsigned sandbox_port(const struct sandbox *sb)
{
  return sb ? sb->port : 0;
}

void sandbox_close(struct sandbox *sb)
{
  if (!sb)
    return;
  sb_ctx_stop(&sb->ctx); /* wake handlers sleeping for latency or a withheld reply */
  MHD_stop_daemon(sb->daemon);
  sb_ctx_release(&sb->ctx);
  free(sb);
}
