/* Tests for src/report/bulk_file.c: every byte arrives in order whatever the sizes (around the
 * 4 KiB units of O_DIRECT and the 1 MiB blocks), on the disk's file system and on tmpfs, and
 * failures are reported. */
#include "report/bulk_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "base/errors.h"

/* Writes n pseudo-random bytes to path in chunks of random sizes, then compares the file. */
static bool round_trip(const char *path, size_t n, unsigned seed)
{
  char *want = malloc(n ? n : 1), *got = malloc(n + 1);
  for (size_t i = 0; i < n; i++)
    want[i] = (char)rand_r(&seed);
  struct bulk_file *f = NULL;
  bool ok = bulk_file_open(path, &f) == CSP_E_OK;
  for (size_t done = 0; ok && done < n;) {
    size_t chunk = 1 + (size_t)rand_r(&seed) % (300 * 1024);
    if (chunk > n - done)
      chunk = n - done;
    ok = bulk_file_write(f, want + done, chunk) == CSP_E_OK;
    done += chunk;
  }
  ok = f && bulk_file_close(f) == CSP_E_OK && ok;
  FILE *in = fopen(path, "rb");
  size_t read = in ? fread(got, 1, n + 1, in) : 0;
  if (in)
    fclose(in);
  ok = ok && read == n && !memcmp(want, got, n);
  unlink(path);
  free(want);
  free(got);
  return ok;
}

static const size_t sizes[] = {0,
                               1,
                               4095,
                               4096,
                               4097,
                               1048575,
                               1048576,
                               1048577,
                               3 * 1048576,
                               3670016 + 5,
                               5 * 1048576 - 4096};

TEST(every_byte_arrives_in_order_on_the_disk_file_system)
{
  char path[] = "/tmp/csp_test_bulk_file_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  close(fd);
  for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
    CHECK(round_trip(path, sizes[i], (unsigned)i + 1));
}

TEST(every_byte_arrives_in_order_on_tmpfs)
{
  struct stat st;
  if (stat("/dev/shm", &st) || !S_ISDIR(st.st_mode))
    SKIP("no tmpfs at /dev/shm here");
  for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
    CHECK(round_trip("/dev/shm/csp_test_bulk_file.out", sizes[i], (unsigned)i + 7));
}

/* Whether the file system of path takes O_DIRECT, asked of the kernel directly. */
static bool takes_o_direct(const char *path)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_DIRECT, 0600);
  if (fd < 0)
    return false;
  close(fd);
  unlink(path);
  return true;
}

/* The O_DIRECT path is taken exactly where the file system takes O_DIRECT (the disk's file
 * system here), and the bytes still arrive whole. */
TEST(blocks_go_with_o_direct_where_the_file_system_takes_it)
{
  char path[] = "/tmp/csp_test_bulk_direct_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  close(fd);
  bool direct = takes_o_direct(path);
  struct bulk_file *f = NULL;
  CHECK_INT_EQ(CSP_E_OK, bulk_file_open(path, &f));
  CHECK_INT_EQ(direct, bulk_file_is_direct(f));
  static char block[3 << 20];
  memset(block, 'x', sizeof(block));
  CHECK_INT_EQ(CSP_E_OK, bulk_file_write(f, block, sizeof(block) - 7));
  CHECK_INT_EQ(CSP_E_OK, bulk_file_close(f));
  struct stat st;
  CHECK_INT_EQ(0, stat(path, &st));
  CHECK_INT_EQ((long long)sizeof(block) - 7, (long long)st.st_size);
  unlink(path);
}

TEST(a_file_that_cannot_be_created_fails_at_open_with_errno)
{
  struct bulk_file *f = (struct bulk_file *)1;
  CHECK_INT_EQ(CSP_E_IO, bulk_file_open("/nonexistent-dir/x/report.csv", &f));
  CHECK_INT_EQ(ENOENT, errno);
  CHECK(f == NULL);
}

TEST(a_failing_write_is_reported_by_write_or_close_with_errno)
{
  struct bulk_file *f = NULL;
  if (bulk_file_open("/dev/full", &f) != CSP_E_OK)
    SKIP("no /dev/full here");
  static char block[1 << 20];
  int rc = CSP_E_OK;
  for (int i = 0; i < 8 && rc == CSP_E_OK; i++)
    rc = bulk_file_write(f, block, sizeof(block));
  CHECK_INT_EQ(CSP_E_IO, bulk_file_close(f));
  CHECK_INT_EQ(ENOSPC, errno);
}

RUN_TESTS()
