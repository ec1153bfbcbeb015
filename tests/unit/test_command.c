/* Tests for src/cli/command.c, help.c, man_page.c and completion.c on a made-up command tree:
 * groups composed by reference, each command parsing and documenting only its own options,
 * unknown options named with a suggestion, operands, and the generated man page and
 * completion listing every option where it belongs. */
#include "cli/command.h"

#include <stddef.h>

#include "check.h"
#include "diag_capture.h"
#include "base/errors.h"

struct toy {
  const char *file;
  const char *name;
  bool loud;
  int level;
};

static int toy_store(const struct opt_def *def, const char *value, void *target)
{
  void *field = (char *)target + def->offset;
  if (def->kind == 0)
    *(bool *)field = true;
  else if (def->kind == 1)
    *(const char **)field = value;
  else if (!strcmp(value, "low") || !strcmp(value, "high"))
    *(int *)field = !strcmp(value, "high") ? 2 : 1;
  else
    return CSP_E_USAGE;
  return CSP_E_OK;
}

#define TOY(name, kind, member, arg, help) \
  { \
    name, kind, offsetof(struct toy, member), arg, help \
  }

static const struct opt_def shared_defs[] = {
    TOY("--loud", 0, loud, NULL, "say more"),
    TOY("--level", 2, level, "low|high", "how much"),
};
static const struct opt_def file_defs[] = {TOY("--file", 1, file, "FILE", "the file-to-read")};
static const struct opt_def name_defs[] = {TOY("--name", 1, name, "NAME", "who")};
static const struct opt_group shared = OPT_GROUP("Shared", shared_defs, toy_store);
static const struct opt_group files = OPT_GROUP("Files", file_defs, toy_store);
static const struct opt_group names = OPT_GROUP("Names", name_defs, toy_store);

/* What the last command run was given (argv joined by spaces). */
static char ran[256];

static int no_run(int argc, char **argv)
{
  size_t used = 0;
  ran[0] = 0;
  for (int i = 0; i < argc && used < sizeof(ran); i++)
    used += (size_t)snprintf(ran + used, sizeof(ran) - used, "%s%s", i ? " " : "", argv[i]);
  return 7;
}

static const struct opt_group *const read_groups[] = {&files, &shared, NULL};
static const struct opt_group *const greet_groups[] = {&names, &shared, NULL};
static const struct command toy_read = {
    .name = "toy read",
    .operands = "FILE...",
    .summary = "read files",
    .groups = read_groups,
    .run = no_run,
};
static const struct command toy_greet = {
    .name = "toy greet",
    .operands = "[WHO]",
    .summary = "greet someone",
    .groups = greet_groups,
    .run = no_run,
};
static const struct command *const toy_subs[] = {&toy_read, &toy_greet, NULL};
static const struct opt_group *const toy_groups[] = {&shared, NULL};
static const struct command toy = {
    .name = "toy",
    .summary = "a toy",
    .groups = toy_groups,
    .subcommands = toy_subs,
};
static const struct command *const top_subs[] = {&toy, NULL};
static const struct command root = {
    .name = "",
    .summary = "the root",
    .subcommands = top_subs,
};

static int parse(const struct command *cmd, struct toy *t, struct cmd_args *a, int argc,
                 const char **argv)
{
  memset(t, 0, sizeof(*t));
  return command_parse(cmd, argc, (char **)argv, t, a);
}

TEST(a_shared_group_fills_the_same_fields_for_every_command_that_takes_it)
{
  struct toy t;
  struct cmd_args a;
  const char *read_argv[] = {"read", "a.txt", "--loud", "--level=high", "--file", "f", "b.txt"};
  CHECK_INT_EQ(CSP_E_OK, parse(&toy_read, &t, &a, 7, read_argv));
  CHECK(t.loud);
  CHECK_INT_EQ(2, t.level);
  CHECK_STR_EQ("f", t.file);
  CHECK_INT_EQ(2, a.count);
  CHECK_STR_EQ("b.txt", a.operand[1]);
  const char *greet_argv[] = {"greet", "--level", "low", "--name", "Ann", "--help"};
  CHECK_INT_EQ(CSP_E_OK, parse(&toy_greet, &t, &a, 6, greet_argv));
  CHECK_INT_EQ(1, t.level);
  CHECK_STR_EQ("Ann", t.name);
  CHECK(a.help);
}

TEST(an_option_of_another_command_is_unknown_and_the_error_suggests_an_own_option)
{
  struct toy t;
  struct cmd_args a;
  FILE *f = capture();
  const char *argv[] = {"greet", "--file", "x"};
  CHECK_INT_EQ(CSP_E_USAGE, parse(&toy_greet, &t, &a, 3, argv));
  const char *typo[] = {"read", "--fiel=x"};
  CHECK_INT_EQ(CSP_E_USAGE, parse(&toy_read, &t, &a, 2, typo));
  release_capture(f);
  CHECK_CONTAINS(captured, "unknown option '--file' for 'csponboard toy greet'");
  CHECK_CONTAINS(captured, "unknown option '--fiel' for 'csponboard toy read'; did you mean "
                           "'--file'?");
}

