/* The XLSX reader (SPEC §4): an Excel workbook as a source_format. Opening reads the package
 * map (xlsx_workbook.c), picks the sheet (--sheet NAME, else the first visible one), loads the
 * shared strings (xlsx_strings.c) and the date formats (xlsx_styles.c), checks that the sheet's
 * XML is whole, and reads the header row; then each next() streams one more row out of the
 * sheet (xlsx_sheet.c) into the caller's row.
 *
 * Decisions worth knowing:
 * - A damaged sheet (bad XML, a CRC error) is refused at open, before any row: the sheet is
 *   parsed once without keeping anything, then again for real. A partner fixes the file before
 *   anything is sent, as for a missing column, instead of half a run; it costs one more pass of
 *   inflate and expat over the sheet. Were the file to change between the passes, next() still
 *   fails cleanly with CSP_E_INPUT.
 * - libzip needs a seekable file. A regular file is read in place; anything else (a pipe on
 *   stdin) is first copied to an unlinked temporary file, so memory stays bounded.
 * - The old binary .xls format and password-protected workbooks are both OLE compound files
 *   (D0 CF 11 E0): refused with what to do instead.
 * - Memory: one row, the shared strings' fixed cache (the table itself is in temporary files,
 *   xlsx_strings.h: Excel makes every text cell a shared string, so it grows with the rows) and
 *   one byte per cell style. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/errors.h"
#include "input/source_format.h"
#include "input/xlsx_sheet.h"
#include "input/xlsx_strings.h"
#include "input/xlsx_styles.h"
#include "input/xlsx_workbook.h"
#include "input/xlsx_zip.h"

#define ERR_CAP 1024

static const unsigned char zip_magic[] = {'P', 'K', 3, 4};
static const unsigned char empty_zip_magic[] = {'P', 'K', 5, 6};
static const unsigned char cfb_magic[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

struct xlsx_source {
  const char *path;
  struct xlsx_zip *zip;
  struct xlsx_workbook wb;
  struct xlsx_strings strings;
  struct xlsx_styles styles;
  const struct xlsx_sheet_entry *sheet;
  struct xlsx_member *member;
  struct xlsx_sheet *reader;
  unsigned long long sheet_size;
  long long file_size;
  size_t numbered;
  bool at_end;
  struct arena header_arena;
  const char **header;
  size_t nheader;
};

static bool has_prefix(const unsigned char *p, size_t n, const unsigned char *magic, size_t m)
{
  return n >= m && !memcmp(p, magic, m);
}

static bool xlsx_detect(const unsigned char *prefix, size_t nprefix)
{
  return has_prefix(prefix, nprefix, zip_magic, sizeof(zip_magic)) ||
         has_prefix(prefix, nprefix, empty_zip_magic, sizeof(empty_zip_magic)) ||
         has_prefix(prefix, nprefix, cfb_magic, sizeof(cfb_magic));
}

/* Copies the prefix and the rest of a non-seekable input to an unlinked temporary file. */
static int spool(const struct source_input *in, int *fd)
{
  FILE *tmp = tmpfile();
  if (!tmp) {
    diag_error("%s: cannot create a temporary file to read the workbook from", in->path);
    return CSP_E_IO;
  }
  int rc = fwrite(in->prefix, 1, in->nprefix, tmp) == in->nprefix ? CSP_E_OK : CSP_E_IO;
  char buf[CSP_READ_CHUNK];
  size_t n;
  while (!rc && (n = fread(buf, 1, sizeof(buf), in->fp)) > 0)
    rc = fwrite(buf, 1, n, tmp) == n ? CSP_E_OK : CSP_E_IO;
  if (!rc && (ferror(in->fp) || fflush(tmp)))
    rc = CSP_E_IO;
  *fd = rc ? -1 : dup(fileno(tmp));
  (void)fclose(tmp);
  if (rc || *fd < 0) {
    diag_error("%s: cannot copy the workbook to a temporary file", in->path);
    return CSP_E_IO;
  }
  return CSP_E_OK;
}

/* A descriptor of the whole file that libzip can seek in; the caller's fp stays as it is. */
static int seekable_fd(const struct source_input *in, int *fd, long long *size)
{
  struct stat sb;
  int rc = CSP_E_OK;
  if (fstat(fileno(in->fp), &sb) == 0 && S_ISREG(sb.st_mode)) {
    *fd = dup(fileno(in->fp));
    rc = *fd < 0 ? CSP_E_IO : CSP_E_OK;
  } else {
    rc = spool(in, fd);
  }
  if (!rc && fstat(*fd, &sb) == 0)
    *size = (long long)sb.st_size;
  return rc;
}

/* The sheet to read: --sheet NAME, or the first visible one. Logs what is wrong. */
static int choose_sheet(struct xlsx_source *xs, const char *name)
{
  char names[ERR_CAP];
  xs->sheet = xlsx_workbook_sheet(&xs->wb, name);
  if (!xs->sheet) {
    xlsx_workbook_list_sheets(&xs->wb, names, sizeof(names));
    diag_error("%s: the workbook has no sheet named '%s'; its sheets are: %s. Give one of them "
               "with --sheet",
               xs->path, name, names);
    return CSP_E_INPUT;
  }
  if (!xs->sheet->worksheet || !xs->sheet->part) {
    diag_error("%s: sheet '%s' is %s; choose a sheet with the customer table with --sheet",
               xs->path, xs->sheet->name,
               xs->sheet->part ? "a chart or dialog sheet, not a table of cells"
                               : "missing from the workbook (the file is damaged)");
    return CSP_E_INPUT;
  }
  return CSP_E_OK;
}

