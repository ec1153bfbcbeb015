/* The client secret's sources (secret_source.h): a 0600 file, a command's stdout, or an
 * environment variable. The command runs in its own process group so that a time limit also
 * stops what a shell started; its output is read through a pipe with poll() against a
 * deadline from the clock. Every buffer that held the secret is wiped before it is freed. */
#include "base/secret_source.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/errors.h"
#include "base/limits.h"

#define MAX_ARGS 64
#define SHELL_SYNTAX "|&;<>()$`\\\"'*?[]#~={}!\n"

/* Cuts trailing CR/LF; copies buf[0..len) into *out. */
static int finish_secret(const char *buf, size_t len, const char *what, const char *from,
                         char **out, char *msg, size_t cap)
{
  while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
    len--;
  if (len == 0) {
    snprintf(msg, cap, "%s from %s is empty", what, from);
    return CSP_E_CONFIG;
  }
  if (memchr(buf, '\0', len)) {
    snprintf(msg, cap, "%s from %s holds a NUL byte", what, from);
    return CSP_E_CONFIG;
  }
  *out = malloc(len + 1);
  if (!*out)
    return CSP_E_NOMEM;
  memcpy(*out, buf, len);
  (*out)[len] = '\0';
  return CSP_E_OK;
}

static int check_private(int fd, const char *path, const char *what, char *msg, size_t cap)
{
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(msg, cap, "%s file %s is not a regular file", what, path);
    return CSP_E_CONFIG;
  }
  if ((st.st_mode & 077) != 0 || st.st_uid != geteuid()) {
    snprintf(msg, cap,
             "%s file %s is readable by others (mode %03o): it must be yours with mode 0600 "
             "(chmod 600 %s)",
             what, path, (unsigned)(st.st_mode & 0777), path);
    return CSP_E_CONFIG;
  }
  return CSP_E_OK;
}

int secret_from_file(const char *path, const char *what, char **out, char *msg, size_t cap)
{
  *out = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    snprintf(msg, cap, "%s file %s cannot be opened: %s", what, path, strerror(errno));
    return CSP_E_CONFIG;
  }
  int rc = check_private(fd, path, what, msg, cap);
  char buf[CSP_SECRET_MAX_BYTES + 1];
  ssize_t n = rc ? 0 : read(fd, buf, sizeof(buf));
  close(fd);
  if (!rc && (n < 0 || (size_t)n > CSP_SECRET_MAX_BYTES)) {
    snprintf(msg, cap, "%s file %s cannot be read or is larger than %d bytes", what, path,
             CSP_SECRET_MAX_BYTES);
    rc = CSP_E_CONFIG;
  }
  if (!rc)
    rc = finish_secret(buf, (size_t)n, what, path, out, msg, cap);
  explicit_bzero(buf, sizeof(buf));
  return rc;
}

/* Splits a command without shell syntax on blanks into argv (in place, in copy). */
static int split_args(char *copy, char **argv)
{
  int argc = 0;
  char *p = copy;
  while (*p && argc < MAX_ARGS - 1) {
    while (*p == ' ' || *p == '\t')
      *p++ = '\0';
    if (*p)
      argv[argc++] = p;
    while (*p && *p != ' ' && *p != '\t')
      p++;
  }
  argv[argc] = NULL;
  return argc;
}

/* In the child: stdout to the pipe, stdin from /dev/null, its own process group, exec. */
static void exec_child(const char *command, int out_fd)
{
  (void)setpgid(0, 0);
  int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0)
    (void)dup2(null_fd, STDIN_FILENO);
  (void)dup2(out_fd, STDOUT_FILENO);
  char *copy = strdup(command);
  char *argv[MAX_ARGS];
  if (copy && !strpbrk(command, SHELL_SYNTAX) && split_args(copy, argv) > 0)
    execvp(argv[0], argv);
  else
    execl("/bin/sh", "sh", "-c", command, (char *)NULL);
  _exit(127);
}

