/* parse_baseline: the parse-only baseline of the benchmark (bench/validate.sh).
 *
 *   parse_baseline FILE
 *
 * Reads FILE in 64 KiB chunks and feeds it to libcsv with callbacks that only count fields,
 * field bytes and rows, which is the least any CSV reader must do: `csponboard validate` on the
 * same file is measured against it. The counts are printed, so the compiler cannot drop the
 * work. Prints `rows N` and the elapsed seconds to stderr, and one machine-readable line to
 * stdout: `rows=N fields=F bytes=B seconds=S rows_per_s=R`. Exit status 1 on an I/O or parse
 * error, 2 on a usage error.
 */
#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define CHUNK (64 * 1024)

struct counts {
  uint64_t rows;
  uint64_t fields;
  uint64_t field_bytes;
};

static void on_field(void *data, size_t len, void *user)
{
  struct counts *c = user;
  (void)data;
  c->fields++;
  c->field_bytes += len;
}

static void on_row(int terminator, void *user)
{
  struct counts *c = user;
  (void)terminator;
  c->rows++;
}

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Parses the whole stream; returns 0, or -1 with a message on stderr. */
static int parse_stream(FILE *fp, const char *path, struct counts *c)
{
  static char buf[CHUNK];
  struct csv_parser p;
  int rc = -1;
  if (csv_init(&p, 0) != 0) {
    fputs("parse_baseline: csv_init failed\n", stderr);
    return -1;
  }
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
    if (csv_parse(&p, buf, n, on_field, on_row, c) != n) {
      fprintf(stderr, "parse_baseline: %s: %s\n", path, csv_strerror(csv_error(&p)));
      goto out;
    }
  }
  if (ferror(fp)) {
    fprintf(stderr, "parse_baseline: %s: read error: %s\n", path, strerror(errno));
    goto out;
  }
  if (csv_fini(&p, on_field, on_row, c) != 0) {
    fprintf(stderr, "parse_baseline: %s: %s\n", path, csv_strerror(csv_error(&p)));
    goto out;
  }
  rc = 0;
out:
  csv_free(&p);
  return rc;
}

int main(int argc, char **argv)
{
  if (argc != 2) {
    fputs("usage: parse_baseline FILE\n", stderr);
    return 2;
  }
  FILE *fp = fopen(argv[1], "rb");
  if (!fp) {
    fprintf(stderr, "parse_baseline: %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  struct counts c = {0, 0, 0};
  double start = now_s();
  int rc = parse_stream(fp, argv[1], &c);
  double seconds = now_s() - start;
  fclose(fp);
  if (rc != 0)
    return 1;
  /* The header line is a row for libcsv; the data rows are one fewer. */
  uint64_t data_rows = c.rows ? c.rows - 1 : 0;
  double rate = seconds > 0 ? (double)data_rows / seconds : 0.0;
  fprintf(stderr, "rows %llu (%llu fields) in %.3f s\n", (unsigned long long)data_rows,
          (unsigned long long)c.fields, seconds);
  printf("rows=%llu fields=%llu bytes=%llu seconds=%.6f rows_per_s=%.0f\n",
         (unsigned long long)data_rows, (unsigned long long)c.fields,
         (unsigned long long)c.field_bytes, seconds, rate);
  return 0;
}
