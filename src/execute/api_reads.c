/* Blocking reads through the signed-in session (api_reads.h): the customer list, paged once
 * into a local index, and the GETs whose single value a run shares. Moved out of the execute
 * stage so that `invites status` pages the customer list with the same code as `run`. */
#include "execute/api_reads.h"

#include "base/diag.h"
#include "base/errors.h"
#include "base/limits.h"
#include "partner_center/responses.h"

#define CUSTOMER_PAGE_SIZE 500
#define CUSTOMER_MAX_PAGES 100000
#define API_READ_ATTEMPTS CSP_DEFAULT_MAX_ATTEMPTS

static int status_error(const struct http_response *res, const char *what)
{
  if (res->status == 404) {
    diag_error("%s: not found (HTTP 404)", what);
    return CSP_E_NOT_FOUND;
  }
  if (res->status == 403) {
    diag_error("%s: Partner Center answered 403: the signed-in user needs the admin agent "
               "role (or the app lacks App+User consent)",
               what);
    return CSP_E_FORBIDDEN;
  }
  diag_error("%s: unexpected HTTP %d", what, res->status);
  return CSP_E_UNREACHABLE;
}

int api_get(struct api_session *s, struct arena *a, const char *what, api_request_fn *build,
            void *ctx, struct http_response *res)
{
  char request_id[UUID_STR_SIZE], correlation_id[UUID_STR_SIZE] = "";
  struct pc_call pc;
  api_session_call(s, a, request_id, correlation_id, &pc);
  struct http_request req = {0};
  int rc = build(&pc, ctx, &req);
  if (!rc)
    rc = api_session_send(s, &req, res);
  if (!rc && res->status != 200)
    rc = status_error(res, what);
  return rc;
}

static int add_customer(void *ctx, const struct pc_customer *c)
{
  return customer_index_add(ctx, c->id, c->tenant_id, c->domain);
}

/* The page link points at, or the first when link->uri is NULL. */
static int build_page(const struct pc_call *pc, void *ctx, struct http_request *req)
{
  const struct pc_link *link = ctx;
  return link->uri ? pc_request_follow_link(pc, link, req)
                   : pc_request_customers_page(pc, CUSTOMER_PAGE_SIZE, req);
}

static int fetch_page_once(struct api_session *s, struct arena *a, struct pc_link *link,
                           struct customer_index *ix)
{
  struct http_response res;
  http_response_init(&res);
  int rc = api_get(s, a, "reading the customer list", build_page, link, &res);
  if (!rc)
    rc = pc_parse_customer_page(res.body, res.body_len, add_customer, ix, a, link);
  http_response_release(&res);
  return rc;
}

/* An answer that is not the JSON expected (a truncated body, a proxy's error page) says
 * nothing about the data: ask again a few times before giving up, and say why. */
static int unreadable(const char *what)
{
  diag_error("%s: the answer could not be read (not the JSON Partner Center sends), %d times", what,
             API_READ_ATTEMPTS);
  return CSP_E_PROTOCOL;
}

/* Reads the page link points at (the first when link->uri is NULL) into the index and
 * replaces *link with the next page's link. */
static int fetch_page(struct api_session *s, struct arena *a, struct pc_link *link,
                      struct customer_index *ix)
{
  const struct pc_link current = *link;
  int rc = CSP_E_PROTOCOL;
  for (int attempt = 0; rc == CSP_E_PROTOCOL && attempt < API_READ_ATTEMPTS; attempt++) {
    *link = current; /* a failed parse clears it */
    rc = fetch_page_once(s, a, link, ix);
  }
  return rc == CSP_E_PROTOCOL ? unreadable("reading the customer list") : rc;
}

int api_read_customers(struct api_session *s, struct customer_index **out)
{
  struct customer_index *ix = NULL;
  int rc = customer_index_open(&ix);
  struct arena a;
  arena_init(&a, 0);
  struct pc_link link = {0};
  for (int page = 0; !rc && page < CUSTOMER_MAX_PAGES; page++) {
    rc = fetch_page(s, &a, &link, ix);
    if (!link.uri)
      break;
  }
  arena_release(&a);
  if (rc) {
    customer_index_close(ix);
    ix = NULL;
  }
  *out = ix;
  return rc;
}

static int build_shared(const struct pc_call *pc, void *ctx, struct http_request *req)
{
  api_build_fn *build = *(api_build_fn **)ctx;
  return build(pc, req);
}

static int read_shared_once(struct api_session *s, const char *what, api_build_fn *build,
                            api_parse_fn *parse, const char **out)
{
  struct http_response res;
  http_response_init(&res);
  int rc = api_get(s, &s->arena, what, build_shared, &build, &res);
  if (!rc)
    rc = parse(res.body, res.body_len, &s->arena, out);
  http_response_release(&res);
  return rc;
}

int api_read_shared(struct api_session *s, const char *what, api_build_fn *build,
                    api_parse_fn *parse, const char **out)
{
  int rc = CSP_E_PROTOCOL;
  for (int attempt = 0; rc == CSP_E_PROTOCOL && attempt < API_READ_ATTEMPTS; attempt++)
    rc = read_shared_once(s, what, build, parse, out);
  return rc == CSP_E_PROTOCOL ? unreadable(what) : rc;
}
