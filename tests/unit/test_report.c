/* Tests for src/report/report.c: the validation columns and the column order. */
#include "report/report.h"

#include <stdlib.h>

#include "check.h"

static struct csv_writer writer;

static char *write_to_string(void (*fn)(struct csv_writer *, const void *), const void *arg)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  csv_writer_init(&writer, mem);
  fn(&writer, arg);
  csv_writer_flush(&writer);
  fclose(mem);
  return buf;
}

static void row_writer(struct csv_writer *w, const void *arg)
{
  report_format_row(w, arg, 0, 2);
}

/* A row numbered number, on line number + 1, whose cells are Contoso,DE. */
static void contoso_row(struct row *row, size_t number, enum row_action action)
{
  static const char *cells[] = {"Contoso", "DE"};
  row_init(row);
  row->number = number;
  row->line = number + 1;
  row->action = action;
  row->cells = cells;
  row->ncells = 2;
}

TEST(an_invalid_row_lists_every_violation_as_field_code_and_message)
{
  struct row row;
  contoso_row(&row, 4, ACTION_CREATE);
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

TEST(a_row_with_an_echo_copies_it_only_when_its_cells_match_the_header)
{
  struct row row;
  contoso_row(&row, 1, ACTION_INVITE);
  row_finish(&row, ROW_WOULD_INVITE, REASON_NONE, "%s", "");
  row.echo = "ECHO";
  row.echo_len = 4;
  char *line = write_to_string(row_writer, &row);
  CHECK_STR_EQ("1,2,invite,would_invite,,,,,,,,,,,,,,,ECHO\n", line);
  free(line);
  row.ncells = 1; /* a short row is padded cell by cell */
  line = write_to_string(row_writer, &row);
  CHECK_STR_EQ("1,2,invite,would_invite,,,,,,,,,,,,,,,Contoso,\n", line);
  free(line);
  row_release(&row);
}

static void header_writer(struct csv_writer *w, const void *arg)
{
  report_format_header(w, arg, 4, 2);
}

TEST(the_header_puts_result_columns_before_the_original_ones)
{
  static const char *const header[] = {"row", "x", "Company", "Country"};
  char *buf = write_to_string(header_writer, header);
  CHECK_STR_EQ("row,line,action,status,reason_code,reason,warnings,customer_id,tenant_id,"
               "domain,invite_url,suggested_address,http_status,attempts,elapsed_ms,"
               "request_id,correlation_id,finished_at,Company,Country\n",
               buf);
  free(buf);
}

RUN_TESTS()
