/* Tests for src/report/progress.c: the line's content, and that it stays off when not asked for. */
#include "report/progress.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

/* A dry run: 500 rows finished of ~2000 (600 read from 30% of the bytes), at 50 rows/s. */
TEST(the_line_shows_rows_finished_of_the_estimated_total_rate_eta_and_throttling)
{
  char buf[160];
  struct progress_sample s = {
      .rows_done = 500, .rows_read = 600, .bytes_done = 300, .bytes_total = 1000, .throttled = 3};
  progress_format(buf, sizeof(buf), 10000, &s);
  CHECK_STR_EQ("500 of ~2000 rows (25%), 50 rows/s, ETA 30 s, 3 throttled", buf);
}

/* A run reads far ahead of what it finished: the share is of rows finished, not of bytes
 * read, and the ETA is what the rate budget allows for the requests still to send. */
TEST(a_runs_eta_comes_from_the_rows_left_and_the_rate_budget)
{
  char buf[160];
  struct progress_sample s = {.rows_done = 100,
                              .rows_read = 1000,
                              .bytes_done = 1000,
                              .bytes_total = 1000,
                              .requests = 300,
                              .rate_per_s = 10};
  progress_format(buf, sizeof(buf), 2000, &s); /* 50 rows/s seen: 18 s; the budget: 270 s */
  CHECK_STR_EQ("100 of ~1000 rows (10%), 50 rows/s, ETA 270 s, 0 throttled", buf);
}

TEST(without_a_known_size_the_line_has_no_eta)
{
  char buf[160];
  struct progress_sample s = {.rows_done = 100, .rows_read = 100};
  progress_format(buf, sizeof(buf), 2000, &s);
  CHECK_STR_EQ("100 rows, 50 rows/s, 0 throttled", buf);
}

TEST(auto_mode_draws_nothing_when_the_stream_is_not_a_terminal)
{
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  struct progress p;
  progress_init(&p, 0, mem, 0);
  struct progress_sample s = {.rows_done = 10, .rows_read = 10, .bytes_done = 1, .bytes_total = 2};
  progress_update(&p, 1000, &s);
  progress_finish(&p);
  fclose(mem);
  CHECK_INT_EQ(0, len);
  free(text);
}

TEST(forced_mode_draws_and_clears_the_line)
{
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  struct progress p;
  progress_init(&p, 1, mem, 0);
  struct progress_sample s = {.rows_done = 10, .rows_read = 10, .bytes_done = 1, .bytes_total = 2};
  progress_update(&p, 1000, &s);
  s.rows_done = 11;
  progress_update(&p, 1100, &s); /* too soon: not drawn */
  progress_finish(&p);
  fclose(mem);
  CHECK_CONTAINS(text, "10 of ~20 rows (50%)");
  CHECK(!strstr(text, "11 rows"));
  free(text);
}

RUN_TESTS()
