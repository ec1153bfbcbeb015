/* The result report (SPEC §9): one CSV line per input row, in input order, the result
 * columns first and every original input column after them. Written to REPORT.part and
 * renamed into place by report_commit, so a reader never sees half a report. */
#ifndef CSP_REPORT_H
#define CSP_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "input/report_columns.h" /* the result columns (REPORT_RESULT_NCOLUMNS) */
#include "report/csv_writer.h"
#include "pipeline/row.h"

struct report;

/* Creates path.part and writes the header: the result columns, then header cells
 * [first_original, nheader) of the input. The header cells are copied. bom: the file starts
 * with a UTF-8 byte order mark (Excel then opens it as UTF-8, not in the ANSI code page). */
int report_open(const char *path, const char *const *header, size_t nheader, size_t first_original,
                bool bom, struct report **out);
/* Appends one row. Returns 0 or CSP_E_IO. */
int report_write(struct report *rep, const struct row *row);
/* Flushes, syncs and renames path.part to path. Returns 0 or CSP_E_IO. */
int report_commit(struct report *rep);
/* Closes; an uncommitted report's .part file is left for inspection. NULL does nothing. */
void report_close(struct report *rep);

/* The pieces, over any CSV writer (tests use memory streams). */
void report_format_header(struct csv_writer *w, const char *const *header, size_t nheader,
                          size_t first_original);
void report_format_row(struct csv_writer *w, const struct row *row, size_t first_original,
                       size_t nheader);

/* Where report_findings sends its text, piece by piece. */
typedef void (*report_piece_fn)(void *ctx, const char *piece);
/* A row's findings as the report's cells hold them: its errors (warnings false) or warnings,
 * as "field:code;field:code" (codes) or as their messages joined by "; " (errors past
 * CSP_MAX_VIOLATIONS add "; and N more"). The reason_code and reason cells of a row that broke
 * the rules, and the warnings cell. */
void report_findings(const struct row *row, bool warnings, bool codes, report_piece_fn piece,
                     void *ctx);

#endif
