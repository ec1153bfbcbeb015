/* Tests for src/partner_center/customer_index.c: lookups by tenant and domain identity, growth,
 * case. */
#include "partner_center/customer_index.h"

#include <stdio.h>

#include "check.h"

TEST(a_customer_is_found_by_tenant_and_by_domain_ignoring_case)
{
  struct customer_index *ix;
  CHECK_INT_EQ(0, customer_index_open(&ix));
  CHECK_INT_EQ(0, customer_index_add(ix, "c-1", "AAAA-1111", "Fabrikam.com"));
  CHECK_STR_EQ("c-1", customer_index_find(ix, "tenant:aaaa-1111"));
  CHECK_STR_EQ("c-1", customer_index_find(ix, "domain:fabrikam.com"));
  CHECK(customer_index_find(ix, "domain:contoso.com") == NULL);
  customer_index_close(ix);
}

TEST(the_index_grows_past_its_first_table)
{
  struct customer_index *ix;
  CHECK_INT_EQ(0, customer_index_open(&ix));
  char id[32], domain[64];
  for (int i = 0; i < 5000; i++) {
    snprintf(id, sizeof(id), "c-%d", i);
    snprintf(domain, sizeof(domain), "d%d.onmicrosoft.com", i);
    CHECK_INT_EQ(0, customer_index_add(ix, id, NULL, domain));
  }
  CHECK_INT_EQ(5000, customer_index_count(ix));
  CHECK_STR_EQ("c-4321", customer_index_find(ix, "domain:d4321.onmicrosoft.com"));
  customer_index_close(ix);
}

/* Found by tenant id and by domain, a customer still counts once ("N existing customers
 * indexed" said twice the real number). */
TEST(the_count_is_of_customers_not_keys)
{
  struct customer_index *ix;
  CHECK_INT_EQ(0, customer_index_open(&ix));
  CHECK_INT_EQ(0, customer_index_add(ix, "c-1", "t-1", "one.onmicrosoft.com"));
  CHECK_INT_EQ(0, customer_index_add(ix, "c-2", "t-2", "two.onmicrosoft.com"));
  CHECK_INT_EQ(2, customer_index_count(ix));
  CHECK_STR_EQ("c-2", customer_index_find(ix, "tenant:t-2"));
  customer_index_close(ix);
}

RUN_TESTS()
