/* libFuzzer harness for the journal file: the bytes are a SQLite database at the journal's
 * path, as a damaged or foreign file would be. validate opens it read-only and looks a row
 * up; run opens it for writing (schema check, migrations, the lock) and lists rows left in
 * flight, done rows and the counts. Each must refuse what it cannot use, never crash. Seeds:
 * journals written by the sandbox runs of the shell tests. See tests/fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "journal/journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int visit(const struct journal_entry *e, void *ctx)
{
  size_t *n = ctx;
  *n += e->identity ? strlen(e->identity) : 0;
  return 0;
}

static void write_file(const char *path, const uint8_t *data, size_t size)
{
  char side[96];
  for (size_t i = 0; i < 3; i++) {
    static const char *const suffixes[] = {"-wal", "-shm", ".lock"};
    (void)snprintf(side, sizeof(side), "%s%s", path, suffixes[i]);
    (void)unlink(side);
  }
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size)
    abort();
  fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static char path[64];
  if (!*path) {
    diag_setup(DIAG_TEXT, DIAG_ERROR, fopen("/dev/null", "w"));
    (void)snprintf(path, sizeof(path), "/tmp/csp_libfuzzer_journal_%d.sqlite", (int)getpid());
  }
  size_t n = 0;
  long long counts[JOURNAL_STATE_COUNT];
  struct journal *j = NULL;
  write_file(path, data, size);
  struct journal_entry e;
  if (journal_open_readonly(path, &j) == 0) {
    if (journal_lookup(j, "domain:contoso.onmicrosoft.com", &e) == 0)
      journal_entry_release(&e);
    journal_close(j);
  }
  write_file(path, data, size);
  if (journal_open(path, &j) == 0) {
    (void)journal_in_flight(j, visit, &n);
    struct journal_filter filter = {JOURNAL_STATE_COUNT, NULL};
    (void)journal_each(j, &filter, visit, &n);
    (void)journal_count_by_state(j, counts);
    if (journal_lookup(j, "domain:contoso.onmicrosoft.com", &e) == 0)
      journal_entry_release(&e);
    journal_close(j);
  }
  return 0;
}
