/* A large output file written sequentially in the background: the report of a million-row run
 * is hundreds of MB. Bytes are gathered into 1 MiB blocks that a writer thread of its own sends
 * to the file, so the thread producing them never waits for the disk; and where the file
 * system allows it the blocks go with O_DIRECT, straight from these buffers to the disk,
 * instead of being copied into fresh page-cache pages first. On a virtual machine whose
 * unused memory the host reclaims, that copy costs more than formatting the report itself
 * (measured here: 0.8 s for 350 MB, against 0.2 s direct).
 *
 * A file system that refuses O_DIRECT (tmpfs, some network file systems) gets ordinary
 * writes, at open or at the first refused write. The last, partial block is always written
 * through the page cache (O_DIRECT wants whole blocks). */
#ifndef CSP_BULK_FILE_H
#define CSP_BULK_FILE_H

#include <stdbool.h>
#include <stddef.h>

struct bulk_file;

/* Creates or truncates path (mode 0644 before the umask) and starts the writer thread.
 * Returns 0, CSP_E_IO (errno tells why) or CSP_E_NOMEM. */
int bulk_file_open(const char *path, struct bulk_file **out);

/* Appends n bytes. Returns 0, or CSP_E_IO once any earlier block failed to reach the file
 * (later calls keep failing; the bytes are dropped). */
int bulk_file_write(struct bulk_file *f, const char *data, size_t n);

/* Writes what is left, waits for the writer thread, fsyncs and closes. Returns 0 or CSP_E_IO
 * (errno tells why) when any write, the fsync or the close failed. Frees f in every case. */
int bulk_file_close(struct bulk_file *f);

/* Stops the writer and closes without caring for the result (an error path). NULL is fine. */
void bulk_file_abandon(struct bulk_file *f);

/* Whether the blocks go with O_DIRECT (for tests and --debug logs). */
bool bulk_file_is_direct(const struct bulk_file *f);

#endif
