/* Tests for src/cli/output_paths.c (every output checked before the first request) and the
 * exit code's promise that 2 means nothing was sent (cli.c: exit_code_for). */
#include "cli/output_paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cli/cli.h"
#include "cli/cli_internal.h"
#include "base/errors.h"

static char dir[64];

static const char *in_dir(const char *name)
{
  static char paths[8][128];
  static int next;
  char *p = paths[next++ % 8];
  snprintf(p, 128, "%s/%s", dir, name);
  return p;
}

static void setup(void)
{
  snprintf(dir, sizeof(dir), "/tmp/csp_test_outputs_XXXXXX");
  if (!mkdtemp(dir))
    abort();
  FILE *f = fopen(in_dir("in.csv"), "w");
  fputs("company_name,country\n", f);
  fclose(f);
}

static struct options run_options(void)
{
  struct options o;
  memset(&o, 0, sizeof(o));
  o.input = in_dir("in.csv");
  o.report_path = in_dir("in.report.csv");
  o.journal_path = in_dir("in.report.journal.sqlite");
  o.credentials_path = in_dir("in.report.credentials.csv");
  return o;
}

TEST(distinct_writable_outputs_pass)
{
  setup();
  struct options o = run_options();
  o.summary_json = in_dir("s.json");
  CHECK_INT_EQ(CSP_E_OK, output_paths_check(&o, true, NULL));
}

TEST(an_output_that_is_the_input_or_another_output_is_refused)
{
  setup();
  struct options o = run_options();
  o.report_path = o.input;
  CHECK_INT_EQ(CSP_E_USAGE, output_paths_check(&o, false, NULL));
  o = run_options();
  o.journal_path = o.report_path;
  CHECK_INT_EQ(CSP_E_USAGE, output_paths_check(&o, true, NULL));
  CHECK_INT_EQ(CSP_E_OK, output_paths_check(&o, false, NULL)); /* validate writes no journal */
  o = run_options();
  CHECK_INT_EQ(0, symlink(o.input, in_dir("link.csv")));
  o.summary_json = in_dir("link.csv");
  CHECK_INT_EQ(CSP_E_USAGE, output_paths_check(&o, false, NULL));
  o = run_options(); /* the HTML summary of in.report.csv is in.report.html */
  o.input = in_dir("in.report.html");
  FILE *f = fopen(o.input, "w");
  fclose(f);
  CHECK_INT_EQ(CSP_E_USAGE, output_paths_check(&o, false, NULL));
}

TEST(a_folder_or_a_missing_folder_as_an_output_is_refused)
{
  setup();
  struct options o = run_options();
  o.report_path = in_dir("");
  CHECK_INT_EQ(CSP_E_USAGE, output_paths_check(&o, false, NULL));
  o = run_options();
  o.summary_json = "/nonexistent/s.json";
  CHECK_INT_EQ(CSP_E_USAGE, output_paths_check(&o, false, NULL));
  o = run_options();
  mkdir(in_dir("d.csv"), 0700);
  o.report_path = in_dir("d.csv");
  CHECK_INT_EQ(CSP_E_USAGE, output_paths_check(&o, false, NULL));
}

TEST(exit_2_is_never_given_once_a_request_was_sent)
{
  struct summary sum;
  summary_init(&sum, "run", 0);
  CHECK_INT_EQ(CLI_EXIT_USAGE, exit_code_for(CSP_E_IO, &sum));
  sum.requests = 1;
  CHECK_INT_EQ(CLI_EXIT_FATAL, exit_code_for(CSP_E_IO, &sum));
  CHECK_INT_EQ(CLI_EXIT_LOCKED, exit_code_for(CSP_E_LOCKED, &sum));
}

RUN_TESTS()
