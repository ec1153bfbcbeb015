/* Logging: the only writer to stderr. Text lines ("csponboard: error: ...") or JSON lines
 * ({"ts":"2026-12-03T09:30:00Z","level":"error","code":"locked","message":"..."}), chosen once
 * at start-up by main. A line's code is the one its caller names (diag_error_as), else the
 * module that wrote it ("config", "csv_source"): stable words a cron wrapper can match on.
 * Callers never pass a secret: tokens, client secrets and passwords are not formatted into any
 * message. */
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

/* Logs one line. where is the caller's __FILE__ (its module names the line when code is
 * NULL). Use the macros below. */
void diag_log(enum diag_level level, const char *where, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* One JSON log line with a further member name whose value is the JSON text json (the end
 * summary); in the text format, message alone. */
void diag_log_json(enum diag_level level, const char *code, const char *message, const char *name,
                   const char *json);
bool diag_enabled(enum diag_level level);

/* The stream diag writes to (stderr unless set up otherwise), for the progress line and
 * the human summary. */
FILE *diag_stream(void);
enum diag_format diag_format(void);

#define diag_error(...) diag_log(DIAG_ERROR, __FILE__, NULL, __VA_ARGS__)
#define diag_warn(...) diag_log(DIAG_WARN, __FILE__, NULL, __VA_ARGS__)
#define diag_info(...) diag_log(DIAG_INFO, __FILE__, NULL, __VA_ARGS__)
#define diag_debug(...) diag_log(DIAG_DEBUG, __FILE__, NULL, __VA_ARGS__)
/* The same with a code of the caller's ("locked", "encoding_assumed"). */
#define diag_error_as(code, ...) diag_log(DIAG_ERROR, __FILE__, code, __VA_ARGS__)
#define diag_warn_as(code, ...) diag_log(DIAG_WARN, __FILE__, code, __VA_ARGS__)
#define diag_info_as(code, ...) diag_log(DIAG_INFO, __FILE__, code, __VA_ARGS__)

/* Writes s as the body of a JSON string (no quotes) to out. Shared by the JSON log format and
 * the summary writer. */
void diag_json_escape(FILE *out, const char *s);

#endif
