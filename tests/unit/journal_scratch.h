/* Test helper: a journal path in a fresh temporary folder, and its removal with every file
 * SQLite and the run lock put beside it. Header-only, for the journal tests. */
#ifndef CSP_JOURNAL_SCRATCH_H
#define CSP_JOURNAL_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct scratch {
  char dir[64];
  char path[128];
};

static inline void scratch_init(struct scratch *s)
{
  (void)snprintf(s->dir, sizeof(s->dir), "/tmp/csp_journal_XXXXXX");
  if (!mkdtemp(s->dir))
    abort();
  (void)snprintf(s->path, sizeof(s->path), "%s/run.journal.sqlite", s->dir);
}

static inline void scratch_release(struct scratch *s)
{
  const char *suffixes[] = {"", "-wal", "-shm", "-journal", ".lock"};
  char file[160];
  for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
    (void)snprintf(file, sizeof(file), "%s%s", s->path, suffixes[i]);
    (void)unlink(file);
  }
  (void)rmdir(s->dir);
}

#endif
