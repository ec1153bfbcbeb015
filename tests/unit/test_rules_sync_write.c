/* Tests for src/rules_sync.c's market file writer: whatever a country rules reply holds, the
 * file written reads back as YAML (cases found by fuzz_country_rules). */
#include "cli/rules_sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "base/yaml_tree.h"

/* Writes r as a market file and loads it back with the YAML reader; true when it loads. */
static bool reads_back(const struct pc_country_rules *r)
{
  char path[] = "/tmp/csp_test_rules_sync_XXXXXX";
  int fd = mkstemp(path);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!f)
    abort();
  rules_sync_write(f, r, "2026-01-01");
  fclose(f);
  struct ytree doc;
  int rc = ytree_load(&doc, path);
  ytree_release(&doc);
  unlink(path);
  return rc == 0;
}

TEST(strings_that_are_not_utf8_or_not_printable_still_make_a_readable_file)
{
  static const char *states[] = {"\xABT",
                                 "\xFFT",
                                 "A\nB: x",
                                 "C\x01D",
                                 "E\xC2\x85"
                                 "F",
                                 "\xC2\x9F",
                                 "it's",
                                 "\xE2\x82",
                                 "Ü",
                                 "\x7F"};
  struct pc_country_rules r;
  memset(&r, 0, sizeof(r));
  r.iso2 = "US";
  r.default_culture = "en-US\r\n";
  r.postal_regex = "^\\d{5}\xFF$";
  r.phone_regex = "'\t'";
  r.registration_regex = "";
  r.registration_sample = "";
  r.states.items = states;
  r.states.n = sizeof(states) / sizeof(states[0]);
  r.state_required = true;
  CHECK(reads_back(&r));
}

RUN_TESTS()
