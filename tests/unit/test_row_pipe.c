/* Tests for src/pipeline/row_pipe.c: every row arrives once and in order across many wrap-arounds,
 * the producer's error reaches the consumer, a consumer that stops early does not hang, and the
 * complete step runs exactly once per row, on the consumer too when the producer is slow. */
#include "pipeline/row_pipe.h"

#include <time.h>

#include "check.h"
#include "base/errors.h"

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
  struct row_pipe_stages only_produce = {count_rows, NULL, &c, NULL, NULL};
  struct row_pipe pipe;
  CHECK_INT_EQ(0, row_pipe_init(&pipe, 64, 8, &only_produce));
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
  struct row_pipe_stages only_produce = {count_rows, NULL, &c, NULL, NULL};
  struct row_pipe pipe;
  CHECK_INT_EQ(0, row_pipe_init(&pipe, 16, 4, &only_produce));
  CHECK(row_pipe_front(&pipe) == NULL);
  CHECK_INT_EQ(0, row_pipe_finish(&pipe));
}

TEST(the_producers_error_comes_after_the_rows_it_made)
{
  struct counter c = {0, 5, CSP_E_IO};
  struct row_pipe_stages only_produce = {count_rows, NULL, &c, NULL, NULL};
  struct row_pipe pipe;
  CHECK_INT_EQ(0, row_pipe_init(&pipe, 16, 4, &only_produce));
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
  struct row_pipe_stages only_produce = {count_rows, NULL, &c, NULL, NULL};
  struct row_pipe pipe;
  CHECK_INT_EQ(0, row_pipe_init(&pipe, 16, 4, &only_produce));
  for (int i = 0; i < 3 && row_pipe_front(&pipe); i++)
    row_pipe_release(&pipe);
  CHECK_INT_EQ(0, row_pipe_finish(&pipe));
  CHECK(c.next < 1000000);
}

/* The complete step's scratch: which thread it is, how many rows it completed, and how long
 * each takes there. */
struct completer {
  const char *name;
  size_t done;
  long delay_ns;
};

static void mark_completed(void *ctx, void *scratch, struct row *row)
{
  struct completer *who = scratch;
  (void)ctx;
  if (who->delay_ns)
    nanosleep(&(struct timespec){0, who->delay_ns}, NULL);
  row->duplicate_of++; /* completed once: 1 */
  row->value[FIELD_CITY] = who->name;
  who->done++;
}

/* Runs rows rows through a pipe whose complete step takes producer_delay_ns on the producer's
 * thread; checks every row arrives in order, completed exactly once. */
static void run_completed(size_t rows, long producer_delay_ns, struct completer *producer,
                          struct completer *consumer)
{
  *producer = (struct completer){"producer", 0, producer_delay_ns};
  *consumer = (struct completer){"consumer", 0, 0};
  struct counter c = {0, rows, 0};
  struct row_pipe_stages stages = {count_rows, mark_completed, &c, producer, consumer};
  struct row_pipe pipe;
  CHECK_INT_EQ(0, row_pipe_init(&pipe, 64, 8, &stages));
  size_t want = 1, bad = 0;
  struct row *row;
  while ((row = row_pipe_front(&pipe))) {
    bad += row->number != want++ || row->duplicate_of != 1 || !*row_get(row, FIELD_CITY);
    size_t ready = row_pipe_ready(&pipe);
    bad += ready == 0 || row_pipe_peek(&pipe, 0) != row;
    for (size_t i = 1; i < ready; i++) /* rows ready ahead are complete and in order */
      bad += row_pipe_peek(&pipe, i)->duplicate_of != 1 ||
             row_pipe_peek(&pipe, i)->number != row->number + i;
    row_pipe_release(&pipe);
  }
  CHECK_INT_EQ(rows + 1, want);
  CHECK_INT_EQ(0, bad);
  CHECK_INT_EQ(0, row_pipe_finish(&pipe));
  CHECK_INT_EQ(rows, producer->done + consumer->done);
}

TEST(every_row_is_completed_exactly_once_before_the_consumer_gets_it)
{
  struct completer producer, consumer;
  run_completed(20011, 0, &producer, &consumer);
  run_completed(4096, 0, &producer, &consumer); /* the end on a chunk and batch boundary */
  run_completed(1, 0, &producer, &consumer);
}

TEST(the_consumer_completes_rows_itself_when_the_producer_is_slow_at_it)
{
  struct completer producer, consumer;
  run_completed(2000, 100000, &producer, &consumer);
  CHECK(consumer.done > 0);
}

TEST(with_a_complete_step_the_producers_error_comes_after_its_rows_all_completed)
{
  struct completer producer = {"producer", 0, 0}, consumer = {"consumer", 0, 0};
  struct counter c = {0, 37, CSP_E_IO}; /* the error inside a chunk and a batch */
  struct row_pipe_stages stages = {count_rows, mark_completed, &c, &producer, &consumer};
  struct row_pipe pipe;
  CHECK_INT_EQ(0, row_pipe_init(&pipe, 64, 8, &stages));
  size_t n = 0, bad = 0;
  struct row *row;
  while ((row = row_pipe_front(&pipe))) {
    bad += row->number != ++n || row->duplicate_of != 1;
    row_pipe_release(&pipe);
  }
  CHECK_INT_EQ(37, n);
  CHECK_INT_EQ(0, bad);
  CHECK_INT_EQ(CSP_E_IO, row_pipe_finish(&pipe));
  CHECK_INT_EQ(37, producer.done + consumer.done);
}

TEST(sizes_that_break_the_rules_are_refused)
{
  struct row_pipe pipe;
  struct counter c = {0};
  struct row_pipe_stages only_produce = {count_rows, NULL, &c, NULL, NULL};
  CHECK_INT_EQ(CSP_E_USAGE, row_pipe_init(&pipe, 48, 8, &only_produce));
  CHECK_INT_EQ(CSP_E_USAGE, row_pipe_init(&pipe, 64, 6, &only_produce));
  CHECK_INT_EQ(CSP_E_USAGE, row_pipe_init(&pipe, 8, 16, &only_produce));
  struct row_pipe_stages with_complete = {count_rows, mark_completed, &c, NULL, NULL};
  CHECK_INT_EQ(CSP_E_USAGE, row_pipe_init(&pipe, 64, 32, &with_complete));
}

RUN_TESTS()
