/* Tests for src/report/progress.c: the line's content, and that it stays off when not asked for. */
#include "report/progress.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

TEST(the_line_shows_rows_share_rate_eta_and_throttling)
{
  char buf[160];
  progress_format(buf, sizeof(buf), 10000, 500, 250, 1000, 3);
  CHECK_STR_EQ("500 rows, 25% read, 50 rows/s, ETA 30 s, 3 throttled", buf);
}

TEST(without_a_known_size_the_line_has_no_eta)
{
  char buf[160];
  progress_format(buf, sizeof(buf), 2000, 100, 0, 0, 0);
  CHECK_STR_EQ("100 rows, 50 rows/s, 0 throttled", buf);
}

TEST(auto_mode_draws_nothing_when_the_stream_is_not_a_terminal)
{
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  struct progress p;
  progress_init(&p, 0, mem, 0);
  progress_update(&p, 1000, 10, 1, 2, 0);
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
  progress_update(&p, 1000, 10, 1, 2, 0);
  progress_update(&p, 1100, 11, 1, 2, 0); /* too soon: not drawn */
  progress_finish(&p);
  fclose(mem);
  CHECK_CONTAINS(text, "10 rows, 50% read");
  CHECK(!strstr(text, "11 rows"));
  free(text);
}

RUN_TESTS()
