/* bulk_file.h's writer: BULK_BUFFERS aligned blocks of BULK_BLOCK bytes go round between the
 * producer, which fills one at a time, and the writer thread, which writes the full ones in
 * order. Everything shared is under one mutex; a block is handed over whole, so the lock is
 * taken once per MiB. Built with _GNU_SOURCE for O_DIRECT (see CMakeLists.txt). */
#include "report/bulk_file.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/errors.h"
#include "base/quiet_thread.h"

#define BULK_BLOCK (1u << 20)
#define BULK_BUFFERS 4
#define BULK_ALIGN 4096 /* O_DIRECT: buffer address, length and offset in whole blocks */

struct bulk_file {
  int fd;
  bool direct;
  char *buf[BULK_BUFFERS];
  size_t fill; /* bytes in buf[cur], the producer's */
  size_t cur;
  pthread_t thread;
  bool started;
  pthread_mutex_t mu;
  pthread_cond_t changed;
  /* Under mu: full blocks waiting are buf[(head + i) % BULK_BUFFERS], i < queued, with their
   * lengths in len[]. */
  size_t head, queued;
  size_t len[BULK_BUFFERS];
  bool closing;
  int error; /* errno of the first failure, 0 while all is well */
};

/* --- the writer thread --- */

/* Writes all n bytes at data, retrying short writes and EINTR; *done counts the bytes
 * written. Returns 0 or an errno. */
static int write_all(int fd, const char *data, size_t n, size_t *done)
{
  *done = 0;
  while (*done < n) {
    ssize_t w = write(fd, data + *done, n - *done);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return w < 0 ? errno : EIO;
    *done += (size_t)w;
  }
  return 0;
}

/* Leaves O_DIRECT for ordinary writes. Returns 0 or an errno. */
static int stop_direct(struct bulk_file *f)
{
  int flags = fcntl(f->fd, F_GETFL);
  if (flags < 0 || fcntl(f->fd, F_SETFL, flags & ~O_DIRECT) < 0)
    return errno;
  f->direct = false;
  return 0;
}

/* Writes one block: its whole 4 KiB units with O_DIRECT while that works, the rest (the
 * file's last bytes) through the page cache. A file system that refuses an O_DIRECT write
 * (EINVAL before any byte is written) gets the block again without it. Runs on the writer
 * thread, which alone touches fd and direct once started. */
static int write_block(struct bulk_file *f, const char *data, size_t n)
{
  size_t whole = f->direct ? n - n % BULK_ALIGN : 0, done = 0;
  if (whole) {
    int err = write_all(f->fd, data, whole, &done);
    if (err && !(err == EINVAL && done == 0))
      return err;
    if (done == n)
      return 0;
  }
  if (f->direct) {
    int err = stop_direct(f);
    if (err)
      return err;
  }
  return write_all(f->fd, data + done, n - done, &done);
}

static void *write_blocks(void *arg)
{
  struct bulk_file *f = arg;
  pthread_mutex_lock(&f->mu);
  for (;;) {
    while (!f->queued && !f->closing)
      pthread_cond_wait(&f->changed, &f->mu);
    if (!f->queued)
      break; /* closing, and nothing left */
    size_t b = f->head;
    size_t n = f->len[b];
    bool failed = f->error != 0;
    pthread_mutex_unlock(&f->mu);
    int err = failed ? 0 : write_block(f, f->buf[b], n);
    pthread_mutex_lock(&f->mu);
    if (err && !f->error)
      f->error = err;
    f->head = (f->head + 1) % BULK_BUFFERS;
    f->queued--;
    pthread_cond_broadcast(&f->changed);
  }
  pthread_mutex_unlock(&f->mu);
  return NULL;
}

/* --- the producer's side --- */

/* Queues buf[cur] (fill bytes) and waits for a free buffer to fill next. */
static int hand_over(struct bulk_file *f)
{
  pthread_mutex_lock(&f->mu);
  f->len[f->cur] = f->fill;
  f->queued++;
  pthread_cond_broadcast(&f->changed);
  while (f->queued == BULK_BUFFERS)
    pthread_cond_wait(&f->changed, &f->mu);
  int err = f->error;
  pthread_mutex_unlock(&f->mu);
  f->cur = (f->cur + 1) % BULK_BUFFERS;
  f->fill = 0;
  return err ? CSP_E_IO : CSP_E_OK;
}

int bulk_file_write(struct bulk_file *f, const char *data, size_t n)
{
  int rc = CSP_E_OK;
  while (n && !rc) {
    size_t room = BULK_BLOCK - f->fill;
    size_t chunk = n < room ? n : room;
    memcpy(f->buf[f->cur] + f->fill, data, chunk);
    f->fill += chunk;
    data += chunk;
    n -= chunk;
    if (f->fill == BULK_BLOCK)
      rc = hand_over(f);
  }
  return rc;
}

/* Stops the thread once every queued block is written; returns the first write's errno. */
static int finish_thread(struct bulk_file *f)
{
  pthread_mutex_lock(&f->mu);
  f->closing = true;
  pthread_cond_broadcast(&f->changed);
  pthread_mutex_unlock(&f->mu);
  pthread_join(f->thread, NULL);
  f->started = false;
  return f->error;
}

static void free_file(struct bulk_file *f)
{
  if (f->started)
    (void)finish_thread(f);
  if (f->fd >= 0)
    close(f->fd);
  for (size_t i = 0; i < BULK_BUFFERS; i++)
    free(f->buf[i]);
  pthread_cond_destroy(&f->changed);
  pthread_mutex_destroy(&f->mu);
  free(f);
}

int bulk_file_close(struct bulk_file *f)
{
  int err = 0;
  if (f->fill)
    (void)hand_over(f);
  err = finish_thread(f);
  if (!err && fsync(f->fd))
    err = errno;
  if (close(f->fd) && !err)
    err = errno;
  f->fd = -1;
  free_file(f);
  errno = err;
  return err ? CSP_E_IO : CSP_E_OK;
}

void bulk_file_abandon(struct bulk_file *f)
{
  if (f)
    free_file(f);
}

bool bulk_file_is_direct(const struct bulk_file *f)
{
  return f->direct;
}

/* Opens with O_DIRECT, or without it when the file system refuses it at open. */
static int open_output(const char *path, bool *direct)
{
  int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
  int fd = open(path, flags | O_DIRECT, 0644);
  *direct = fd >= 0;
  if (fd < 0 && errno == EINVAL)
    fd = open(path, flags, 0644);
  return fd;
}

int bulk_file_open(const char *path, struct bulk_file **out)
{
  *out = NULL;
  struct bulk_file *f = calloc(1, sizeof(*f));
  if (!f)
    return CSP_E_NOMEM;
  f->fd = -1;
  pthread_mutex_init(&f->mu, NULL);
  pthread_cond_init(&f->changed, NULL);
  for (size_t i = 0; i < BULK_BUFFERS; i++)
    if (!(f->buf[i] = aligned_alloc(BULK_ALIGN, BULK_BLOCK))) {
      free_file(f);
      return CSP_E_NOMEM;
    }
  f->fd = open_output(path, &f->direct);
  f->started = f->fd >= 0 && quiet_thread_start(&f->thread, write_blocks, f);
  if (!f->started) {
    int err = errno;
    free_file(f);
    errno = err;
    return CSP_E_IO;
  }
  *out = f;
  return CSP_E_OK;
}
