/* Tests for `csponboard sandbox` (src/sandbox/cli.c) as a process: the first stdout line
 * names the port, SIGTERM and SIGINT stop it with exit 0, bad options exit 2. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "sandbox_client.h"

struct child {
  pid_t pid;
  FILE *out;
};

/* Starts the binary with args (NULL-terminated after "sandbox"). */
static bool spawn(struct child *ch, const char *const *args)
{
  const char *binary = getenv("CSP_BINARY");
  char *argv[16];
  int fds[2], n = 0;
  if (!binary || pipe(fds) != 0)
    return false;
  argv[n++] = (char *)binary;
  argv[n++] = (char *)"sandbox";
  for (int i = 0; args[i] && n < 15; i++)
    argv[n++] = (char *)args[i];
  argv[n] = NULL;
  ch->pid = fork();
  if (ch->pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execv(binary, argv);
    _exit(127);
  }
  close(fds[1]);
  ch->out = fdopen(fds[0], "r");
  return ch->pid > 0 && ch->out;
}

static int finish(struct child *ch, int sig)
{
  int status = 0;
  if (sig)
    kill(ch->pid, sig);
  waitpid(ch->pid, &status, 0);
  fclose(ch->out);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void check_serves_and_stops(const char *const *args, int sig)
{
  struct child ch;
  char line[256];
  unsigned port = 0;
  CHECK(spawn(&ch, args));
  CHECK(fgets(line, sizeof(line), ch.out) != NULL);
  CHECK_INT_EQ(1, sscanf(line, "listening on http://127.0.0.1:%u", &port));
  struct sc_client c;
  memset(&c, 0, sizeof(c));
  snprintf(c.base, sizeof(c.base), "http://127.0.0.1:%u", port);
  SC_EXPECT(&c, "GET", "/sandbox/state", NULL, 200, "\"customers\":[");
  CHECK_INT_EQ(0, finish(&ch, sig));
}

TEST(the_first_line_names_the_port_and_sigterm_stops_it_with_exit_0)
{
  const char *const args[] = {"--port", "0", "--quiet", "--tenants", "samples/sandbox-tenants.json",
                              NULL};
  check_serves_and_stops(args, SIGTERM);
}

TEST(sigint_stops_it_with_exit_0_too)
{
  const char *const args[] = {
      "--port=0",           "--seed",  "9", "--rate", "6000/min", "--faults",
      "500=0.1,reset=0.05", "--quiet", NULL};
  check_serves_and_stops(args, SIGINT);
}

TEST(bad_options_exit_2_and_help_exits_0)
{
  static const char *const bad[][3] = {
      {"--bogus", NULL, NULL},           {"--port", "x", NULL},
      {"--faults", "teapot=1", NULL},    {"--tenants", "/nonexistent/t.json", NULL},
      {"--partner-market", "USA", NULL}, {"--seed", NULL, NULL},
      {"--rate", "fast", NULL},          {"--rate", "-5/s", NULL},
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    struct child ch;
    CHECK(spawn(&ch, bad[i]));
    CHECK_INT_EQ(2, finish(&ch, 0));
  }
  const char *const help[] = {"--help", NULL};
  struct child ch;
  char line[256];
  CHECK(spawn(&ch, help));
  CHECK(fgets(line, sizeof(line), ch.out) != NULL);
  CHECK_CONTAINS(line, "usage: csponboard sandbox");
  CHECK_INT_EQ(0, finish(&ch, 0));
}

RUN_TESTS()