/* Reads the pipe until EOF, the cap or the deadline. Returns false on the deadline. */
static bool read_output(int fd, long long deadline_ms, char *buf, size_t cap, size_t *len)
{
  *len = 0;
  for (;;) {
    long long left = deadline_ms - clock_now_ms();
    if (left <= 0)
      return false;
    struct pollfd p = {fd, POLLIN, 0};
    int ready = poll(&p, 1, (int)(left > 1000 ? 1000 : left));
    if (ready < 0 && errno != EINTR)
      return true;
    if (ready <= 0)
      continue;
    ssize_t n = read(fd, buf + *len, cap - *len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return true;
    *len += (size_t)n;
    if (*len == cap)
      return true;
  }
}

/* Waits for the child until the deadline; kills its group after it. Returns the wait status,
 * or -1 when it had to be killed. */
static int reap(pid_t pid, long long deadline_ms)
{
  int status = 0;
  for (;;) {
    pid_t got = waitpid(pid, &status, WNOHANG);
    if (got == pid)
      return status;
    if (got < 0 && errno != EINTR)
      return status;
    if (clock_now_ms() >= deadline_ms)
      break;
    struct timespec ts = {0, 10 * 1000000L};
    (void)nanosleep(&ts, NULL);
  }
  (void)kill(-pid, SIGKILL);
  (void)kill(pid, SIGKILL);
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  return -1;
}

static int command_verdict(int status, bool timed_out, int timeout_s, const char *what, char *msg,
                           size_t cap)
{
  if (timed_out || status == -1) {
    snprintf(msg, cap, "auth.client_secret_command did not finish within %d s (stopped)",
             timeout_s);
    return CSP_E_CONFIG;
  }
  if (WIFSIGNALED(status)) {
    snprintf(msg, cap, "auth.client_secret_command was killed by signal %d", WTERMSIG(status));
    return CSP_E_CONFIG;
  }
  if (WEXITSTATUS(status) != 0) {
    snprintf(msg, cap, "auth.client_secret_command exited with status %d%s (no %s)",
             WEXITSTATUS(status), WEXITSTATUS(status) == 127 ? ", command not found" : "", what);
    return CSP_E_CONFIG;
  }
  return CSP_E_OK;
}

int secret_from_command(const char *command, int timeout_s, const char *what, char **out, char *msg,
                        size_t cap)
{
  *out = NULL;
  int fds[2];
  if (pipe(fds) != 0) {
    snprintf(msg, cap, "auth.client_secret_command: cannot create a pipe: %s", strerror(errno));
    return CSP_E_CONFIG;
  }
  (void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  long long deadline = clock_now_ms() + (long long)timeout_s * 1000;
  pid_t pid = fork();
  if (pid == 0)
    exec_child(command, fds[1]);
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    snprintf(msg, cap, "auth.client_secret_command: cannot start: %s", strerror(errno));
    return CSP_E_CONFIG;
  }
  (void)setpgid(pid, pid); /* as the child does: whichever runs first */
  char buf[CSP_SECRET_MAX_BYTES];
  size_t len = 0;
  bool finished = read_output(fds[0], deadline, buf, sizeof(buf), &len);
  close(fds[0]);
  int status = reap(pid, finished ? deadline : 0);
  int rc = command_verdict(status, !finished, timeout_s, what, msg, cap);
  if (!rc)
    rc = finish_secret(buf, len, what, "auth.client_secret_command", out, msg, cap);
  explicit_bzero(buf, sizeof(buf));
  return rc;
}

int secret_source_read(const struct secret_source *src, char **out, char *msg, size_t cap)
{
  *out = NULL;
  if (src->file && src->file[0])
    return secret_from_file(src->file, src->what, out, msg, cap);
  if (src->command && src->command[0])
    return secret_from_command(src->command, src->timeout_s, src->what, out, msg, cap);
  const char *value = src->env_name && src->env_name[0] ? getenv(src->env_name) : NULL;
  if (!value || !value[0]) {
    snprintf(msg, cap,
             "%s is not set: set auth.client_secret_file, auth.client_secret_command, or the "
             "environment variable %s (auth.client_secret_env)",
             src->what, src->env_name && src->env_name[0] ? src->env_name : "(none named)");
    return CSP_E_CONFIG;
  }
  *out = strdup(value);
  return *out ? CSP_E_OK : CSP_E_NOMEM;
}
