/* Tests for src/pipeline/pipeline.c, the driver, in a dry run (no executor): small CSV files
 * written to a temporary folder go through pipeline_open / pipeline_run / pipeline_close with
 * the generated schemas/, and the report the run writes is read back. Cases: every row once in
 * input order with its verdict (invalid keeps its reason, a duplicate names the earlier row),
 * also for a file longer than the dry run's read-ahead between its two threads; --max-errors in
 * a dry run (nothing is sent, so no row becomes not_attempted); a run stopped before its first
 * row (pipeline_stop) reporting every row that would have been sent not_attempted; a missing
 * column failing at open with no report written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "base/errors.h"
#include "input/report_columns.h"
#include "pipeline/pipeline.h"

#define HEADER \
  "action,company_name,domain,tenant_id,first_name,middle_name,last_name,email,phone," \
  "address_line1,address_line2,address_line3,city,state,postal_code,country,culture,language," \
  "organization_registration_number,associated_partner_id,mca_accepted_at\n"
#define MAX_ROWS 2600
#define MAX_CELLS 48
/* The report's cells this test reads (report_columns.c). */
#define COL_ROW 0
#define COL_LINE 1
#define COL_STATUS 3
#define COL_REASON 4
#define COL_REASON_TEXT 5
#define COL_COMPANY (REPORT_RESULT_NCOLUMNS + 1) /* the input's company_name, echoed */

static struct rules *rules;

/* One report line split into cells ("" quoting undone); strings point into text. */
struct report_row {
  char *cell[MAX_CELLS];
  int ncells;
};

/* Everything a case needs: the folder, the setup, and the report read back. */
struct bench {
  char dir[64], input[96], report[96];
  struct options opts;
  struct config cfg;
  struct summary sum;
  char *text; /* the report file */
  struct report_row rows[MAX_ROWS + 1];
  int nrows; /* without the header */
};

static void bench_open(struct bench *b)
{
  memset(b, 0, sizeof(*b));
  snprintf(b->dir, sizeof(b->dir), "%s", "/tmp/csp-pipeline.XXXXXX");
  CHECK(mkdtemp(b->dir) != NULL);
  snprintf(b->input, sizeof(b->input), "%s/in.csv", b->dir);
  snprintf(b->report, sizeof(b->report), "%s/in.report.csv", b->dir);
  b->opts.input = b->input;
  b->opts.report_path = b->report;
  b->opts.quiet = true;
  b->opts.progress = PROGRESS_OFF;
  config_init(&b->cfg);
  b->cfg.partner.market = "US";
  summary_init(&b->sum, "validate", 0);
}

static void bench_close(struct bench *b)
{
  free(b->text);
  config_release(&b->cfg);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", b->dir);
  CHECK_INT_EQ(0, system(cmd));
}

/* A valid US create row whose company, domain, email and street carry n. */
static void write_row(FILE *f, int n, const char *postal)
{
  fprintf(f,
          "create,Company %d LLC,pipecust%d,,Avery,,Smith,avery%d@example.com,425 555 %04d,"
          "%d Main Street,,,Redmond,WA,%s,US,en-US,en,,,\n",
          n, n, n, n % 10000, 100 + n, postal);
}

/* Splits one line (ended by \n, cut there) into cells, undoing CSV quotes; returns the next
 * line. */
static char *split_line(char *s, struct report_row *r)
{
  r->ncells = 0;
  for (;;) {
    char *out = s, *cell = s;
    if (*s == '"') {
      for (s++; *s && !(*s == '"' && s[1] != '"'); s++)
        *out++ = *s == '"' ? *++s : *s;
      s += *s == '"';
    } else {
      for (; *s && *s != ',' && *s != '\n'; s++)
        *out++ = *s;
    }
    char end = *s;
    *out = '\0';
    if (r->ncells < MAX_CELLS)
      r->cell[r->ncells++] = cell;
    if (end != ',')
      return end ? s + 1 : s;
    s++;
  }
}

/* Reads the report back into b->rows (the header is checked and dropped). */
static void read_report(struct bench *b)
{
  FILE *f = fopen(b->report, "r");
  CHECK(f != NULL);
  if (!f)
    return;
  size_t len = 0;
  FILE *mem = open_memstream(&b->text, &len);
  char buf[8192];
  for (size_t n; (n = fread(buf, 1, sizeof(buf), f)) > 0;)
    fwrite(buf, 1, n, mem);
  fclose(mem);
  fclose(f);
  struct report_row header;
  char *s = split_line(b->text, &header);
  CHECK_STR_EQ("row", header.cell[COL_ROW]);
  CHECK_STR_EQ("company_name", header.cell[COL_COMPANY]);
  while (*s && b->nrows <= MAX_ROWS)
    s = split_line(s, &b->rows[b->nrows++]);
}

