/* Writes the result CSV. Cells are quoted only when they must be (delimiter, quote, line
 * break, or edge white space), so the report reads cleanly and feeds back in as input; cells a
 * spreadsheet would run as a formula get a leading apostrophe. */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "errors.h"

struct report {
  FILE *out;
  char *path;
  char *part_path;
  size_t first_original;
  size_t nheader;
};

const char *const report_result_columns[REPORT_RESULT_NCOLUMNS] = {
    "row",         "line",        "action",     "status",     "reason_code",    "reason",
    "warnings",    "customer_id", "tenant_id",  "domain",     "invite_url",     "suggested_address",
    "http_status", "attempts",    "elapsed_ms", "request_id", "correlation_id", "finished_at",
};

static bool plain_number_or_phone(const char *s)
{
  size_t digits = 0;
  for (const char *p = s; *p; p++) {
    if (*p >= '0' && *p <= '9')
      digits++;
    else if (!strchr("+-() ./", *p))
      return false;
  }
  return digits > 0;
}

bool report_cell_is_formula(const char *s)
{
  if (!*s || !strchr("=+-@\t\r", *s))
    return false;
  return !plain_number_or_phone(s);
}

void report_write_cell(FILE *out, const char *s)
{
  bool guard = report_cell_is_formula(s);
  size_t len = strlen(s);
  bool quote =
      guard || strpbrk(s, ",\"\r\n") != NULL || (len && (s[0] == ' ' || s[len - 1] == ' '));
  if (!quote) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  if (guard)
    fputc('\'', out);
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      fputc('"', out);
    fputc(*p, out);
  }
  fputc('"', out);
}

void report_write_header(FILE *out, const char *const *header, size_t nheader,
                         size_t first_original)
{
  for (size_t i = 0; i < REPORT_RESULT_NCOLUMNS; i++)
    fprintf(out, "%s%s", i ? "," : "", report_result_columns[i]);
  for (size_t i = first_original; i < nheader; i++) {
    fputc(',', out);
    report_write_cell(out, header[i]);
  }
  fputc('\n', out);
}

/* "field:code;field:code" for the errors (warnings=false) or warnings (true). */
static void write_codes(FILE *out, const struct row *row, bool warnings)
{
  bool first = true;
  for (size_t i = 0; i < row->nviolations; i++) {
    const struct violation *v = &row->violations[i];
    if (v->warning != warnings)
      continue;
    fprintf(out, "%s%s:%s", first ? "" : ";", field_name(v->field), violation_name(v->code));
    first = false;
  }
}

static void write_messages(FILE *out, const struct row *row, bool warnings)
{
  bool first = true;
  for (size_t i = 0; i < row->nviolations; i++) {
    const struct violation *v = &row->violations[i];
    if (v->warning != warnings)
      continue;
    fprintf(out, "%s%s", first ? "" : "; ", v->message);
    first = false;
  }
  if (!warnings && row->dropped_violations)
    fprintf(out, "; and %zu more", row->dropped_violations);
}

/* Formats into a memory buffer first, so that one cell is quoted and guarded as a whole. */
static void write_composed(FILE *out, const struct row *row, bool warnings,
                           void (*compose)(FILE *, const struct row *, bool))
{
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  if (!mem)
    return;
  compose(mem, row, warnings);
  fclose(mem);
  report_write_cell(out, buf ? buf : "");
  free(buf);
}

static void write_reason(FILE *out, const struct row *row)
{
  if (row->reason == REASON_VALIDATION) {
    write_composed(out, row, false, write_codes);
    fputc(',', out);
    write_composed(out, row, false, write_messages);
    return;
  }
  report_write_cell(out, row_reason_name(row->reason));
  fputc(',', out);
  report_write_cell(out, row->reason_text ? row->reason_text : "");
}

static const char *or_empty(const char *s)
{
  return s ? s : "";
}

static void write_domain(FILE *out, const struct row *row)
{
  const char *domain = row_get(row, FIELD_DOMAIN);
  if (row->action == ACTION_CREATE && *domain)
    fprintf(out, "%s.onmicrosoft.com", domain);
  else
    report_write_cell(out, domain);
}

static void write_number(FILE *out, long long n)
{
  if (n)
    fprintf(out, "%lld", n);
}

void report_write_row(FILE *out, const struct row *row, size_t first_original, size_t nheader)
{
  const struct row_outcome *o = &row->outcome;
  fprintf(out, "%zu,%zu,%s,%s,", row->number, row->line, row_action_name(row->action),
          row_status_name(row->status));
  write_reason(out, row);
  fputc(',', out);
  write_composed(out, row, true, write_messages);
  fputc(',', out);
  report_write_cell(out, or_empty(o->customer_id));
  fputc(',', out);
  report_write_cell(out, o->tenant_id ? o->tenant_id : row_get(row, FIELD_TENANT_ID));
  fputc(',', out);
  write_domain(out, row);
  const char *tail[] = {o->invite_url, o->suggested_address};
  for (size_t i = 0; i < 2; i++) {
    fputc(',', out);
    report_write_cell(out, or_empty(tail[i]));
  }
  fputc(',', out);
  write_number(out, o->http_status);
  fputc(',', out);
  write_number(out, o->attempts);
  fputc(',', out);
  write_number(out, o->elapsed_ms);
  const char *ids[] = {o->request_id, o->correlation_id, o->finished_at};
  for (size_t i = 0; i < 3; i++) {
    fputc(',', out);
    report_write_cell(out, or_empty(ids[i]));
  }
  for (size_t i = first_original; i < nheader; i++) {
    fputc(',', out);
    report_write_cell(out, i < row->ncells ? row->cells[i] : "");
  }
  fputc('\n', out);
}

int report_open(const char *path, const char *const *header, size_t nheader, size_t first_original,
                struct report **out)
{
  *out = NULL;
  struct report *rep = calloc(1, sizeof(*rep));
  if (!rep)
    return CSP_E_NOMEM;
  size_t len = strlen(path);
  rep->path = strdup(path);
  rep->part_path = malloc(len + 6);
  if (!rep->path || !rep->part_path) {
    report_free(rep);
    return CSP_E_NOMEM;
  }
  snprintf(rep->part_path, len + 6, "%s.part", path);
  rep->out = fopen(rep->part_path, "w");
  if (!rep->out) {
    diag_error("cannot write the report %s: %s", rep->part_path, strerror(errno));
    report_free(rep);
    return CSP_E_IO;
  }
  rep->first_original = first_original;
  rep->nheader = nheader;
  report_write_header(rep->out, header, nheader, first_original);
  *out = rep;
  return CSP_E_OK;
}

int report_write(struct report *rep, const struct row *row)
{
  report_write_row(rep->out, row, rep->first_original, rep->nheader);
  return ferror(rep->out) ? CSP_E_IO : CSP_E_OK;
}

int report_commit(struct report *rep)
{
  int rc = CSP_E_OK;
  if (fflush(rep->out) || fsync(fileno(rep->out)) || ferror(rep->out))
    rc = CSP_E_IO;
  if (fclose(rep->out))
    rc = CSP_E_IO;
  rep->out = NULL;
  if (!rc && rename(rep->part_path, rep->path))
    rc = CSP_E_IO;
  if (rc)
    diag_error("cannot complete the report %s: %s", rep->path, strerror(errno));
  return rc;
}

void report_free(struct report *rep)
{
  if (!rep)
    return;
  if (rep->out)
    fclose(rep->out);
  free(rep->path);
  free(rep->part_path);
  free(rep);
}
