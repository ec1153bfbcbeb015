/* libFuzzer harness for the customer list's next link: the bytes are a customer page
 * (pc_parse_customer_page), and its links.next is followed (pc_request_follow_link) as the
 * executor would. A link that is followed must stay on the API's origin (the bearer token
 * goes with it) and carry no CR or LF into a URL or header. See tests/fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "partner_center/requests.h"
#include "partner_center/responses.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BASE "https://api.partnercenter.microsoft.com"

static int each_customer(void *ctx, const struct pc_customer *c)
{
  (void)ctx;
  return c->id ? 0 : 1;
}

static bool has_line_break(const char *s)
{
  return s && strpbrk(s, "\r\n");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct arena a;
  arena_init(&a, 1 << 20);
  struct pc_link next;
  memset(&next, 0, sizeof(next));
  int rc = pc_parse_customer_page((const char *)data, size, each_customer, NULL, &a, &next);
  if (rc == 0 && next.uri) {
    struct pc_call call = {BASE, "token", "00000000-0000-0000-0000-000000000001",
                           "00000000-0000-0000-0000-000000000002", &a};
    struct http_request req;
    memset(&req, 0, sizeof(req));
    if (pc_request_follow_link(&call, &next, &req) == 0) {
      if (strncasecmp(req.url, BASE, strlen(BASE)) || !strchr("/?#", req.url[strlen(BASE)]) ||
          has_line_break(req.url))
        abort(); /* another origin (host names ignore case; strchr also takes the end) */
      for (size_t i = 0; i < req.nheaders; i++)
        if (has_line_break(req.headers[i].name) || has_line_break(req.headers[i].value))
          abort();
    }
  }
  arena_release(&a);
  return 0;
}
