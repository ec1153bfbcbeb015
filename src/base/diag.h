/* Logging: the only writer to stderr. Text lines ("csponboard: error: ...") or JSON lines
 * ({"level":"error","msg":"..."}), chosen once at start-up by main. Callers never pass a
 * secret: tokens, client secrets and passwords are not formatted into any message. */
#ifndef CSP_DIAG_H
#define CSP_DIAG_H

#include <stdbool.h>
#include <stdio.h>

enum diag_level { DIAG_ERROR, DIAG_WARN, DIAG_INFO, DIAG_DEBUG };
enum diag_format { DIAG_TEXT, DIAG_JSON };

/* Configures the logger once, before any thread starts (the one piece of process-wide state
 * besides the signal flag: every module logs, and threading a logger through every call
 * would add noise, not safety). stream is borrowed for the life of the process. */
void diag_setup(enum diag_format format, enum diag_level max_level, FILE *stream);

void diag_log(enum diag_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool diag_enabled(enum diag_level level);

/* The stream diag writes to (stderr unless set up otherwise), for the progress line and
 * the human summary. */
FILE *diag_stream(void);
enum diag_format diag_format(void);

#define diag_error(...) diag_log(DIAG_ERROR, __VA_ARGS__)
#define diag_warn(...) diag_log(DIAG_WARN, __VA_ARGS__)
#define diag_info(...) diag_log(DIAG_INFO, __VA_ARGS__)
#define diag_debug(...) diag_log(DIAG_DEBUG, __VA_ARGS__)

/* Writes s as the body of a JSON string (no quotes) to out. Shared by the JSON log format and
 * the summary writer. */
void diag_json_escape(FILE *out, const char *s);

#endif
