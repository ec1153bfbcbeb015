/* Rule-stage throughput: reads one CSV twice and prints rows/s for
 *   mapped     source_next + mapping_apply: what the reader thread does before the rules (the
 *              baseline);
 *   validated  the same + normalize_row + validate_row, as the pipeline's reader thread runs
 *              them (validation only for rows whose bytes could be read);
 * and the share of the second pass that the rules cost. With --fingerprint a third, untimed
 * pass prints an FNV-1a hash over every normalised value, action and finding, so that two
 * builds can be compared for identical results as well as for speed.
 * Usage: bench_rules FILE.csv [RULES_DIR] [--fingerprint]   (RULES_DIR defaults to schemas;
 * generate the file with gen_customers, it is not kept in the tree) */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/errors.h"
#include "input/mapping.h"
#include "input/source.h"
#include "rules/normalize_row.h"
#include "rules/rules.h"
#include "rules/validate.h"

struct pass {
  size_t rows;
  size_t findings;
  uint64_t fingerprint;
};

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
  const unsigned char *p = data;
  for (size_t i = 0; i < len; i++)
    h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}

static uint64_t fingerprint_row(uint64_t h, const struct row *row)
{
  for (int f = 0; f < FIELD_COUNT; f++) {
    const char *v = row_get(row, (enum field_id)f);
    h = fnv1a(h, v, strlen(v) + 1);
  }
  for (size_t i = 0; i < row->nviolations; i++) {
    const struct violation *v = &row->violations[i];
    int head[3] = {(int)v->field, (int)v->code, (int)v->warning};
    h = fnv1a(h, head, sizeof(head));
    h = fnv1a(h, v->message, strlen(v->message) + 1);
  }
  return fnv1a(h, &row->action, sizeof(row->action));
}

static struct pass read_rows(const char *path, const struct rules *rules, bool fingerprint)
{
  struct source *src = NULL;
  struct mapping m = {0};
  struct pass pass = {0, 0, 0xcbf29ce484222325ULL};
  size_t nheader;
  if (source_open(path, NULL, &src))
    exit(2);
  const char *const *header = source_header(src, &nheader);
  if (mapping_init(header, nheader, NULL, &m))
    exit(2);
  struct row row;
  row_init(&row);
  bool eof = false;
  while (source_next(src, &row, &eof) == 0 && !eof) {
    mapping_apply(&m, &row);
    pass.rows++;
    if (!rules)
      continue;
    normalize_row(&row);
    if (row.input_problem == REASON_NONE)
      validate_row(rules, &row);
    pass.findings += row.nviolations;
    if (fingerprint)
      pass.fingerprint = fingerprint_row(pass.fingerprint, &row);
  }
  row_release(&row);
  mapping_release(&m);
  source_close(src);
  return pass;
}

static void print_pass(const char *name, const struct pass *pass, double secs)
{
  printf("%-9s %9zu rows %7.3f s %10.0f rows/s", name, pass->rows, secs, (double)pass->rows / secs);
  if (pass->findings)
    printf("  %zu findings", pass->findings);
  printf("\n");
}

/* Times one pass; returns its rows/s. */
static double timed_pass(const char *name, const char *path, const struct rules *rules)
{
  double t0 = now_s();
  struct pass pass = read_rows(path, rules, false);
  double secs = now_s() - t0;
  print_pass(name, &pass, secs);
  return (double)pass.rows / secs;
}

int main(int argc, char **argv)
{
  bool fingerprint = argc > 2 && !strcmp(argv[argc - 1], "--fingerprint");
  int args = argc - fingerprint;
  if (args != 2 && args != 3) {
    fprintf(stderr, "usage: bench_rules FILE.csv [RULES_DIR] [--fingerprint]\n");
    return 2;
  }
  struct rules *rules = NULL;
  if (rules_open(args == 3 ? argv[2] : "schemas", false, &rules) != CSP_E_OK)
    return 2;
  double mapped = timed_pass("mapped", argv[1], NULL);
  double validated = timed_pass("validated", argv[1], rules);
  printf("validated/mapped %.3f (normalize + validate: %.1f%% of the validated pass)\n",
         validated / mapped, 100.0 * (1.0 - validated / mapped));
  if (fingerprint) {
    struct pass pass = read_rows(argv[1], rules, true);
    printf("fingerprint %016llx of %zu rows, %zu findings\n", (unsigned long long)pass.fingerprint,
           pass.rows, pass.findings);
  }
  rules_close(rules);
  return 0;
}
