/* Tests for src/arena.c: stable pointers across blocks, the cap, reset reuse. */
#include "arena.h"

#include <string.h>

#include "check.h"

TEST(strings_stay_valid_after_the_arena_grows_new_blocks)
{
  struct arena a;
  arena_init(&a, 0);
  char *first = arena_strdup(&a, "first");
  for (int i = 0; i < 2000; i++)
    CHECK(arena_printf(&a, "filler %d", i) != NULL);
  CHECK_STR_EQ("first", first);
  arena_release(&a);
}

TEST(an_allocation_past_the_cap_returns_null)
{
  struct arena a;
  arena_init(&a, 100);
  CHECK(arena_alloc(&a, 64) != NULL);
  CHECK(arena_alloc(&a, 64) == NULL);
  arena_release(&a);
}

TEST(reset_forgets_allocations_and_allows_the_cap_again)
{
  struct arena a;
  arena_init(&a, 100);
  CHECK(arena_alloc(&a, 96) != NULL);
  arena_reset(&a);
  CHECK_INT_EQ(0, a.used);
  CHECK(arena_alloc(&a, 96) != NULL);
  arena_release(&a);
}

TEST(a_large_allocation_gets_a_block_of_its_own_size)
{
  struct arena a;
  arena_init(&a, 0);
  char *big = arena_alloc(&a, 100000);
  CHECK(big != NULL);
  memset(big, 'x', 100000);
  arena_release(&a);
}

RUN_TESTS()
