/* The result columns that open every report (SPEC §9), in order. The report writes them; the
 * input's mapping recognises a report fed back as input by them, so the list sits here, below
 * both. */
#ifndef CSP_REPORT_COLUMNS_H
#define CSP_REPORT_COLUMNS_H

#define REPORT_RESULT_NCOLUMNS 18
extern const char *const report_result_columns[REPORT_RESULT_NCOLUMNS];

#endif
