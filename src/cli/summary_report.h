/* Reading a report CSV back into a summary model (summary_model.h): the `summary` command's
 * input. The report is streamed through the input reader (one row in memory at a time), so a
 * report of any size takes the same memory. */
#ifndef CSP_SUMMARY_REPORT_H
#define CSP_SUMMARY_REPORT_H

#include "report/summary_model.h"

/* Reads the report at path (borrowed for the call) into m. Returns 0, the reader's error
 * (CSP_E_IO, CSP_E_INPUT, CSP_E_ENCODING, CSP_E_NOMEM) or CSP_E_INPUT when the file is not a
 * csponboard report (its header does not start with the result columns); each is logged
 * with the path. */
int summary_read_report(const char *path, struct summary_model *m);

#endif
