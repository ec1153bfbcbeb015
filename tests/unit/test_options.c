/* Tests for src/cli/options.c: the option table, values, errors and default paths. */
#include "cli/options.h"

#include "check.h"
#include "base/diag.h"
#include "base/errors.h"

static int parse(struct options *opts, int argc, const char **argv)
{
  return options_parse(argc, (char **)argv, opts);
}

TEST(values_land_in_their_fields_with_or_without_equals)
{
  struct options o;
  const char *argv[] = {"run",          "in.csv", "--concurrency", "4",   "--rate=50/s",
                        "--only",       "invite", "--delimiter",   "tab", "--limit=10",
                        "--log-format", "json",   "--sandbox"};
  CHECK_INT_EQ(0, parse(&o, 13, argv));
  CHECK_STR_EQ("in.csv", o.input);
  CHECK_INT_EQ(4, o.concurrency);
  CHECK_STR_EQ("50/s", o.rate);
  CHECK_INT_EQ(ONLY_INVITE, o.only);
  CHECK_INT_EQ('\t', o.delimiter);
  CHECK_INT_EQ(10, o.limit);
  CHECK(o.json_logs);
  CHECK(o.sandbox);
  CHECK_STR_EQ("csponboard.yaml", o.config_path);
}

TEST(bad_usage_is_refused)
{
  struct options o;
  FILE *sink = tmpfile();
  diag_setup(DIAG_TEXT, DIAG_INFO, sink);
  const char *unknown[] = {"run", "--frobnicate"};
  CHECK_INT_EQ(CSP_E_USAGE, parse(&o, 2, unknown));
  const char *missing[] = {"run", "--config"};
  CHECK_INT_EQ(CSP_E_USAGE, parse(&o, 2, missing));
  const char *two_inputs[] = {"run", "a.csv", "b.csv"};
  CHECK_INT_EQ(CSP_E_USAGE, parse(&o, 3, two_inputs));
  const char *bad_number[] = {"run", "--concurrency", "0"};
  CHECK_INT_EQ(CSP_E_USAGE, parse(&o, 3, bad_number));
  diag_setup(DIAG_TEXT, DIAG_INFO, NULL);
  fclose(sink);
}

TEST(default_paths_follow_the_report)
{
  struct options o;
  const char *argv[] = {"run", "data/customers.csv"};
  CHECK_INT_EQ(0, parse(&o, 2, argv));
  char buf[1024];
  CHECK_INT_EQ(0, options_default_paths(&o, buf, sizeof(buf)));
  CHECK_STR_EQ("data/customers.report.csv", o.report_path);
  CHECK_STR_EQ("data/customers.report.journal.sqlite", o.journal_path);
  CHECK_STR_EQ("data/customers.report.credentials.csv", o.credentials_path);
  const char *argv2[] = {"run", "x.csv", "--report", "out.csv"};
  CHECK_INT_EQ(0, parse(&o, 4, argv2));
  CHECK_INT_EQ(0, options_default_paths(&o, buf, sizeof(buf)));
  CHECK_STR_EQ("out.journal.sqlite", o.journal_path);
  CHECK_STR_EQ("out.credentials.csv", o.credentials_path);
}

TEST(the_parse_without_a_command_still_takes_every_option)
{
  struct options o;
  const char *argv[] = {"rules sync", "--out", "o", "--online", "--attest-mca", "--help"};
  CHECK_INT_EQ(0, parse(&o, 6, argv));
  CHECK_STR_EQ("o", o.out_dir);
  CHECK(o.online && o.attest_mca && o.help);
}

RUN_TESTS()
