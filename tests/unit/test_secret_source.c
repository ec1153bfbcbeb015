/* Tests for src/base/secret_source.c: a 0600 file (trailing newline cut), a file readable by
 * others refused, a command run directly and one through the shell, a failing command, an
 * empty output, a command past its time limit stopped, and the environment variable as the
 * last source. No message holds the secret. */
#include "base/secret_source.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "base/clock.h"
#include "base/errors.h"

#define SECRET "Cl1ent+S3cret/="

static void write_file(const char *path, const char *text, mode_t mode)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  CHECK(fd >= 0);
  CHECK_INT_EQ((long long)strlen(text), write(fd, text, strlen(text)));
  close(fd);
  CHECK_INT_EQ(0, chmod(path, mode));
}

TEST(a_private_file_gives_its_secret_without_the_line_break)
{
  char path[] = "/tmp/csp-secret-XXXXXX", msg[512], *out = NULL;
  close(mkstemp(path));
  write_file(path, SECRET "\n", 0600);
  CHECK_INT_EQ(0, secret_from_file(path, "the client secret", &out, msg, sizeof(msg)));
  CHECK_STR_EQ(SECRET, out);
  free(out);
  write_file(path, SECRET, 0640);
  CHECK_INT_EQ(CSP_E_CONFIG, secret_from_file(path, "the client secret", &out, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "chmod 600");
  CHECK(strstr(msg, SECRET) == NULL);
  CHECK(out == NULL);
  unlink(path);
  CHECK_INT_EQ(CSP_E_CONFIG, secret_from_file(path, "the client secret", &out, msg, sizeof(msg)));
}

TEST(a_command_without_shell_syntax_runs_directly_and_one_with_it_through_the_shell)
{
  char msg[512], *out = NULL;
  CHECK_INT_EQ(
      0, secret_from_command("printf " SECRET, 10, "the client secret", &out, msg, sizeof(msg)));
  CHECK_STR_EQ(SECRET, out);
  free(out);
  CHECK_INT_EQ(0, secret_from_command("echo abc | tr a-c x-z", 10, "the client secret", &out, msg,
                                      sizeof(msg)));
  CHECK_STR_EQ("xyz", out);
  free(out);
}

TEST(a_failing_or_silent_command_is_refused_with_its_reason)
{
  char msg[512], *out = NULL;
  CHECK_INT_EQ(CSP_E_CONFIG,
               secret_from_command("false", 10, "the client secret", &out, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "exited with status 1");
  CHECK_INT_EQ(CSP_E_CONFIG,
               secret_from_command("true", 10, "the client secret", &out, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "empty");
  CHECK_INT_EQ(CSP_E_CONFIG, secret_from_command("/no/such/helper", 10, "the client secret", &out,
                                                 msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "not found");
  CHECK(out == NULL);
}

TEST(a_command_past_its_time_limit_is_stopped_with_what_it_started)
{
  char msg[512], *out = NULL;
  long long start = clock_now_ms();
  /* The shell starts sleep; both are in the command's process group and both are stopped. */
  CHECK_INT_EQ(CSP_E_CONFIG, secret_from_command("sleep 30; echo late", 1, "the client secret",
                                                 &out, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "did not finish within 1 s");
  CHECK(clock_now_ms() - start < 20000);
  CHECK(out == NULL);
}

TEST(the_environment_variable_is_the_last_source_and_its_absence_names_every_source)
{
  char msg[512], *out = NULL;
  struct secret_source src = {"", "", 5, "CSP_TEST_SECRET_VAR", "the client secret"};
  unsetenv("CSP_TEST_SECRET_VAR");
  CHECK_INT_EQ(CSP_E_CONFIG, secret_source_read(&src, &out, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "auth.client_secret_file");
  CHECK_CONTAINS(msg, "auth.client_secret_command");
  CHECK_CONTAINS(msg, "CSP_TEST_SECRET_VAR");
  setenv("CSP_TEST_SECRET_VAR", SECRET, 1);
  CHECK_INT_EQ(0, secret_source_read(&src, &out, msg, sizeof(msg)));
  CHECK_STR_EQ(SECRET, out);
  free(out);
  src.command = "printf from-command";
  CHECK_INT_EQ(0, secret_source_read(&src, &out, msg, sizeof(msg)));
  CHECK_STR_EQ("from-command", out);
  free(out);
  unsetenv("CSP_TEST_SECRET_VAR");
}

RUN_TESTS()
