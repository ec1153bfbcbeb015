/* The logger behind diag.h. A line is formatted into a local buffer and written with one
 * fwrite under the stream's lock, so lines from the executor and the sandbox's threads never
 * interleave. */
#include "base/diag.h"

#include <stdarg.h>
#include <string.h>

#include "base/clock.h"

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

/* The bytes of the well-formed UTF-8 character at s (NUL-terminated) that is no control
 * character, or 0. */
static size_t printable_char(const unsigned char *s)
{
  if (s[0] < 0x80)
    return s[0] >= 0x20 && s[0] != 0x7F;
  size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
  for (size_t i = 1; i < n; i++)
    if ((s[i] & 0xC0) != 0x80)
      return 0;
  if (n == 2 && s[0] == 0xC2 && s[1] < 0xA0)
    return 0; /* a C1 control */
  return n;
}

/* msg as it may reach a terminal: a message quotes input (header cells, values), and a
 * binary file given as input must not send control sequences to the user's terminal; every
 * control character and every byte that is not UTF-8 becomes \xNN. */
static void printable(const char *msg, char *out, size_t cap)
{
  const unsigned char *s = (const unsigned char *)msg;
  size_t o = 0;
  while (*s && o + 5 < cap) {
    size_t n = printable_char(s);
    if (n) {
      memcpy(out + o, s, n);
      o += n;
      s += n;
    } else {
      o += (size_t)snprintf(out + o, cap - o, "\\x%02X", *s++);
    }
  }
  out[o] = '\0';
}

/* The module of a __FILE__: "src/input/csv_source.c" -> "csv_source" (into buf). */
static const char *module_of(const char *where, char *buf, size_t cap)
{
  const char *slash = where ? strrchr(where, '/') : NULL;
  const char *base = slash ? slash + 1 : where ? where : "csponboard";
  size_t len = strcspn(base, ".");
  snprintf(buf, cap, "%.*s", (int)len, base);
  return buf;
}

/* Writes one JSON line: ts, level, code, message and, when name, name: json. */
static void write_json(FILE *out, enum diag_level level, const char *code, const char *message,
                       const char *name, const char *json)
{
  char ts[32];
  clock_iso8601(ts, sizeof(ts));
  fprintf(out, "{\"ts\":\"%s\",\"level\":\"%s\",\"code\":\"", ts, level_names[level]);
  diag_json_escape(out, code);
  fputs("\",\"message\":\"", out);
  diag_json_escape(out, message);
  fputc('"', out);
  if (name)
    fprintf(out, ",\"%s\":%s", name, json);
  fputs("}\n", out);
}

void diag_log_json(enum diag_level level, const char *code, const char *message, const char *name,
                   const char *json)
{
  if (!diag_enabled(level))
    return;
  FILE *out = diag_stream();
  flockfile(out);
  if (logger.format == DIAG_JSON)
    write_json(out, level, code, message, name, json);
  else
    fprintf(out, "csponboard: %s\n", message);
  fflush(out);
  funlockfile(out);
}

void diag_log(enum diag_level level, const char *where, const char *code, const char *fmt, ...)
{
  if (!diag_enabled(level))
    return;
  char raw[4096], msg[4096], module[64];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(raw, sizeof(raw), fmt, ap);
  va_end(ap);
  printable(raw, msg, sizeof(msg));
  FILE *out = diag_stream();
  flockfile(out);
  if (logger.format == DIAG_JSON) {
    write_json(out, level, code ? code : module_of(where, module, sizeof(module)), msg, NULL, NULL);
  } else if (level == DIAG_INFO) {
    fprintf(out, "csponboard: %s\n", msg);
  } else {
    fprintf(out, "csponboard: %s: %s\n", level_names[level], msg);
  }
  fflush(out);
  funlockfile(out);
}
