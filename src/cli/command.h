/* The command tree and its option tables: the one description of the command line from which
 * parsing, `--help`, `csponboard help`, the man page and the bash completion are all made.
 *
 * An option is one row of a table (struct opt_def): its name, an ARG word when it takes a
 * value (none for a flag), where the value lands in the target struct, and its help line. A
 * table is wrapped in a group (struct opt_group) with a title and the function that stores a
 * value (which reads the row's kind). A command lists the groups it accepts, by reference, so
 * shared groups (logging, the endpoint, ...) are defined once and composed. A command with
 * subcommands (rules, invites) lists them instead of running. */
#ifndef CSP_COMMAND_H
#define CSP_COMMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct opt_def {
  const char *name; /* "--config" */
  int kind;         /* read by the group's store function */
  size_t offset;    /* of the field in the target struct */
  const char *arg;  /* "FILE", "create|invite", ...; NULL: a flag, takes no value */
  const char *help; /* one line */
};

/* Stores value (NULL for a flag) for def into target. Returns 0 or CSP_E_USAGE (logged). */
typedef int (*opt_store_fn)(const struct opt_def *def, const char *value, void *target);

struct opt_group {
  const char *title; /* heading in help and the man page */
  const struct opt_def *defs;
  size_t count;
  opt_store_fn store;
};

#define OPT_GROUP(title, defs, store) \
  { \
    title, defs, sizeof(defs) / sizeof((defs)[0]), store \
  }

struct command {
  const char *name;     /* the full path without the program: "invites status" */
  const char *operands; /* synopsis of the positionals: NULL (none), "INPUT", "[INPUT]", "CC..." */
  const char *summary;  /* one line */
  const char *details;  /* the man page's paragraph, when longer than the summary; or NULL */
  const struct opt_group *const *groups;    /* NULL-terminated; NULL: no options */
  int (*run)(int argc, char **argv);        /* argv[0] is the command's last word */
  const struct command *const *subcommands; /* NULL-terminated; NULL for a leaf */
};

#define CMD_MAX_OPERANDS 64

/* What a parse found besides the options it stored. The strings point into argv. */
struct cmd_args {
  const char *operand[CMD_MAX_OPERANDS];
  int count;
  bool help; /* --help or -h was given */
};

/* Parses argv[1..] against cmd's groups into target. Returns 0 or CSP_E_USAGE (logged: an
 * unknown option names the command and suggests the closest of its own options). */
int command_parse(const struct command *cmd, int argc, char **argv, void *target,
                  struct cmd_args *out);
/* The row of cmd's groups named name (len bytes), and its group, or NULL. */
const struct opt_def *command_find_option(const struct command *cmd, const char *name, size_t len,
                                          const struct opt_group **group);
/* The subcommand of cmd typed as word, or NULL. */
const struct command *command_find(const struct command *cmd, const char *word);
/* Every group of the tree under root once, in the order first met (at most cap). Returns
 * how many. */
size_t command_groups(const struct command *root, const struct opt_group **out, size_t cap);
/* The last word of cmd's name: how it is typed after its parent. */
const char *command_word(const struct command *cmd);

/* The whole program: help, --version, then the command argv names, with its subcommand
 * resolved (options before a subcommand's word belong to the subcommand: `rules --rules DIR
 * check`) and `--help` answered without running it. Returns the exit code. */
int command_main(const struct command *root, int argc, char **argv);

/* `csponboard help [COMMAND...]` and its hidden modes --man, --completion and --commands
 * (every command path, one a line). argv[0] is "help". */
int command_help(const struct command *root, int argc, char **argv);
/* The help of one command, as `CMD --help` prints it. */
void command_usage(const struct command *cmd, FILE *out);

/* The man page and the bash completion script, generated from the tree (docs/csponboard.1
 * and scripts/completion/csponboard.bash are their committed output). */
void command_write_man(const struct command *root, FILE *out);
void command_write_completion(const struct command *root, FILE *out);

#endif
