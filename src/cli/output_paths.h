/* Every file a run or a validation writes — the report, the journal, the credentials file, the
 * summary JSON and the HTML summary beside the report — checked before the first row is read
 * and the first request sent: each can be written (its folder exists and takes files; it is
 * not itself a folder), and no two of them, nor any of them and the input, are the same file
 * (after links are resolved). A run that would overwrite its input or write two outputs into
 * one file stops with exit 2, having sent nothing. */
#ifndef CSP_OUTPUT_PATHS_H
#define CSP_OUTPUT_PATHS_H

#include <stdbool.h>

#include "cli/options.h"

/* Checks the outputs of opts (the journal and credentials file only when writes: a run).
 * Returns 0, or CSP_E_USAGE having logged what is wrong with which path (*bad, when not NULL:
 * the path found wrong). */
int output_paths_check(const struct options *opts, bool writes, const char **bad);
/* The same for the summary JSON alone (against the input), for a run that stopped before
 * output_paths_check: the summary is written on every exit. */
int output_paths_check_summary(const struct options *opts);

#endif
