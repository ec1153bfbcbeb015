/* The run lock of a journal: PATH.lock, held with flock(2) for the whole run, so that a second
 * run on the same journal stops at once (exit 75). The holder writes its process id and start
 * time into the file, so that the run refused can say who holds it; the file is removed when
 * the run ends. */
#ifndef CSP_JOURNAL_LOCK_H
#define CSP_JOURNAL_LOCK_H

/* Takes the lock of the journal at db_path. Returns 0 with *fd (the locked descriptor) and
 * *lock_path (malloc'd), CSP_E_LOCKED when another process holds it (logged with the holder's
 * pid and start time when it wrote them), CSP_E_JOURNAL or CSP_E_NOMEM. */
int journal_lock_take(const char *db_path, int *fd, char **lock_path);

/* Removes the lock file and releases the lock (fd < 0: nothing); frees lock_path. */
void journal_lock_release(int fd, char *lock_path);

#endif
