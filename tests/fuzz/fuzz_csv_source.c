/* libFuzzer harness for the input side: the bytes are a customer file, read through
 * source_open/source_next (format detection, decoding, sniffing, libcsv) and, when the header
 * maps, mapping_apply + normalize_row. Checks the source's own promises: rows numbered 1..N,
 * lines non-decreasing, cells valid UTF-8 within the column cap, and a row's echo exactly
 * what the report's writer makes of its cells. See tests/fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/csv_writer.h"
#include "base/diag.h"
#include "fuzz_rows.h"
#include "input/mapping.h"
#include "input/source.h"
#include "input/utf8.h"
#include "rules/normalize_row.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether the row's echo (if any) is byte for byte the writer's encoding of its cells. */
static bool echo_is_faithful(const struct row *row)
{
  if (!row->echo)
    return true;
  static struct csv_writer w;
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  if (!mem)
    abort();
  csv_writer_init(&w, mem);
  for (size_t i = 0; i < row->ncells; i++)
    csv_writer_cell(&w, row->cells[i]);
  csv_writer_flush(&w);
  fclose(mem);
  bool same = len == row->echo_len && !memcmp(buf, row->echo, len);
  free(buf);
  return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static char path[64];
  static FILE *devnull;
  if (!devnull) {
    devnull = fopen("/dev/null", "w");
    diag_setup(DIAG_TEXT, DIAG_ERROR, devnull);
    (void)snprintf(path, sizeof(path), "/tmp/csp_libfuzzer_csv_%d", (int)getpid());
  }
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size)
    abort();
  fclose(f);
  struct source *src = NULL;
  if (source_open(path, NULL, &src) != 0)
    return 0;
  size_t nheader;
  const char *const *header = source_header(src, &nheader);
  struct mapping map = {0};
  bool mapped = mapping_init(header, nheader, NULL, &map) == 0;
  struct row row;
  row_init(&row);
  bool eof = false;
  size_t n = 0, line = 0;
  while (!eof && source_next(src, &row, &eof) == 0 && !eof) {
    fuzz_check_row(&row, &n, &line);
    if (!echo_is_faithful(&row))
      abort();
    if (mapped) {
      mapping_apply(&map, &row);
      normalize_row(&row);
    }
    if (n > size + 1)
      abort(); /* more rows than bytes: a loop */
  }
  row_release(&row);
  mapping_release(&map);
  source_close(src);
  return 0;
}
