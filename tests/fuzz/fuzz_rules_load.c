/* libFuzzer harness for the YAML readers: the bytes become markets/DE.yaml of a rule folder
 * (beside a real regions.yaml and common.yaml copied once from schemas/), then are also read
 * as csponboard.yaml and as a --map file. A rule set that loads validates one row. Run from
 * the source folder (it reads schemas/). See tests/fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/config.h"
#include "base/diag.h"
#include "input/map_file.h"
#include "rules/rules.h"
#include "rules/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void copy_file(const char *from, const char *to)
{
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  if (!in || !out)
    abort();
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
    fwrite(buf, 1, n, out);
  fclose(in);
  fclose(out);
}

static void setup(void)
{
  FILE *devnull = fopen("/dev/null", "w");
  diag_setup(DIAG_TEXT, DIAG_ERROR, devnull);
  (void)snprintf(dir, sizeof(dir), "/tmp/csp_libfuzzer_rules_%d", (int)getpid());
  char path[128];
  mkdir(dir, 0700);
  (void)snprintf(path, sizeof(path), "%s/markets", dir);
  mkdir(path, 0700);
  (void)snprintf(path, sizeof(path), "%s/regions.yaml", dir);
  copy_file("schemas/regions.yaml", path);
  (void)snprintf(path, sizeof(path), "%s/markets/common.yaml", dir);
  copy_file("schemas/markets/common.yaml", path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!dir[0])
    setup();
  char path[128];
  (void)snprintf(path, sizeof(path), "%s/markets/DE.yaml", dir);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size)
    abort();
  fclose(f);
  struct rules *rules = NULL;
  if (rules_open(dir, false, &rules) == 0) {
    struct row row;
    row_init(&row);
    row.action = ACTION_CREATE;
    (void)row_set(&row, FIELD_COUNTRY, "DE");
    (void)row_set(&row, FIELD_POSTAL_CODE, "10115");
    (void)row_set(&row, FIELD_PHONE, "030 1234567");
    validate_row(rules, &row);
    row_release(&row);
  }
  rules_close(rules);
  struct config cfg;
  config_init(&cfg);
  (void)config_load(&cfg, path);
  config_release(&cfg);
  struct map_file mf = {0};
  (void)map_file_load(path, &mf);
  map_file_release(&mf);
  return 0;
}
