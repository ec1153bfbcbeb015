/* Tests for src/base/strmap.c: put and get, replacement (freeing the old value), growth past
 * the first table, and release freeing every value. */
#include "base/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int freed;

static void count_free(void *value)
{
  freed++;
  free(value);
}

TEST(a_value_is_found_under_its_key_and_a_missing_key_gives_null)
{
  struct strmap m;
  strmap_init(&m, NULL);
  CHECK(strmap_get(&m, "a") == NULL); /* before the first put */
  static int one = 1, two = 2;
  CHECK_INT_EQ(0, strmap_put(&m, "a", &one));
  CHECK_INT_EQ(0, strmap_put(&m, "b", &two));
  CHECK(strmap_get(&m, "a") == &one);
  CHECK(strmap_get(&m, "b") == &two);
  CHECK(strmap_get(&m, "c") == NULL);
  CHECK_INT_EQ(2, m.count);
  strmap_release(&m);
}

TEST(putting_a_key_again_replaces_and_frees_the_old_value)
{
  struct strmap m;
  strmap_init(&m, count_free);
  freed = 0;
  CHECK_INT_EQ(0, strmap_put(&m, "k", strdup("old")));
  CHECK_INT_EQ(0, strmap_put(&m, "k", strdup("new")));
  CHECK_INT_EQ(1, freed);
  CHECK_INT_EQ(1, m.count);
  CHECK_STR_EQ("new", strmap_get(&m, "k"));
  strmap_release(&m);
  CHECK_INT_EQ(2, freed);
}

TEST(the_map_grows_past_its_first_table_and_keeps_every_key)
{
  struct strmap m;
  strmap_init(&m, count_free);
  freed = 0;
  char key[32];
  for (int i = 0; i < 5000; i++) {
    snprintf(key, sizeof(key), "key-%d", i);
    char *value = malloc(16);
    CHECK(value != NULL);
    snprintf(value, 16, "v%d", i);
    CHECK_INT_EQ(0, strmap_put(&m, key, value));
  }
  CHECK_INT_EQ(5000, m.count);
  CHECK(m.cap >= 10000);
  CHECK_STR_EQ("v4321", strmap_get(&m, "key-4321"));
  CHECK_STR_EQ("v0", strmap_get(&m, "key-0"));
  strmap_release(&m);
  CHECK_INT_EQ(5000, freed);
  CHECK_INT_EQ(0, m.count);
}

RUN_TESTS()
