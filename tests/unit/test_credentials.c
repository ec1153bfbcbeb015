/* Tests for src/execute/credentials.c: mode 0600, header once, appended records, refusal of an
 * over-readable file. */
#include "execute/credentials.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "base/diag.h"
#include "base/errors.h"

static void temp_path(char *out, size_t cap)
{
  snprintf(out, cap, "/tmp/csp-cred-%d-%d.csv", (int)getpid(), rand());
}

static char *slurp(const char *path)
{
  FILE *f = fopen(path, "r");
  static char buf[4096];
  size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
  buf[n] = '\0';
  if (f)
    fclose(f);
  return buf;
}

TEST(records_are_appended_to_a_0600_file_with_one_header)
{
  char path[128];
  temp_path(path, sizeof(path));
  struct credentials *c;
  CHECK_INT_EQ(0, credentials_open(path, &c));
  CHECK(access(path, F_OK) != 0); /* nothing created before the first record */
  CHECK_INT_EQ(0, credentials_add(c, 3, "a.onmicrosoft.com", "id-1", "admin@a", "Pa55,w\"rd"));
  credentials_close(c);
  CHECK_INT_EQ(0, credentials_open(path, &c));
  CHECK_INT_EQ(0, credentials_add(c, 9, "b.onmicrosoft.com", "id-2", "admin@b", "x+y/z="));
  /* Passwords exactly as Partner Center sent them: never formula-guarded. */
  CHECK_INT_EQ(0, credentials_add(c, 10, "c.onmicrosoft.com", "id-3", "admin@c", "=Su%GP\"N"));
  CHECK_INT_EQ(0, credentials_add(c, 11, "d.onmicrosoft.com", "id-4", "admin@d", "-1+1@x"));
  credentials_close(c);
  struct stat st;
  CHECK_INT_EQ(0, stat(path, &st));
  CHECK_INT_EQ(0600, st.st_mode & 0777);
  CHECK_STR_EQ("row,domain,customer_id,user_name,password\n"
               "3,\"a.onmicrosoft.com\",\"id-1\",\"admin@a\",\"Pa55,w\"\"rd\"\n"
               "9,\"b.onmicrosoft.com\",\"id-2\",\"admin@b\",\"x+y/z=\"\n"
               "10,\"c.onmicrosoft.com\",\"id-3\",\"admin@c\",\"=Su%GP\"\"N\"\n"
               "11,\"d.onmicrosoft.com\",\"id-4\",\"admin@d\",\"-1+1@x\"\n",
               slurp(path));
  unlink(path);
}

TEST(a_file_readable_by_others_is_refused)
{
  char path[128];
  temp_path(path, sizeof(path));
  FILE *f = fopen(path, "w");
  fclose(f);
  chmod(path, 0644);
  FILE *sink = tmpfile();
  diag_setup(DIAG_TEXT, DIAG_INFO, sink);
  struct credentials *c;
  CHECK_INT_EQ(CSP_E_IO, credentials_open(path, &c));
  diag_setup(DIAG_TEXT, DIAG_INFO, NULL);
  fclose(sink);
  unlink(path);
}

RUN_TESTS()
