/* Tests for src/pipeline/row_window.c: order, capacity, wrap-around. */
#include "pipeline/row_window.h"

#include "check.h"

TEST(rows_leave_in_the_order_they_came_across_wrap_around)
{
  struct row_window w;
  CHECK_INT_EQ(0, row_window_init(&w, 3));
  size_t next_in = 1, next_out = 1;
  for (int round = 0; round < 5; round++) {
    while (!row_window_full(&w))
      row_window_push(&w)->number = next_in++;
    CHECK(row_window_push(&w) == NULL);
    CHECK_INT_EQ(next_out++, row_window_front(&w)->number);
    row_window_pop(&w);
  }
  while (row_window_front(&w)) {
    CHECK_INT_EQ(next_out++, row_window_front(&w)->number);
    row_window_pop(&w);
  }
  CHECK_INT_EQ(next_in, next_out);
  row_window_release(&w);
}

TEST(unpush_gives_back_the_last_slot)
{
  struct row_window w;
  CHECK_INT_EQ(0, row_window_init(&w, 2));
  row_window_push(&w)->number = 1;
  row_window_push(&w);
  row_window_unpush(&w);
  CHECK_INT_EQ(1, w.count);
  CHECK_INT_EQ(1, row_window_front(&w)->number);
  row_window_release(&w);
}

RUN_TESTS()
