/* libFuzzer harness for Partner Center's country validation rules (rules sync): the bytes
 * are a GET /v1/countryvalidationrules/{CC} reply (pc_parse_country_rules); a reply that
 * parses is written as an overlay block (rules_sync_write) and must read back as YAML (a regex or
 * a state name from the server must not break out of its quoting). See tests/fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/diag.h"
#include "partner_center/responses.h"
#include "cli/rules_sync.h"
#include "base/yaml_tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static char path[64];
  if (!*path) {
    diag_setup(DIAG_TEXT, DIAG_ERROR, fopen("/dev/null", "w"));
    (void)snprintf(path, sizeof(path), "/tmp/csp_libfuzzer_rules_%d.yaml", (int)getpid());
  }
  struct arena a;
  arena_init(&a, 1 << 20);
  struct pc_country_rules r;
  if (pc_parse_country_rules((const char *)data, size, &a, &r) == 0) {
    FILE *f = fopen(path, "w");
    if (!f)
      abort();
    rules_sync_write(f, &r, "2026-01-01");
    fclose(f);
    struct ytree doc;
    if (ytree_load(&doc, path) != 0)
      abort(); /* the market file the sync wrote is not YAML */
    ytree_release(&doc);
  }
  arena_release(&a);
  return 0;
}
