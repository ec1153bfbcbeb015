/* Tests for src/report/summary_model.c and summary_report.c: the aggregation of a small
 * report against its golden text (tests/fixtures/summary/), rows counted as a run reports
 * them against the same rows read back from their report, and the caps that bound memory. */
#include "report/summary_model.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "diag_capture.h"
#include "report/report.h"
#include "cli/summary_report.h"

#define FIXTURE "tests/fixtures/summary/report.csv"
#define GOLDEN "tests/fixtures/summary/report.golden"

/* The model as text: every count that is not zero, every reason with its rows. */
static void dump(FILE *out, const struct summary_model *m)
{
  fprintf(out, "rows %lld attempts %lld problems %lld\n", m->rows, m->attempts,
          summary_model_problems(m));
  for (int st = 0; st < ROW_STATUS_COUNT; st++)
    if (m->by_status[st])
      fprintf(out, "status %s %lld create %lld invite %lld\n", row_status_name(st),
              m->by_status[st], m->by_action[ACTION_CREATE][st], m->by_action[ACTION_INVITE][st]);
  for (int k = 0; k < CSP_SUMMARY_MARKETS; k++)
    for (int st = 0; st < ROW_STATUS_COUNT; st++)
      if (m->by_market[k][st]) {
        char name[3];
        summary_market_name(k, name);
        fprintf(out, "market %s %s %lld\n", *name ? name : "-", row_status_name(st),
                m->by_market[k][st]);
      }
  size_t n = 0;
  size_t *order = summary_model_ranked_reasons(m, &n);
  for (size_t i = 0; order && i < n; i++) {
    const struct summary_reason *r = &m->reasons[order[i]];
    fprintf(out, "reason %s %lld\n", r->key, r->rows);
    for (size_t k = 0; k < r->nsamples; k++)
      fprintf(out, "  row %lld [%s] [%s]\n", r->samples[k].row, r->samples[k].company,
              r->samples[k].message);
  }
  free(order);
}

static char *dump_text(const struct summary_model *m)
{
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  dump(mem, m);
  fclose(mem);
  return text;
}

static char *slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *text = calloc(1, 1 << 16);
  size_t n = fread(text, 1, (1 << 16) - 1, f);
  text[n] = '\0';
  fclose(f);
  return text;
}

TEST(a_small_report_aggregates_to_its_golden_text)
{
  struct summary_model *m = summary_model_open();
  CHECK_INT_EQ(0, summary_read_report(FIXTURE, m));
  char *got = dump_text(m), *want = slurp(GOLDEN);
  if (getenv("CSP_UPDATE_GOLDEN")) {
    FILE *f = fopen(GOLDEN, "w");
    fputs(got, f);
    fclose(f);
  }
  CHECK_STR_EQ(want, got);
  free(got);
  free(want);
  summary_model_close(m);
}

TEST(a_file_that_is_not_a_report_is_refused_with_its_name)
{
  struct summary_model *m = summary_model_open();
  FILE *log = capture();
  CHECK_INT_EQ(CSP_E_INPUT, summary_read_report("samples/customers.csv", m));
  release_capture(log);
  CHECK_CONTAINS(captured, "samples/customers.csv is not a csponboard report");
  CHECK_INT_EQ(0, m->rows);
  summary_model_close(m);
}

/* Row number n of a run: company, country and a status, reason and findings. */
static void make_row(struct row *row, size_t n, const char *company, const char *country,
                     enum row_status st, enum row_reason reason)
{
  row_reset(row);
  row->number = n;
  row->line = n + 1;
  row->action = ACTION_CREATE;
  row_set(row, FIELD_COMPANY_NAME, company);
  row_set(row, FIELD_COUNTRY, country);
  row->cells = arena_alloc(&row->arena, 2 * sizeof(char *));
  row->cells[0] = row_get(row, FIELD_COMPANY_NAME);
  row->cells[1] = row_get(row, FIELD_COUNTRY);
  row->ncells = 2;
  if (reason == REASON_VALIDATION) {
    row_add_violation(row, FIELD_EMAIL, VIOLATION_PATTERN, false, "email %zu is odd", n);
    row_add_violation(row, FIELD_PHONE, VIOLATION_MISSING, false, "phone is required");
    row_add_violation(row, FIELD_CITY, VIOLATION_TOO_LONG, true, "a warning only");
  }
  row_set_outcome(row, st, reason, reason == REASON_DUPLICATE ? "duplicate of row 1" : NULL);
}

struct run_row {
  const char *company, *country;
  enum row_status status;
  enum row_reason reason;
};

static const struct run_row run_rows[] = {
    {"Contoso Ltd", "US", ROW_CREATED, REASON_NONE},
    {"Smith, Jones & Co", "US", ROW_INVALID, REASON_VALIDATION},
    {"=SUM(A1)", "DE", ROW_INVALID, REASON_VALIDATION},
    {"\xC3\x9C"
     "n\xC3\xAF"
     "code GmbH",
     "DE", ROW_SKIPPED, REASON_DUPLICATE},
    {"<script>x</script>", "", ROW_REJECTED, REASON_MARKET_NOT_ALLOWED},
    {"\"Quoted\" Name", "GB", ROW_FAILED, REASON_API_ERROR},
    {"Plain", "GB", ROW_WOULD_CREATE, REASON_NONE},
};

