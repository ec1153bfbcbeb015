/* Tests for src/report.c: quoting, the formula guard, the validation columns, column order. */
#include "report.h"

#include <stdlib.h>

#include "check.h"

static char *write_to_string(void (*fn)(FILE *, const void *), const void *arg)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  fn(mem, arg);
  fclose(mem);
  return buf;
}

static void cell_writer(FILE *out, const void *arg)
{
  report_write_cell(out, arg);
}

static void check_cell(const char *in, const char *expected)
{
  char *got = write_to_string(cell_writer, in);
  CHECK_STR_EQ(expected, got);
  free(got);
}

TEST(plain_cells_are_written_as_they_are)
{
  check_cell("Contoso Ltd", "Contoso Ltd");
  check_cell("", "");
}

TEST(cells_with_delimiters_quotes_or_newlines_are_quoted)
{
  check_cell("Contoso, Inc.", "\"Contoso, Inc.\"");
  check_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
  check_cell("line1\nline2", "\"line1\nline2\"");
  check_cell(" padded ", "\" padded \"");
}

TEST(formula_cells_are_neutralised_but_phone_numbers_are_not)
{
  check_cell("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
  check_cell("@SUM(A1)", "\"'@SUM(A1)\"");
  check_cell("-2+3+cmd|' /C calc'!A0", "\"'-2+3+cmd|' /C calc'!A0\"");
  check_cell("+1 (425) 555-0100", "+1 (425) 555-0100");
  check_cell("-42.5", "-42.5");
  CHECK(report_cell_is_formula("\tabc"));
  CHECK(!report_cell_is_formula("+49 30 1234567"));
}

struct row_and_header {
  struct row *row;
};

static void row_writer(FILE *out, const void *arg)
{
  report_write_row(out, arg, 0, 2);
}

TEST(an_invalid_row_lists_every_violation_as_field_code_and_message)
{
  struct row row;
  row_init(&row);
  row.number = 4;
  row.line = 5;
  row.action = ACTION_CREATE;
  const char *cells[] = {"Contoso", "DE"};
  row.cells = cells;
  row.ncells = 2;
  row_set(&row, FIELD_DOMAIN, "contoso");
  row_add_violation(&row, FIELD_POSTAL_CODE, VIOLATION_PATTERN, false,
                    "postal_code 1234 does not match the 5-digit format used in DE");
  row_add_violation(&row, FIELD_PHONE, VIOLATION_MISSING, false, "phone is required");
  row_add_violation(&row, FIELD_COMPANY_NAME, VIOLATION_PATTERN, true, "looks odd");
  row_finish(&row, ROW_INVALID, REASON_VALIDATION, "%s", "");
  char *line = write_to_string(row_writer, &row);
  CHECK_STR_EQ("4,5,create,invalid,postal_code:pattern;phone:missing,"
               "postal_code 1234 does not match the 5-digit format used in DE; phone is "
               "required,looks odd,,,contoso.onmicrosoft.com,,,,,,,,,Contoso,DE\n",
               line);
  free(line);
  row_release(&row);
}

TEST(the_header_puts_result_columns_before_the_original_ones)
{
  const char *header[] = {"row", "x", "Company", "Country"};
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  report_write_header(mem, header, 4, 2);
  fclose(mem);
  CHECK_STR_EQ("row,line,action,status,reason_code,reason,warnings,customer_id,tenant_id,"
               "domain,invite_url,suggested_address,http_status,attempts,elapsed_ms,"
               "request_id,correlation_id,finished_at,Company,Country\n",
               buf);
  free(buf);
}

RUN_TESTS()
