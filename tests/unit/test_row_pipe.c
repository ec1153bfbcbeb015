/* Tests for src/row_pipe.c: every row arrives once and in order across many wrap-arounds, the
 * producer's error reaches the consumer, and a consumer that stops early does not hang. */
#include "row_pipe.h"

#include "check.h"
#include "errors.h"

struct counter {
  size_t next, last; /* numbers handed out so far; the one after which the end comes */
  int fail_with;     /* returned instead of the end, when set */
};

static int count_rows(void *ctx, struct row *row, bool *eof)
{
  struct counter *c = ctx;
  row_reset(row);
  if (c->next == c->last) {
    *eof = true;
    return c->fail_with;
  }
  row->number = ++c->next;
  row->value[FIELD_COMPANY_NAME] = arena_printf(&row->arena, "company %zu", row->number);
  return CSP_E_OK;
}

TEST(rows_arrive_once_and_in_order_across_many_wrap_arounds)
{
  struct counter c = {0, 10007, 0};
  struct row_pipe pipe;
  CHECK_INT_EQ(0, row_pipe_start(&pipe, 64, 8, count_rows, &c));
  size_t want = 1;
  struct row *row;
  while ((row = row_pipe_front(&pipe))) {
    CHECK_INT_EQ(want, row->number);
    char expected[32];
    snprintf(expected, sizeof(expected), "company %zu", want);
    CHECK_STR_EQ(expected, row->value[FIELD_COMPANY_NAME]);
    want++;
    row_pipe_release(&pipe);
  }
  CHECK_INT_EQ(10008, want);
  CHECK_INT_EQ(0, row_pipe_finish(&pipe));
}

TEST(an_empty_input_gives_no_row)
{
  struct counter c = {0, 0, 0};
  struct row_pipe pipe;
  CHECK_INT_EQ(0, row_pipe_start(&pipe, 16, 4, count_rows, &c));
  CHECK(row_pipe_front(&pipe) == NULL);
  CHECK_INT_EQ(0, row_pipe_finish(&pipe));
}

TEST(the_producers_error_comes_after_the_rows_it_made)
{
  struct counter c = {0, 5, CSP_E_IO};
  struct row_pipe pipe;
  CHECK_INT_EQ(0, row_pipe_start(&pipe, 16, 4, count_rows, &c));
  size_t n = 0;
  while (row_pipe_front(&pipe)) {
    n++;
    row_pipe_release(&pipe);
  }
  CHECK_INT_EQ(5, n);
  CHECK_INT_EQ(CSP_E_IO, row_pipe_finish(&pipe));
}

TEST(a_consumer_that_stops_early_stops_a_waiting_producer)
{
  struct counter c = {0, 1000000, 0};
  struct row_pipe pipe;
  CHECK_INT_EQ(0, row_pipe_start(&pipe, 16, 4, count_rows, &c));
  for (int i = 0; i < 3 && row_pipe_front(&pipe); i++)
    row_pipe_release(&pipe);
  CHECK_INT_EQ(0, row_pipe_finish(&pipe));
  CHECK(c.next < 1000000);
}

RUN_TESTS()
