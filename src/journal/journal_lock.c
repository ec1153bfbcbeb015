/* The run lock behind journal_lock.h. Removing the file at the end is safe because a process
 * that gets the lock checks that the path still names the file it locked: one that opened the
 * old file just before it was removed finds it gone, and takes the new one instead. */
#include "journal/journal_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/diag.h"
#include "base/errors.h"

/* Whether fd is still the file at path (not removed or replaced since it was opened). */
static bool still_there(int fd, const char *path)
{
  struct stat a, b;
  return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Logs the refusal, with what the holder wrote ("pid 1234, started 2026-...Z") when it did. */
static void say_locked(int fd, const char *db_path)
{
  char holder[128] = "";
  ssize_t n = pread(fd, holder, sizeof(holder) - 1, 0);
  holder[n > 0 ? n : 0] = '\0';
  holder[strcspn(holder, "\n")] = '\0';
  diag_error_as("locked", "journal %s: another run holds its lock%s%s%s", db_path,
                *holder ? " (" : "", holder, *holder ? ")" : "");
}

/* Writes this process's id and start time into the locked file. */
static void sign(int fd)
{
  char line[96], now[32];
  clock_iso8601(now, sizeof(now));
  int n = snprintf(line, sizeof(line), "pid %ld, started %s\n", (long)getpid(), now);
  if (ftruncate(fd, 0) == 0 && n > 0)
    (void)pwrite(fd, line, (size_t)n, 0);
}

int journal_lock_take(const char *db_path, int *fd, char **lock_path)
{
  size_t len = strlen(db_path) + sizeof(".lock");
  *fd = -1;
  *lock_path = malloc(len);
  if (!*lock_path)
    return CSP_E_NOMEM;
  (void)snprintf(*lock_path, len, "%s.lock", db_path);
  for (int attempt = 0; attempt < 8; attempt++) {
    int f = open(*lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (f < 0) {
      diag_error("journal %s: cannot open the lock file %s: %s", db_path, *lock_path,
                 strerror(errno));
      break;
    }
    if (flock(f, LOCK_EX | LOCK_NB) != 0) {
      int err = errno;
      if (err == EWOULDBLOCK)
        say_locked(f, db_path);
      else
        diag_error("journal %s: %s", db_path, strerror(err));
      (void)close(f);
      free(*lock_path);
      *lock_path = NULL;
      return err == EWOULDBLOCK ? CSP_E_LOCKED : CSP_E_JOURNAL;
    }
    if (still_there(f, *lock_path)) {
      sign(f);
      *fd = f;
      return CSP_E_OK;
    }
    (void)close(f); /* the run before removed it as we opened it: take the new one */
  }
  free(*lock_path);
  *lock_path = NULL;
  return CSP_E_JOURNAL;
}

void journal_lock_release(int fd, char *lock_path)
{
  if (fd >= 0) {
    if (lock_path)
      (void)unlink(lock_path); /* while still holding it: see the file comment */
    (void)close(fd);
  }
  free(lock_path);
}