/* Opens, runs and closes the driver on b's input (stop_rc: a pipeline_stop before the run, or
 * 0), reads the report back and returns pipeline_run's result. */
static int run(struct bench *b, int stop_rc)
{
  struct pipeline_setup setup = {&b->opts, &b->cfg, rules};
  struct pipeline *p = NULL;
  int rc = pipeline_open(&setup, &p);
  CHECK_INT_EQ(CSP_E_OK, rc);
  if (rc)
    return rc;
  if (stop_rc)
    pipeline_stop(p, stop_rc);
  rc = pipeline_run(p, &b->sum);
  pipeline_close(p);
  read_report(b);
  return rc;
}

/* Row n (1-based) of the report has this status and reason code. */
static void check_verdict(const struct bench *b, int n, const char *status, const char *reason)
{
  CHECK(n <= b->nrows);
  if (n > b->nrows)
    return;
  const struct report_row *r = &b->rows[n - 1];
  CHECK(r->ncells > COL_COMPANY);
  if (r->ncells <= COL_COMPANY)
    return;
  CHECK_STR_EQ(status, r->cell[COL_STATUS]);
  CHECK_STR_EQ(reason, r->cell[COL_REASON]);
}

/* Opens a bench and its input file with the header written; NULL (checked) when it cannot. */
static FILE *bench_input(struct bench *b)
{
  bench_open(b);
  FILE *f = fopen(b->input, "w");
  CHECK(f != NULL);
  if (f)
    fputs(HEADER, f);
  return f;
}

static bool have_rules(void)
{
  if (!rules && rules_open("schemas", false, &rules) != 0)
    rules = NULL;
  return rules != NULL;
}

TEST(every_row_is_reported_once_in_input_order_with_its_verdict)
{
  if (!have_rules())
    SKIP("schemas/ does not load");
  struct bench b;
  FILE *f = bench_input(&b);
  if (!f)
    return;
  write_row(f, 1, "98052");
  write_row(f, 2, "ABCDE"); /* invalid: a US postal code is digits */
  write_row(f, 3, "98052");
  write_row(f, 1, "98052"); /* the same as row 1 */
  write_row(f, 5, "98052");
  fclose(f);
  CHECK_INT_EQ(CSP_E_OK, run(&b, 0));
  CHECK_INT_EQ(5, b.nrows);
  CHECK_INT_EQ(5, b.sum.rows);
  static const char *const companies[] = {"Company 1 LLC", "Company 2 LLC", "Company 3 LLC",
                                          "Company 1 LLC", "Company 5 LLC"};
  for (int i = 0; i < b.nrows && i < 5; i++) {
    char number[16], line[16];
    snprintf(number, sizeof(number), "%d", i + 1);
    snprintf(line, sizeof(line), "%d", i + 2); /* the header is line 1 */
    CHECK_STR_EQ(number, b.rows[i].cell[COL_ROW]);
    CHECK_STR_EQ(line, b.rows[i].cell[COL_LINE]);
    CHECK_STR_EQ(companies[i], b.rows[i].cell[COL_COMPANY]);
  }
  check_verdict(&b, 1, "would_create", "");
  check_verdict(&b, 2, "invalid", "postal_code:pattern");
  if (b.nrows >= 2)
    CHECK_CONTAINS(b.rows[1].cell[COL_REASON_TEXT], "postal_code");
  check_verdict(&b, 3, "would_create", "");
  check_verdict(&b, 4, "skipped", "duplicate");
  if (b.nrows >= 4)
    CHECK_STR_EQ("duplicate of row 1", b.rows[3].cell[COL_REASON_TEXT]);
  check_verdict(&b, 5, "would_create", "");
  CHECK_INT_EQ(3, b.sum.by_status[ROW_WOULD_CREATE]);
  CHECK_INT_EQ(1, b.sum.by_status[ROW_INVALID]);
  CHECK_INT_EQ(1, b.sum.by_status[ROW_SKIPPED]);
  bench_close(&b);
}

/* The content row i repeats: itself, or (every 11th row past 1000) an earlier plain row. */
static int content_of(int i)
{
  if (i % 7 == 0 || i % 11 != 0 || i <= 1000)
    return i;
  int c = i - 1000;
  while (c % 7 == 0 || (c % 11 == 0 && c > 1000))
    c--;
  return c;
}

