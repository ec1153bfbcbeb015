/* Input-stage throughput: reads one CSV three times and prints rows/s for
 *   raw      libcsv alone (64 KiB fread chunks, callbacks that only count rows): the ceiling;
 *   source   source_open/source_next (decoding, line feeding, staging, UTF-8 check);
 *   mapped   source_next + mapping_apply, i.e. all the pipeline gets before normalisation.
 * Usage: bench_input FILE.csv   (generate the file elsewhere; it is not kept in the tree) */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/errors.h"
#include "input/mapping.h"
#include "input/source.h"

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void count_field(void *s, size_t len, void *data)
{
  (void)s;
  (void)len;
  (void)data;
}

static void count_row(int c, void *data)
{
  (void)c;
  (*(size_t *)data)++;
}

static size_t raw_parse(const char *path)
{
  static char buf[64 * 1024];
  struct csv_parser p;
  size_t rows = 0, n;
  FILE *f = fopen(path, "rb");
  if (!f || csv_init(&p, 0) != 0)
    exit(2);
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
    (void)csv_parse(&p, buf, n, count_field, count_row, &rows);
  (void)csv_fini(&p, count_field, count_row, &rows);
  csv_free(&p);
  fclose(f);
  return rows - 1; /* the header */
}

static size_t source_parse(const char *path, bool map)
{
  struct source *src = NULL;
  struct mapping m = {0};
  size_t rows = 0, nheader;
  if (source_open(path, NULL, &src))
    exit(2);
  const char *const *header = source_header(src, &nheader);
  if (map && mapping_init(header, nheader, NULL, &m))
    exit(2);
  struct row row;
  row_init(&row);
  bool eof = false;
  while (source_next(src, &row, &eof) == 0 && !eof) {
    if (map)
      mapping_apply(&m, &row);
    rows++;
  }
  row_release(&row);
  mapping_release(&m);
  source_close(src);
  return rows;
}

int main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: bench_input FILE.csv\n");
    return 2;
  }
  static const char *const names[] = {"raw libcsv", "source_next", "source_next+mapping_apply"};
  double raw_rate = 0;
  for (int mode = 0; mode < 3; mode++) {
    double t0 = now_s();
    size_t rows = mode == 0 ? raw_parse(argv[1]) : source_parse(argv[1], mode == 2);
    double secs = now_s() - t0, rate = (double)rows / secs;
    if (mode == 0)
      raw_rate = rate;
    printf("%-27s %9zu rows %7.3f s %10.0f rows/s %5.1f%% of raw\n", names[mode], rows, secs, rate,
           100.0 * rate / raw_rate);
  }
  return 0;
}
