/* A report read back for the summary page. The result columns come first (report.h), by
 * position; the company and the country are found among the original columns after them by
 * the same header names and aliases as an input file, and cleaned by the same normalize stage
 * as a run's rows, so the page drawn from a report matches the one its run wrote. A cell the
 * report guarded against formulas (a leading apostrophe) is read without the guard. */
#include "cli/summary_report.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report/csv_writer.h"
#include "base/diag.h"
#include "base/errors.h"
#include "input/source.h"
#include "rules/normalize_row.h"
#include "report/report.h"

/* Positions of the result columns the model reads (report_result_columns). */
enum { COL_ROW = 0, COL_ACTION = 2, COL_STATUS = 3, COL_REASON_CODE = 4, COL_REASON = 5 };
#define COL_ATTEMPTS 13

struct report_columns {
  size_t company, country; /* MAPPING_NO_COLUMN-like: (size_t)-1 when absent */
};

static bool is_report_header(const char *const *header, size_t n)
{
  if (n < REPORT_RESULT_NCOLUMNS)
    return false;
  for (size_t i = 0; i < REPORT_RESULT_NCOLUMNS; i++)
    if (strcmp(header[i], report_result_columns[i]))
      return false;
  return true;
}

static struct report_columns find_columns(const char *const *header, size_t n)
{
  struct report_columns c = {(size_t)-1, (size_t)-1};
  for (size_t i = REPORT_RESULT_NCOLUMNS; i < n; i++) {
    enum field_id f = field_from_header(header[i]);
    if (f == FIELD_COMPANY_NAME && c.company == (size_t)-1)
      c.company = i;
    if (f == FIELD_COUNTRY && c.country == (size_t)-1)
      c.country = i;
  }
  return c;
}

static const char *cell(const struct row *row, size_t i)
{
  return i < row->ncells ? row->cells[i] : "";
}

/* The cell as the run had it: without the report's formula guard. */
static const char *unguarded(const char *s)
{
  return s[0] == '\'' && csv_cell_is_formula(s + 1) ? s + 1 : s;
}

static enum row_status status_named(const char *name)
{
  for (int st = 1; st < ROW_STATUS_COUNT; st++)
    if (!strcmp(name, row_status_name((enum row_status)st)))
      return (enum row_status)st;
  return ROW_PENDING;
}

static enum row_action action_named(const char *name)
{
  return !strcmp(name, "create")   ? ACTION_CREATE
         : !strcmp(name, "invite") ? ACTION_INVITE
                                   : ACTION_AUTO;
}

static int add_report_row(struct summary_model *m, const struct report_columns *c, struct row *row)
{
  row->value[FIELD_COMPANY_NAME] = unguarded(cell(row, c->company));
  row->value[FIELD_COUNTRY] = cell(row, c->country);
  normalize_row(row);
  struct summary_record rec = {
      .row = strtoll(cell(row, COL_ROW), NULL, 10),
      .status = status_named(cell(row, COL_STATUS)),
      .action = action_named(cell(row, COL_ACTION)),
      .market = row_get(row, FIELD_COUNTRY),
      .company = row_get(row, FIELD_COMPANY_NAME),
      .reason_codes = cell(row, COL_REASON_CODE),
      .message = unguarded(cell(row, COL_REASON)),
      .attempts = strtoll(cell(row, COL_ATTEMPTS), NULL, 10),
  };
  return summary_model_add(m, &rec);
}

static int read_rows(struct source *src, const struct report_columns *c, struct summary_model *m)
{
  struct row row;
  row_init(&row);
  bool eof = false;
  int rc = 0;
  while (!rc && !(rc = source_next(src, &row, &eof)) && !eof)
    rc = add_report_row(m, c, &row);
  row_release(&row);
  return rc;
}

int summary_read_report(const char *path, struct summary_model *m)
{
  struct source_options so = {0};
  struct source *src = NULL;
  int rc = source_open(path, &so, &src);
  if (rc)
    return rc;
  size_t n = 0;
  const char *const *header = source_header(src, &n);
  if (!is_report_header(header, n)) {
    diag_error("%s is not a csponboard report: its header does not start with row,line,action,"
               "status,...",
               path);
    rc = CSP_E_INPUT;
  } else {
    struct report_columns c = find_columns(header, n);
    rc = read_rows(src, &c, m);
    if (rc == CSP_E_NOMEM)
      diag_error("%s: out of memory while summarising the report", path);
  }
  source_close(src);
  return rc;
}
