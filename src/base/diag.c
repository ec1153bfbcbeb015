/* The logger behind diag.h. A line is formatted into a local buffer and written with one
 * fwrite under the stream's lock, so lines from the executor and the sandbox's threads never
 * interleave. */
#include "base/diag.h"

#include <stdarg.h>
#include <string.h>

static struct {
  enum diag_format format;
  enum diag_level max_level;
  FILE *stream;
} logger = {DIAG_TEXT, DIAG_INFO, NULL};

static const char *const level_names[] = {"error", "warning", "info", "debug"};

void diag_setup(enum diag_format format, enum diag_level max_level, FILE *stream)
{
  logger.format = format;
  logger.max_level = max_level;
  logger.stream = stream;
}

FILE *diag_stream(void)
{
  return logger.stream ? logger.stream : stderr;
}

enum diag_format diag_format(void)
{
  return logger.format;
}

bool diag_enabled(enum diag_level level)
{
  return level <= logger.max_level;
}

void diag_json_escape(FILE *out, const char *s)
{
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"':
      fputs("\\\"", out);
      break;
    case '\\':
      fputs("\\\\", out);
      break;
    case '\n':
      fputs("\\n", out);
      break;
    case '\r':
      fputs("\\r", out);
      break;
    case '\t':
      fputs("\\t", out);
      break;
    default:
      if (*p < 0x20)
        fprintf(out, "\\u%04x", *p);
      else
        fputc(*p, out);
    }
  }
}

void diag_log(enum diag_level level, const char *fmt, ...)
{
  if (!diag_enabled(level))
    return;
  char msg[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  FILE *out = diag_stream();
  flockfile(out);
  if (logger.format == DIAG_JSON) {
    fprintf(out, "{\"level\":\"%s\",\"msg\":\"", level_names[level]);
    diag_json_escape(out, msg);
    fputs("\"}\n", out);
  } else if (level == DIAG_INFO) {
    fprintf(out, "csponboard: %s\n", msg);
  } else {
    fprintf(out, "csponboard: %s: %s\n", level_names[level], msg);
  }
  fflush(out);
  funlockfile(out);
}