TEST(rows_counted_as_a_run_reports_them_equal_the_same_rows_read_back_from_their_report)
{
  char path[] = "/tmp/csp_summary_XXXXXX";
  int fd = mkstemp(path);
  FILE *f = fdopen(fd, "w");
  static struct csv_writer w;
  csv_writer_init(&w, f);
  static const char *const header[] = {"Company Name", "Country"};
  report_format_header(&w, header, 2, 0);
  struct summary_model *live = summary_model_open(), *read = summary_model_open();
  struct row row;
  row_init(&row);
  for (size_t i = 0; i < sizeof(run_rows) / sizeof(run_rows[0]); i++) {
    const struct run_row *r = &run_rows[i];
    make_row(&row, i + 1, r->company, r->country, r->status, r->reason);
    CHECK_INT_EQ(0, summary_model_add_row(live, &row));
    report_format_row(&w, &row, 0, 2);
  }
  row_release(&row);
  CHECK_INT_EQ(0, csv_writer_flush(&w));
  fclose(f);
  CHECK_INT_EQ(0, summary_read_report(path, read));
  char *a = dump_text(live), *b = dump_text(read);
  CHECK_STR_EQ(a, b);
  CHECK_CONTAINS(a, "reason email:pattern 2");
  CHECK_CONTAINS(a, "  row 3 [=SUM(A1)] [email 3 is odd; phone is required]");
  free(a);
  free(b);
  summary_model_close(live);
  summary_model_close(read);
  unlink(path);
}

TEST(past_the_reason_cap_rows_count_under_other_and_examples_stop_at_the_cap)
{
  struct summary_model *m = summary_model_open();
  char key[32];
  for (int i = 0; i < CSP_SUMMARY_MAX_REASONS + 10; i++) {
    snprintf(key, sizeof(key), "code_%03d", i);
    struct summary_record rec = {.row = i + 1, .status = ROW_FAILED, .reason_codes = key};
    CHECK_INT_EQ(0, summary_model_add(m, &rec));
  }
  for (int i = 0; i < CSP_SUMMARY_SAMPLE_ROWS + 5; i++) {
    struct summary_record rec = {.row = 1000 + i, .status = ROW_FAILED, .reason_codes = "code_000"};
    CHECK_INT_EQ(0, summary_model_add(m, &rec));
  }
  size_t n = 0;
  size_t *order = summary_model_ranked_reasons(m, &n);
  CHECK_INT_EQ(CSP_SUMMARY_MAX_REASONS + 1, n);
  CHECK_STR_EQ("code_000", m->reasons[order[0]].key);
  CHECK_INT_EQ(CSP_SUMMARY_SAMPLE_ROWS + 6, m->reasons[order[0]].rows);
  CHECK_INT_EQ(CSP_SUMMARY_SAMPLE_ROWS, m->reasons[order[0]].nsamples);
  CHECK_STR_EQ(SUMMARY_OTHER_REASON, m->reasons[order[n - 1]].key);
  CHECK_INT_EQ(10, m->reasons[order[n - 1]].rows);
  free(order);
  summary_model_close(m);
}

TEST(a_long_company_name_is_cut_on_a_character_boundary)
{
  struct summary_model *m = summary_model_open();
  char company[400];
  for (int i = 0; i < 100; i++)
    memcpy(company + 2 * i, "\xC3\xA9", 2); /* é: two bytes each */
  memcpy(company + 200, "x", 2);
  struct summary_record rec = {.row = 1,
                               .status = ROW_INVALID,
                               .company = company,
                               .reason_codes = "email:missing",
                               .message = "m"};
  CHECK_INT_EQ(0, summary_model_add(m, &rec));
  const char *kept = m->reasons[0].samples[0].company;
  CHECK_INT_EQ(CSP_SUMMARY_COMPANY_BYTES, strlen(kept)); /* an even cap: whole characters */
  CHECK(strncmp(kept, company, strlen(kept)) == 0);
  summary_model_close(m);
}

TEST(a_country_is_a_market_only_as_two_capital_letters)
{
  char name[3];
  summary_market_name(summary_market("DE"), name);
  CHECK_STR_EQ("DE", name);
  CHECK_INT_EQ(SUMMARY_OTHER_MARKET, summary_market("de"));
  CHECK_INT_EQ(SUMMARY_OTHER_MARKET, summary_market("USA"));
  CHECK_INT_EQ(SUMMARY_OTHER_MARKET, summary_market(""));
  summary_market_name(SUMMARY_OTHER_MARKET, name);
  CHECK_STR_EQ("", name);
}

RUN_TESTS()
