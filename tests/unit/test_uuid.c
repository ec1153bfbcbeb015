/* Tests for src/base/uuid.c: the v4 layout, uniqueness, and reproducible seeding. */
#include "base/uuid.h"

#include <string.h>

#include "check.h"
#include "base/errors.h"

/* True when s looks like xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx in lower case. */
static int is_v4(const char *s)
{
  if (strlen(s) != 36)
    return 0;
  for (size_t i = 0; i < 36; i++) {
    int dash = (i == 8 || i == 13 || i == 18 || i == 23);
    if (dash != (s[i] == '-'))
      return 0;
    if (!dash && !strchr("0123456789abcdef", s[i]))
      return 0;
  }
  return s[14] == '4' && strchr("89ab", s[19]) != NULL;
}

TEST(a_generated_uuid_has_the_version_4_layout)
{
  struct uuid_gen g;
  char id[UUID_STR_SIZE];
  CHECK_INT_EQ(CSP_E_OK, uuid_gen_init(&g));
  for (int i = 0; i < 100; i++) {
    uuid_gen_next(&g, id);
    CHECK(is_v4(id));
  }
}

TEST(consecutive_uuids_differ)
{
  struct uuid_gen g;
  char a[UUID_STR_SIZE], b[UUID_STR_SIZE];
  CHECK_INT_EQ(CSP_E_OK, uuid_gen_init(&g));
  uuid_gen_next(&g, a);
  uuid_gen_next(&g, b);
  CHECK(strcmp(a, b) != 0);
}

TEST(the_same_seed_gives_the_same_sequence)
{
  struct uuid_gen g1, g2;
  char a[UUID_STR_SIZE], b[UUID_STR_SIZE];
  uuid_gen_seed(&g1, 42);
  uuid_gen_seed(&g2, 42);
  uuid_gen_next(&g1, a);
  uuid_gen_next(&g2, b);
  CHECK_STR_EQ(a, b);
}

TEST(a_kernel_drawn_uuid_has_the_version_4_layout)
{
  char id[UUID_STR_SIZE];
  CHECK_INT_EQ(CSP_E_OK, uuid_random(id));
  CHECK(is_v4(id));
}

RUN_TESTS()
