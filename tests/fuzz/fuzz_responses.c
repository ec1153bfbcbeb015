/* libFuzzer harness for the Partner Center response parsers (src/partner_center/responses.h):
 * the bytes are handed to every parser; each must return a code, never crash, and put what
 * it returns in the arena. See tests/fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "partner_center/responses.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_customer(void *ctx, const struct pc_customer *c)
{
  size_t *n = ctx;
  *n += strlen(c->id) + strlen(c->tenant_id) + strlen(c->domain) + strlen(c->company_name);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *body = (const char *)data;
  struct arena a;
  arena_init(&a, 1 << 20);
  struct pc_api_error err;
  if (pc_parse_error(body, size, &a, &err) == 0 && (!err.code || !err.description))
    abort();
  (void)pc_error_is_mca_already_attested(&err);
  struct pc_created_customer cc;
  if (pc_parse_created_customer(body, size, &a, &cc) == 0 && (!cc.customer_id || !cc.tenant_id))
    abort();
  size_t n = 0;
  struct pc_link next;
  (void)pc_parse_customer_page(body, size, count_customer, &n, &a, &next);
  const char *s = NULL;
  (void)pc_parse_relationship_link(body, size, &a, &s);
  (void)pc_parse_agreement_template(body, size, &a, &s);
  struct pc_address_check check;
  if (pc_parse_address_check(body, size, &a, &check) == 0 && !check.status)
    abort();
  arena_release(&a);
  return 0;
}