TEST(values_operands_and_double_dash_are_checked)
{
  struct toy t;
  struct cmd_args a;
  FILE *f = capture();
  const char *missing[] = {"read", "--file"};
  CHECK_INT_EQ(CSP_E_USAGE, parse(&toy_read, &t, &a, 2, missing));
  const char *flag_value[] = {"read", "--loud=yes"};
  CHECK_INT_EQ(CSP_E_USAGE, parse(&toy_read, &t, &a, 2, flag_value));
  const char *bad_choice[] = {"read", "--level", "medium"};
  CHECK_INT_EQ(CSP_E_USAGE, parse(&toy_read, &t, &a, 3, bad_choice));
  const char *two[] = {"greet", "ann", "bob"};
  CHECK_INT_EQ(CSP_E_USAGE, parse(&toy_greet, &t, &a, 3, two));
  release_capture(f);
  CHECK_CONTAINS(captured, "unexpected argument 'bob': csponboard toy greet takes [WHO]");
  const char *dashes[] = {"read", "--", "--loud", "-"};
  CHECK_INT_EQ(CSP_E_OK, parse(&toy_read, &t, &a, 4, dashes));
  CHECK(!t.loud);
  CHECK_INT_EQ(2, a.count);
  CHECK_STR_EQ("--loud", a.operand[0]);
}

/* Not inlined: GCC 12 takes the memstream buffer for a local of this function. */
__attribute__((noinline)) static char *render(void (*write)(const struct command *, FILE *),
                                              const struct command *cmd)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  write(cmd, f);
  fclose(f);
  return text;
}

TEST(a_commands_help_lists_only_its_own_groups)
{
  char *text = render(command_usage, &toy_greet);
  CHECK_CONTAINS(text, "usage: csponboard toy greet [options] [WHO]");
  CHECK_CONTAINS(text, "--name NAME");
  CHECK_CONTAINS(text, "--level low|high");
  CHECK_CONTAINS(text, "--help");
  CHECK(!strstr(text, "--file"));
  free(text);
  text = render(command_usage, &toy);
  CHECK_CONTAINS(text, "usage: csponboard toy COMMAND");
  CHECK_CONTAINS(text, "  read ");
  CHECK_CONTAINS(text, "  greet ");
  free(text);
}

static int occurrences(const char *text, const char *needle)
{
  int n = 0;
  for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle))
    n++;
  return n;
}

TEST(the_man_page_has_every_command_and_every_group_once_with_its_commands)
{
  char *text = render(command_write_man, &root);
  CHECK_CONTAINS(text, ".B csponboard toy read\n.RI [ options ]\n.I FILE...\n");
  CHECK_CONTAINS(text, ".SS Shared\nAccepted by\n.B toy,\n.B toy read,\n.B toy greet.\n");
  CHECK_CONTAINS(text, ".SS Files\nAccepted by\n.B toy read.\n");
  CHECK_CONTAINS(text, "\\fB\\-\\-file\\fR \\fIFILE\\fR\nthe file\\-to\\-read\n");
  CHECK_INT_EQ(1, occurrences(text, ".SS Shared"));
  free(text);
}

TEST(the_completion_lists_each_commands_options_and_value_kinds)
{
  char *text = render(command_write_completion, &root);
  CHECK_CONTAINS(text, "\"toy\") echo \"read greet\" ;;");
  CHECK_CONTAINS(text, "\"toy read\") echo \"--file --loud --level\" ;;");
  CHECK_CONTAINS(text, "\"toy greet\") echo \"--name --loud --level\" ;;");
  CHECK_CONTAINS(text, "--file) COMPREPLY=($(compgen -f -- \"$cur\")) ;;");
  CHECK_CONTAINS(text, "--level) COMPREPLY=($(compgen -W \"low high\" -- \"$cur\")) ;;");
  CHECK(!strstr(text, "--loud) "));
  free(text);
}

static int run_main(int argc, const char **argv)
{
  char *copy[16];
  for (int i = 0; i < argc; i++)
    copy[i] = (char *)argv[i];
  ran[0] = 0;
  return command_main(&root, argc, copy);
}

TEST(options_before_a_subcommands_word_reach_the_subcommand)
{
  const char *argv[] = {"csponboard", "toy", "--level", "high", "--loud", "read", "a.txt"};
  CHECK_INT_EQ(7, run_main(7, argv));
  CHECK_STR_EQ("read --level high --loud a.txt", ran);
  const char *eq[] = {"csponboard", "toy", "--level=low", "greet", "Ann"};
  CHECK_INT_EQ(7, run_main(5, eq));
  CHECK_STR_EQ("greet --level=low Ann", ran);
}

TEST(help_anywhere_answers_without_running_and_unknown_commands_exit_2)
{
  FILE *f = capture();
  FILE *saved = stdout;
  stdout = tmpfile();
  const char *help[] = {"csponboard", "toy", "read", "a.txt", "--help"};
  CHECK_INT_EQ(0, run_main(5, help));
  CHECK_STR_EQ("", ran);
  const char *parent[] = {"csponboard", "toy", "-h"};
  CHECK_INT_EQ(0, run_main(3, parent));
  const char *unknown[] = {"csponboard", "toy", "frob"};
  CHECK_INT_EQ(2, run_main(3, unknown));
  const char *none[] = {"csponboard", "toy"};
  CHECK_INT_EQ(2, run_main(2, none));
  const char *top[] = {"csponboard", "nope"};
  CHECK_INT_EQ(2, run_main(2, top));
  const char *help_cmd[] = {"csponboard", "help", "toy", "greet"};
  CHECK_INT_EQ(0, run_main(4, help_cmd));
  fclose(stdout);
  stdout = saved;
  release_capture(f);
  CHECK_STR_EQ("", ran);
  CHECK_CONTAINS(captured, "unknown command 'csponboard toy frob'");
  CHECK_CONTAINS(captured, "'csponboard toy' needs a command");
  CHECK_CONTAINS(captured, "unknown command 'nope'");
}

RUN_TESTS()