/* Loads the shared strings and styles parts, when the workbook has them. */
static int load_tables(struct xlsx_source *xs)
{
  char err[ERR_CAP] = "";
  struct xlsx_member *m = NULL;
  int rc = CSP_E_OK;
  if (xs->wb.shared_strings) {
    rc = xlsx_zip_member_open(xs->zip, xs->wb.shared_strings, &m, err, sizeof(err));
    if (!rc)
      rc = xlsx_strings_load(&xs->strings, xlsx_member_read, m, err, sizeof(err));
    xlsx_zip_member_close(m);
    m = NULL;
    if (rc == CSP_E_NOT_FOUND)
      rc = CSP_E_OK; /* listed but absent: Excel would show no text either */
  }
  if (!rc && xs->wb.styles) {
    rc = xlsx_zip_member_open(xs->zip, xs->wb.styles, &m, err, sizeof(err));
    if (!rc)
      rc = xlsx_styles_load(&xs->styles, xlsx_member_read, m, err, sizeof(err));
    xlsx_zip_member_close(m);
    if (rc == CSP_E_NOT_FOUND)
      rc = CSP_E_OK; /* no styles: every number is a plain number */
  }
  if (rc == CSP_E_INPUT || (rc == CSP_E_IO && err[0]))
    diag_error("%s: the workbook cannot be read: %s", xs->path, err);
  return rc;
}

/* Opens the sheet's member afresh (the check pass, then the real one). */
static int open_member(struct xlsx_source *xs)
{
  char err[ERR_CAP] = "";
  xlsx_zip_member_close(xs->member);
  xs->member = NULL;
  int rc = xlsx_zip_member_open(xs->zip, xs->sheet->part, &xs->member, err, sizeof(err));
  if (rc == CSP_E_NOT_FOUND)
    (void)snprintf(err, sizeof(err), "%s is missing", xs->sheet->part);
  if (rc == CSP_E_INPUT || rc == CSP_E_NOT_FOUND) {
    diag_error("%s: sheet '%s' cannot be read: %s", xs->path, xs->sheet->name, err);
    return CSP_E_INPUT;
  }
  if (!rc)
    xs->sheet_size = xlsx_member_size(xs->member);
  return rc;
}

static void say_damaged(const struct xlsx_source *xs, const char *why)
{
  diag_error("%s: sheet '%s' is damaged (%s, %s); no row was read. Open the workbook in Excel "
             "and save it again, or save the sheet as CSV UTF-8",
             xs->path, xs->sheet->name, xs->sheet->part, why);
}

/* The first pass: is the whole sheet well-formed XML with intact compressed data? */
static int check_sheet(struct xlsx_source *xs)
{
  static const struct xml_handlers nothing = {NULL, NULL, NULL};
  char why[ERR_CAP] = "";
  int rc = open_member(xs);
  if (!rc)
    rc = xml_parse_all(&nothing, NULL, xlsx_member_read, xs->member, why, sizeof(why));
  if (rc == CSP_E_INPUT && why[0])
    say_damaged(xs, why);
  return rc;
}

/* Copies the cells of a sheet row into arena a; NULL when the arena is full. */
static const char **copy_cells(const struct xlsx_sheet_row *sr, struct arena *a)
{
  size_t total = 1;
  for (size_t c = 0; c < sr->ncells; c++)
    total += sr->len[c] ? sr->len[c] + 1 : 0;
  char *block = arena_alloc(a, total);
  const char **cells = arena_alloc(a, (sr->ncells ? sr->ncells : 1) * sizeof(*cells));
  if (!block || !cells)
    return NULL;
  block[0] = '\0';
  size_t at = 1;
  for (size_t c = 0; c < sr->ncells; c++) {
    cells[c] = block;
    if (!sr->len[c])
      continue;
    memcpy(block + at, sr->cell[c], sr->len[c] + 1);
    cells[c] = block + at;
    at += sr->len[c] + 1;
  }
  return cells;
}

static int next_sheet_row(struct xlsx_source *xs, const struct xlsx_sheet_row **sr)
{
  int rc = xlsx_sheet_next(xs->reader, sr);
  if (rc == CSP_E_INPUT)
    say_damaged(xs, xlsx_sheet_error(xs->reader));
  return rc;
}

static int read_header(struct xlsx_source *xs)
{
  const struct xlsx_sheet_row *sr = NULL;
  int rc = next_sheet_row(xs, &sr);
  if (rc)
    return rc;
  if (!sr) {
    diag_error("%s: sheet '%s' is empty (no header row)", xs->path, xs->sheet->name);
    return CSP_E_INPUT;
  }
  if (sr->problem != REASON_NONE) {
    diag_error("%s: the header row (sheet '%s', row %zu) is unreadable: %s", xs->path,
               xs->sheet->name, sr->line, row_reason_message(sr->problem));
    return CSP_E_INPUT;
  }
  xs->header = copy_cells(sr, &xs->header_arena);
  xs->nheader = sr->ncells;
  return xs->header ? CSP_E_OK : CSP_E_NOMEM;
}

