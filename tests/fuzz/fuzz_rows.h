/* What every source promises of the rows it hands out, checked by the input harnesses
 * (fuzz_csv_source, fuzz_xlsx_source): rows numbered 1..N, lines that never go back, at most
 * CSP_MAX_COLUMNS cells, each valid UTF-8. Header-only. */
#ifndef CSP_FUZZ_ROWS_H
#define CSP_FUZZ_ROWS_H

#include <stdlib.h>
#include <string.h>

#include "input/utf8.h"
#include "base/limits.h"
#include "pipeline/row.h"

/* Aborts when row breaks a promise; *n and *line carry the previous row's number and line. */
static inline void fuzz_check_row(const struct row *row, size_t *n, size_t *line)
{
  if (row->number != ++*n || row->line < *line || row->ncells > CSP_MAX_COLUMNS)
    abort();
  *line = row->line;
  for (size_t i = 0; i < row->ncells; i++)
    if (!utf8_valid(row->cells[i], strlen(row->cells[i])))
      abort();
}

#endif