TEST(a_file_longer_than_the_read_ahead_keeps_order_and_each_rows_verdict)
{
  if (!have_rules())
    SKIP("schemas/ does not load");
  struct bench b;
  FILE *f = bench_input(&b);
  if (!f)
    return;
  for (int i = 1; i <= MAX_ROWS; i++)
    write_row(f, content_of(i), i % 7 == 0 ? "ABCDE" : "98052");
  fclose(f);
  CHECK_INT_EQ(CSP_E_OK, run(&b, 0));
  CHECK_INT_EQ(MAX_ROWS, b.nrows);
  int wrong = 0;
  for (int i = 1; i <= b.nrows && wrong < 5; i++) {
    const struct report_row *r = &b.rows[i - 1];
    char number[16], company[32], dup[32];
    snprintf(number, sizeof(number), "%d", i);
    snprintf(company, sizeof(company), "Company %d LLC", content_of(i));
    snprintf(dup, sizeof(dup), "duplicate of row %d", content_of(i));
    const char *status = i % 7 == 0 ? "invalid" : content_of(i) != i ? "skipped" : "would_create";
    bool ok = r->ncells > COL_COMPANY && !strcmp(r->cell[COL_ROW], number) &&
              !strcmp(r->cell[COL_COMPANY], company) && !strcmp(r->cell[COL_STATUS], status) &&
              (content_of(i) == i || !strcmp(r->cell[COL_REASON_TEXT], dup));
    if (!ok) {
      CHECK_FAIL_AT("report row %d: expected row %s, %s, %s", i, number, company, status);
      wrong++;
    }
  }
  bench_close(&b);
}

TEST(max_errors_in_a_dry_run_still_reports_every_row_with_its_verdict)
{
  if (!have_rules())
    SKIP("schemas/ does not load");
  struct bench b;
  bench_open(&b);
  b.opts.max_errors = 1;
  FILE *f = fopen(b.input, "w");
  CHECK(f != NULL);
  if (!f)
    return;
  fputs(HEADER, f);
  write_row(f, 1, "ABCDE");
  write_row(f, 2, "98052");
  write_row(f, 3, "98052");
  fclose(f);
  /* Nothing is sent in a dry run, so no row is left not_attempted: each keeps its verdict. */
  CHECK_INT_EQ(CSP_E_OK, run(&b, 0));
  CHECK_INT_EQ(3, b.nrows);
  check_verdict(&b, 1, "invalid", "postal_code:pattern");
  check_verdict(&b, 2, "would_create", "");
  check_verdict(&b, 3, "would_create", "");
  CHECK_INT_EQ(0, b.sum.by_status[ROW_NOT_ATTEMPTED]);
  CHECK(b.sum.stopped_because == NULL); /* nothing to stop: the summary does not claim it */
  bench_close(&b);
}

TEST(a_run_stopped_before_its_first_row_reports_the_rows_it_would_send_not_attempted)
{
  if (!have_rules())
    SKIP("schemas/ does not load");
  struct bench b;
  FILE *f = bench_input(&b);
  if (!f)
    return;
  write_row(f, 1, "98052");
  write_row(f, 2, "ABCDE");
  write_row(f, 1, "98052");
  write_row(f, 4, "98052");
  fclose(f);
  CHECK_INT_EQ(CSP_E_AUTH, run(&b, CSP_E_AUTH));
  CHECK_INT_EQ(4, b.nrows);
  check_verdict(&b, 1, "not_attempted", "run_aborted");
  check_verdict(&b, 2, "invalid", "postal_code:pattern");
  check_verdict(&b, 3, "skipped", "duplicate");
  check_verdict(&b, 4, "not_attempted", "run_aborted");
  CHECK(b.sum.stopped_because != NULL);
  CHECK_INT_EQ(2, b.sum.by_status[ROW_NOT_ATTEMPTED]);
  bench_close(&b);
}

TEST(a_missing_column_fails_at_open_and_writes_no_report)
{
  if (!have_rules())
    SKIP("schemas/ does not load");
  struct bench b;
  bench_open(&b);
  FILE *f = fopen(b.input, "w");
  CHECK(f != NULL);
  if (!f)
    return;
  fputs("action,domain\ncreate,pipecust1\n", f);
  fclose(f);
  struct pipeline_setup setup = {&b.opts, &b.cfg, rules};
  struct pipeline *p = (struct pipeline *)&b; /* must be reset to NULL */
  CHECK_INT_EQ(CSP_E_MISSING_COLUMNS, pipeline_open(&setup, &p));
  CHECK(p == NULL);
  pipeline_close(p);
  CHECK(access(b.report, F_OK) != 0);
  bench_close(&b);
}

AFTER_ALL(release_rules)
{
  rules_close(rules);
}

RUN_TESTS()
