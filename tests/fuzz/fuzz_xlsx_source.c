/* libFuzzer harness for the XLSX reader. A workbook's bytes (seeds: the real workbooks of
 * tests/fixtures/xlsx, starting "PK") are read as they are: the ZIP layer and everything
 * under it. Any other input is one part of a real workbook: its first byte picks the part
 * (the sheet, the shared strings, the styles, the workbook, its relationships), the rest
 * replaces that part inside the seed workbook, so that the XML readers get deep coverage that
 * whole-file mutation (broken CRCs) would not reach. Rows must be numbered 1..N with
 * non-decreasing lines and valid UTF-8 cells. Run from the source folder (the template
 * workbook). See tests/fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "base/diag.h"
#include "fuzz_rows.h"
#include "input/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TEMPLATE "tests/fixtures/xlsx/xlsxwriter-customers.xlsx"

static const char *const parts[] = {
    "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",       "xl/styles.xml",
    "xl/workbook.xml",          "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
};
#define NPARTS (sizeof(parts) / sizeof(parts[0]))

static struct member {
  char *name;
  void *bytes;
  zip_uint64_t len;
} members[32];
static size_t nmembers;

/* Reads every member of the template workbook into memory, once. */
static void load_template(void)
{
  int err = 0;
  zip_t *z = zip_open(TEMPLATE, ZIP_RDONLY, &err);
  if (!z) {
    fprintf(stderr, "fuzz_xlsx_source: run from the source folder (%s)\n", TEMPLATE);
    abort();
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0) && nmembers < 32; i++) {
    zip_stat_t st;
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
    if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) || !f)
      abort();
    struct member *m = &members[nmembers++];
    m->name = strdup(st.name);
    m->bytes = malloc(st.size + 1);
    m->len = st.size;
    if (zip_fread(f, m->bytes, st.size) != (zip_int64_t)st.size)
      abort();
    zip_fclose(f);
  }
  zip_close(z);
}

/* Writes the template to path with part replaced by bytes[0..len), members stored. */
static void write_package(const char *path, const char *part, const void *bytes, size_t len)
{
  int err = 0;
  zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z)
    abort();
  for (size_t i = 0; i < nmembers; i++) {
    bool replaced = !strcmp(members[i].name, part);
    zip_source_t *src = zip_source_buffer(z, replaced ? bytes : members[i].bytes,
                                          replaced ? len : members[i].len, 0);
    zip_int64_t idx = src ? zip_file_add(z, members[i].name, src, ZIP_FL_OVERWRITE) : -1;
    if (idx < 0 || zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0))
      abort();
  }
  if (zip_close(z))
    abort();
}

static void read_rows(const char *path)
{
  struct source *src = NULL;
  if (source_open(path, NULL, &src) != 0)
    return;
  struct row row;
  row_init(&row);
  bool eof = false;
  size_t n = 0, line = 0;
  while (!eof && source_next(src, &row, &eof) == 0 && !eof)
    fuzz_check_row(&row, &n, &line);
  row_release(&row);
  source_close(src);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static char path[64];
  if (!*path) {
    diag_setup(DIAG_TEXT, DIAG_ERROR, fopen("/dev/null", "w"));
    (void)snprintf(path, sizeof(path), "/tmp/csp_libfuzzer_xlsx_%d.xlsx", (int)getpid());
    load_template();
  }
  if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size)
      abort();
    fclose(f);
  } else if (size >= 1) {
    write_package(path, parts[data[0] % NPARTS], data + 1, size - 1);
  } else {
    return 0;
  }
  read_rows(path);
  return 0;
}