static void xlsx_free_state(void *state)
{
  struct xlsx_source *xs = state;
  if (!xs)
    return;
  xlsx_sheet_close(xs->reader);
  xlsx_zip_member_close(xs->member);
  xlsx_strings_release(&xs->strings);
  xlsx_styles_release(&xs->styles);
  xlsx_workbook_release(&xs->wb);
  xlsx_zip_close(xs->zip);
  arena_release(&xs->header_arena);
  free(xs);
}

/* Everything up to a chosen, checked sheet and its tables. */
static int open_workbook(struct xlsx_source *xs, const struct source_input *in)
{
  char err[ERR_CAP] = "";
  int fd = -1;
  int rc = seekable_fd(in, &fd, &xs->file_size);
  if (!rc && (rc = xlsx_zip_open(fd, &xs->zip, err, sizeof(err))) == CSP_E_INPUT)
    diag_error("%s: this is not a readable Excel workbook: %s", xs->path, err);
  if (!rc && (rc = xlsx_workbook_load(&xs->wb, xs->zip, err, sizeof(err))) == CSP_E_INPUT)
    diag_error("%s: this is not a readable Excel workbook: %s", xs->path, err);
  if (!rc)
    rc = choose_sheet(xs, in->opts->sheet);
  if (!rc)
    rc = load_tables(xs);
  if (!rc)
    rc = check_sheet(xs);
  return rc;
}

static int xlsx_open(const struct source_input *in, void **state)
{
  *state = NULL;
  if (has_prefix(in->prefix, in->nprefix, cfb_magic, sizeof(cfb_magic))) {
    diag_error("%s: this workbook is password-protected or in the old .xls format; save it as "
               ".xlsx (without a password) or as CSV UTF-8",
               in->path);
    return CSP_E_INPUT;
  }
  struct xlsx_source *xs = calloc(1, sizeof(*xs));
  if (!xs)
    return CSP_E_NOMEM;
  xs->path = in->path;
  xlsx_strings_init(&xs->strings);
  arena_init(&xs->header_arena, CSP_MAX_ROW_BYTES);
  int rc = open_workbook(xs, in);
  if (!rc)
    rc = open_member(xs);
  if (!rc) {
    struct xlsx_sheet_context cx = {&xs->strings, &xs->styles, xs->wb.date1904};
    rc = xlsx_sheet_open(&cx, xlsx_member_read, xs->member, &xs->reader);
  }
  if (!rc)
    rc = read_header(xs);
  if (rc) {
    xlsx_free_state(xs);
    return rc;
  }
  diag_debug("%s: XLSX, sheet '%s' (%s), %zu shared strings in %llu KiB on disk (%zu KiB "
             "cache)%s",
             xs->path, xs->sheet->name, xs->sheet->part, xs->strings.count,
             (unsigned long long)(xs->strings.nbytes / 1024),
             xlsx_strings_memory(&xs->strings) / 1024, xs->wb.date1904 ? ", 1904 dates" : "");
  *state = xs;
  return CSP_E_OK;
}

static const char *const *xlsx_header(const void *state, size_t *ncells)
{
  const struct xlsx_source *xs = state;
  *ncells = xs->nheader;
  return xs->header;
}

static int xlsx_next(void *state, struct row *row, bool *eof)
{
  struct xlsx_source *xs = state;
  const struct xlsx_sheet_row *sr = NULL;
  *eof = false;
  int rc = xs->at_end ? CSP_E_OK : next_sheet_row(xs, &sr);
  if (rc)
    return rc;
  if (!sr) {
    xs->at_end = true;
    *eof = true;
    return CSP_E_OK;
  }
  row->number = ++xs->numbered;
  row->line = sr->line;
  row->input_problem = sr->problem;
  row->cells = copy_cells(sr, &row->arena);
  row->ncells = row->cells ? sr->ncells : 0;
  if (!row->cells)
    row->input_problem = REASON_FIELD_TOO_LONG; /* cannot happen within the limits */
  memcpy(row->numeric_cells, sr->numeric, sizeof(row->numeric_cells));
  return CSP_E_OK;
}

static long long xlsx_consumed(const void *state)
{
  const struct xlsx_source *xs = state;
  if (xs->at_end || !xs->sheet_size)
    return xs->at_end ? xs->file_size : 0;
  double part = (double)xlsx_sheet_bytes(xs->reader) / (double)xs->sheet_size;
  return (long long)(part > 1 ? xs->file_size : part * (double)xs->file_size);
}

const struct source_format xlsx_source_format = {
    .name = "XLSX",
    .detect = xlsx_detect,
    .open = xlsx_open,
    .header = xlsx_header,
    .next = xlsx_next,
    .consumed = xlsx_consumed,
    .free = xlsx_free_state,
};
