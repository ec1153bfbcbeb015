/* Writes the result CSV through the buffered CSV writer (csv_writer.c: quoting only where
 * needed, so the report reads cleanly and feeds back in as input; a leading apostrophe on
 * cells a spreadsheet would run as formulas) into REPORT.part, written in the background
 * (bulk_file.h), then fsynced and renamed over REPORT: a reader of REPORT never sees half a
 * report. */
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/bulk_file.h"
#include "base/diag.h"
#include "base/errors.h"

struct report {
  struct bulk_file *out;
  char *path;
  char *part_path;
  size_t first_original;
  size_t nheader;
  struct csv_writer writer;
};

void report_format_header(struct csv_writer *w, const char *const *header, size_t nheader,
                          size_t first_original)
{
  for (size_t i = 0; i < REPORT_RESULT_NCOLUMNS; i++)
    csv_writer_cell(w, report_result_columns[i]);
  for (size_t i = first_original; i < nheader; i++)
    csv_writer_cell(w, header[i]);
  csv_writer_end_row(w);
}

void report_findings(const struct row *row, bool warnings, bool codes, report_piece_fn piece,
                     void *ctx)
{
  bool first = true;
  for (size_t i = 0; i < row->nviolations; i++) {
    const struct violation *v = &row->violations[i];
    if (v->warning != warnings)
      continue;
    if (!first)
      piece(ctx, codes ? ";" : "; ");
    if (codes) {
      piece(ctx, field_name(v->field));
      piece(ctx, ":");
      piece(ctx, violation_name(v->code));
    } else {
      piece(ctx, v->message);
    }
    first = false;
  }
  if (!warnings && !codes && row->dropped_violations) {
    char more[48];
    snprintf(more, sizeof(more), "; and %zu more", row->dropped_violations);
    piece(ctx, more);
  }
}

static void writer_piece(void *ctx, const char *piece)
{
  csv_writer_piece(ctx, piece);
}

/* One cell listing the errors (warnings=false) or warnings (true): "field:code;field:code"
 * when codes, else the messages joined by "; ". */
static void write_findings(struct csv_writer *w, const struct row *row, bool warnings, bool codes)
{
  report_findings(row, warnings, codes, writer_piece, w);
  csv_writer_end_piece(w);
}

static void write_reason(struct csv_writer *w, const struct row *row)
{
  if (row->reason == REASON_VALIDATION) {
    write_findings(w, row, false, true);
    write_findings(w, row, false, false);
    return;
  }
  csv_writer_cell(w, row_reason_name(row->reason));
  csv_writer_cell(w, row->reason_text ? row->reason_text : "");
}

static const char *or_empty(const char *s)
{
  return s ? s : "";
}

static void write_domain(struct csv_writer *w, const struct row *row)
{
  const char *domain = row_get(row, FIELD_DOMAIN);
  csv_writer_piece(w, domain);
  if (row->action == ACTION_CREATE && *domain)
    csv_writer_piece(w, ".onmicrosoft.com");
  csv_writer_end_piece(w);
}

/* The eight columns of what execution did, from invite_url to finished_at. */
static void write_execution(struct csv_writer *w, const struct row_outcome *o)
{
  csv_writer_cell(w, or_empty(o->invite_url));
  csv_writer_cell(w, or_empty(o->suggested_address));
  csv_writer_number(w, o->http_status, true);
  csv_writer_number(w, o->attempts, true);
  csv_writer_number(w, o->elapsed_ms, true);
  csv_writer_cell(w, or_empty(o->request_id));
  csv_writer_cell(w, or_empty(o->correlation_id));
  csv_writer_cell(w, or_empty(o->finished_at));
}

void report_format_row(struct csv_writer *w, const struct row *row, size_t first_original,
                       size_t nheader)
{
  const struct row_outcome *o = &row->outcome;
  csv_writer_number(w, (long long)row->number, false);
  csv_writer_number(w, (long long)row->line, false);
  csv_writer_cell(w, row_action_name(row->action));
  csv_writer_cell(w, row_status_name(row->status));
  write_reason(w, row);
  write_findings(w, row, true, false);
  csv_writer_cell(w, or_empty(o->customer_id));
  csv_writer_cell(w, o->tenant_id ? o->tenant_id : row_get(row, FIELD_TENANT_ID));
  write_domain(w, row);
  write_execution(w, o);
  if (row->echo && first_original == 0 && row->ncells == nheader) {
    csv_writer_encoded(w, row->echo, row->echo_len);
  } else {
    for (size_t i = first_original; i < nheader; i++)
      csv_writer_cell(w, i < row->ncells ? row->cells[i] : "");
  }
  csv_writer_end_row(w);
}

static bool to_bulk_file(void *ctx, const char *data, size_t n)
{
  return bulk_file_write(ctx, data, n) == CSP_E_OK;
}

int report_open(const char *path, const char *const *header, size_t nheader, size_t first_original,
                bool bom, struct report **out)
{
  *out = NULL;
  struct report *rep = calloc(1, sizeof(*rep));
  if (!rep)
    return CSP_E_NOMEM;
  size_t len = strlen(path);
  rep->path = strdup(path);
  rep->part_path = malloc(len + 6);
  if (!rep->path || !rep->part_path) {
    report_close(rep);
    return CSP_E_NOMEM;
  }
  snprintf(rep->part_path, len + 6, "%s.part", path);
  if (bulk_file_open(rep->part_path, &rep->out)) {
    diag_error("cannot write the report %s: %s", rep->part_path, strerror(errno));
    report_close(rep);
    return CSP_E_IO;
  }
  diag_debug("report %s: %s", rep->part_path,
             bulk_file_is_direct(rep->out) ? "direct I/O" : "buffered I/O");
  rep->first_original = first_original;
  rep->nheader = nheader;
  csv_writer_init_sink(&rep->writer, to_bulk_file, rep->out);
  if (bom)
    (void)to_bulk_file(rep->out, "\xEF\xBB\xBF", 3); /* a failure shows at the first flush */
  report_format_header(&rep->writer, header, nheader, first_original);
  *out = rep;
  return CSP_E_OK;
}

int report_write(struct report *rep, const struct row *row)
{
  report_format_row(&rep->writer, row, rep->first_original, rep->nheader);
  return rep->writer.failed ? CSP_E_IO : CSP_E_OK;
}

int report_commit(struct report *rep)
{
  bool flushed = csv_writer_flush(&rep->writer) == 0;
  int rc = bulk_file_close(rep->out); /* fails too when any earlier write failed */
  rep->out = NULL;
  if (!rc && flushed && !rename(rep->part_path, rep->path))
    return CSP_E_OK;
  diag_error("cannot complete the report %s: %s", rep->path, strerror(errno));
  return CSP_E_IO;
}

void report_close(struct report *rep)
{
  if (!rep)
    return;
  bulk_file_abandon(rep->out);
  free(rep->path);
  free(rep->part_path);
  free(rep);
}
