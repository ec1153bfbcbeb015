/* Tests for src/base/arena.c: stable pointers across blocks, the cap, reset reuse. */
#include "base/arena.h"

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

TEST(concat_joins_pieces_and_respects_the_cap)
{
  struct arena a;
  arena_init(&a, 64);
  const char *pieces[] = {"country ", "DE", " (", "Europe", ")"};
  CHECK_STR_EQ("country DE (Europe)", arena_concat(&a, pieces, 5));
  const char *big[] = {"0123456789012345678901234567890123456789", "0123456789012345678901234"};
  CHECK(arena_concat(&a, big, 2) == NULL);
  arena_release(&a);
}

RUN_TESTS()
