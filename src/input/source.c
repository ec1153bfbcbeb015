/* source.h's front door: opens the input (a path or "-" for stdin), reads its first bytes,
 * picks the format whose detect() recognises them (an XLSX file is a ZIP archive, an old .xls
 * or encrypted workbook an OLE file, both taken by xlsx_source.c; anything else is read as
 * CSV/TSV) and forwards every call to it through struct source_format.
 * It also owns source_repair_text, the one treatment of a row that is not valid UTF-8: its
 * input_problem becomes bad_encoding and its cells are repaired with U+FFFD, so later stages
 * (JSON, the report) only ever see valid text. */
#include "input/source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/diag.h"
#include "base/errors.h"
#include "input/source_format.h"
#include "input/utf8.h"
#include "base/limits.h"

#define SOURCE_PREFIX_BYTES 4096

struct source {
  const struct source_format *format;
  void *state;
  FILE *fp;
  bool owns_fp;
  long long total;
  struct arena arena;  /* the repaired header */
  const char **header; /* the format's cells, or repaired copies */
  size_t nheader;
};

/* In order of trial; the CSV reader accepts anything, so it comes last. */
static const struct source_format *const formats[] = {&xlsx_source_format, &csv_source_format};

static int open_file(const char *path, struct source *src)
{
  if (!strcmp(path, "-")) {
    src->fp = stdin;
    return CSP_E_OK;
  }
  src->fp = fopen(path, "rb");
  if (!src->fp) {
    diag_error("%s: cannot open: %s", path, strerror(errno));
    return CSP_E_IO;
  }
  src->owns_fp = true;
  struct stat sb;
  if (fstat(fileno(src->fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
    diag_error_as("input_is_folder",
                  "%s is a folder, not a customer list: give the CSV or XLSX "
                  "file in it",
                  path);
    return CSP_E_INPUT;
  }
  if (fstat(fileno(src->fp), &sb) == 0 && S_ISREG(sb.st_mode))
    src->total = (long long)sb.st_size;
  return CSP_E_OK;
}

/* Replaces header cells that are not valid UTF-8 by repaired copies, with a warning. */
static int check_header(struct source *src, const char *path)
{
  const char *const *cells = src->format->header(src->state, &src->nheader);
  src->header = arena_alloc(&src->arena, (src->nheader + 1) * sizeof(*src->header));
  if (!src->header)
    return CSP_E_NOMEM;
  for (size_t i = 0; i < src->nheader; i++) {
    src->header[i] = cells[i];
    if (utf8_valid(cells[i], strlen(cells[i])))
      continue;
    diag_warn("%s: header cell %zu is not valid text in the input's encoding", path, i + 1);
    src->header[i] = utf8_repair(&src->arena, cells[i], strlen(cells[i]));
    if (!src->header[i])
      return CSP_E_NOMEM;
  }
  src->header[src->nheader] = NULL;
  return CSP_E_OK;
}

static int open_format(struct source *src, const char *path, const struct source_options *opts)
{
  unsigned char prefix[SOURCE_PREFIX_BYTES];
  size_t n = fread(prefix, 1, sizeof(prefix), src->fp);
  if (n < sizeof(prefix) && ferror(src->fp)) {
    diag_error("%s: read error", path);
    return CSP_E_IO;
  }
  if (n == 0) {
    diag_error("%s: the input is empty (no header line)", path);
    return CSP_E_INPUT;
  }
  for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
    if (!formats[i]->detect(prefix, n))
      continue;
    struct source_input in = {path, src->fp, prefix, n, opts};
    src->format = formats[i];
    return formats[i]->open(&in, &src->state);
  }
  return CSP_E_INPUT; /* unreachable: the CSV reader accepts anything */
}

int source_open(const char *path, const struct source_options *opts, struct source **out)
{
  int rc = CSP_E_OK;
  static const struct source_options defaults = {0, NULL, NULL};
  struct source *src = calloc(1, sizeof(*src));
  if (!src)
    return CSP_E_NOMEM;
  arena_init(&src->arena, CSP_MAX_ROW_BYTES);
  rc = open_file(path, src);
  if (rc == CSP_E_OK)
    rc = open_format(src, path, opts ? opts : &defaults);
  if (rc == CSP_E_OK)
    rc = check_header(src, path);
  if (rc) {
    source_close(src);
    src = NULL;
  }
  *out = src;
  return rc;
}

const char *const *source_header(const struct source *src, size_t *ncells)
{
  *ncells = src->nheader;
  return src->header;
}

void source_repair_text(struct row *row, bool cp1252)
{
  for (size_t i = 0; i < row->ncells; i++) {
    size_t len = strlen(row->cells[i]);
    if (utf8_valid(row->cells[i], len))
      continue;
    if (row->input_problem == REASON_NONE)
      row->input_problem = REASON_BAD_ENCODING;
    const char *fixed = utf8_repair_as(&row->arena, row->cells[i], len, cp1252);
    row->cells[i] = fixed ? fixed : "";
  }
}

int source_next(struct source *src, struct row *row, bool *eof)
{
  row_reset(row);
  return src->format->next(src->state, row, eof);
}

void source_progress(const struct source *src, long long *done, long long *total)
{
  *done = src->format->consumed(src->state);
  *total = src->total;
}

void source_close(struct source *src)
{
  if (!src)
    return;
  if (src->format && src->state)
    src->format->free(src->state);
  if (src->owns_fp)
    (void)fclose(src->fp);
  arena_release(&src->arena);
  free(src);
}
