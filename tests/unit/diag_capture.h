/* Test helper: captures diag output (the logger of src/base/diag.c) in memory for a case that
 * expects an error message, then restores stderr. Header-only, for tests. */
#ifndef CSP_DIAG_CAPTURE_H
#define CSP_DIAG_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "base/diag.h"

static char *captured;
static size_t captured_len;

/* Starts capturing; what is logged until release_capture lands in captured. */
static inline FILE *capture(void)
{
  free(captured);
  captured = NULL;
  FILE *f = open_memstream(&captured, &captured_len);
  diag_setup(DIAG_TEXT, DIAG_INFO, f);
  return f;
}

static inline void release_capture(FILE *f)
{
  fclose(f);
  diag_setup(DIAG_TEXT, DIAG_INFO, NULL);
}

#endif
