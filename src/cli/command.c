/* Parsing one command's argv against its own option groups: `--name value`, `--name=value`,
 * flags, `--` before operands that start with a dash, and `--help` (every command has it).
 * An unknown option is named with the command and the closest of its own options. */
#include "cli/command.h"

#include <string.h>

#include "base/diag.h"
#include "base/errors.h"

const char *command_word(const struct command *cmd)
{
  const char *space = strrchr(cmd->name, ' ');
  return space ? space + 1 : cmd->name;
}

const struct command *command_find(const struct command *cmd, const char *word)
{
  for (const struct command *const *s = cmd->subcommands; s && *s; s++)
    if (!strcmp(command_word(*s), word))
      return *s;
  return NULL;
}

const struct opt_def *command_find_option(const struct command *cmd, const char *name, size_t len,
                                          const struct opt_group **group)
{
  for (const struct opt_group *const *g = cmd->groups; g && *g; g++)
    for (size_t i = 0; i < (*g)->count; i++)
      if (strlen((*g)->defs[i].name) == len && !strncmp((*g)->defs[i].name, name, len)) {
        if (group)
          *group = *g;
        return &(*g)->defs[i];
      }
  return NULL;
}

static size_t add_groups(const struct command *cmd, const struct opt_group **out, size_t n,
                         size_t cap)
{
  for (const struct opt_group *const *g = cmd->groups; g && *g; g++) {
    size_t k = 0;
    while (k < n && out[k] != *g)
      k++;
    if (k == n && n < cap)
      out[n++] = *g;
  }
  for (const struct command *const *s = cmd->subcommands; s && *s; s++)
    n = add_groups(*s, out, n, cap);
  return n;
}

size_t command_groups(const struct command *root, const struct opt_group **out, size_t cap)
{
  return add_groups(root, out, 0, cap);
}

/* Edit distance between a (alen bytes) and b, capped: enough to rank near misses. */
static size_t distance(const char *a, size_t alen, const char *b)
{
  size_t blen = strlen(b), row[64];
  if (alen >= 63 || blen >= 63)
    return 99;
  for (size_t j = 0; j <= blen; j++)
    row[j] = j;
  for (size_t i = 1; i <= alen; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= blen; j++) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[blen];
}

/* The option of cmd closest to name: a prefix of it, or within a third of its length. */
static const char *closest_option(const struct command *cmd, const char *name, size_t len)
{
  const char *best = NULL;
  size_t best_d = len / 3 + 1;
  for (const struct opt_group *const *g = cmd->groups; g && *g; g++)
    for (size_t i = 0; i < (*g)->count; i++) {
      const char *cand = (*g)->defs[i].name;
      size_t d = len > 3 && !strncmp(cand, name, len) ? 0 : distance(name, len, cand);
      if (d < best_d) {
        best_d = d;
        best = cand;
      }
    }
  return best;
}

static int unknown_option(const struct command *cmd, const char *arg, size_t len)
{
  const char *hint = closest_option(cmd, arg, len);
  if (hint)
    diag_error("unknown option '%.*s' for 'csponboard %s'; did you mean '%s'? (see 'csponboard "
               "%s --help')",
               (int)len, arg, cmd->name, hint, cmd->name);
  else
    diag_error("unknown option '%.*s' for 'csponboard %s' (see 'csponboard %s --help')", (int)len,
               arg, cmd->name, cmd->name);
  return CSP_E_USAGE;
}

static int parse_option(const struct command *cmd, int argc, char **argv, int *i, void *target)
{
  const char *arg = argv[*i];
  const char *eq = strchr(arg, '=');
  size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
  const struct opt_group *group = NULL;
  const struct opt_def *def = command_find_option(cmd, arg, len, &group);
  if (!def)
    return unknown_option(cmd, arg, len);
  const char *value = eq ? eq + 1 : NULL;
  if (def->arg && !value) {
    if (*i + 1 >= argc) {
      diag_error("%s needs a value (%s)", def->name, def->arg);
      return CSP_E_USAGE;
    }
    value = argv[++*i];
  } else if (!def->arg && value) {
    diag_error("%s takes no value", def->name);
    return CSP_E_USAGE;
  }
  return group->store(def, value, target);
}

/* The most operands cmd takes: none, one, or (ending "...") many. */
static int max_operands(const struct command *cmd)
{
  if (!cmd->operands)
    return 0;
  size_t n = strlen(cmd->operands);
  return n > 3 && !strcmp(cmd->operands + n - 3, "...") ? CMD_MAX_OPERANDS : 1;
}

static int add_operand(const struct command *cmd, const char *arg, struct cmd_args *out)
{
  if (out->count >= max_operands(cmd)) {
    if (!cmd->operands)
      diag_error("unexpected argument '%s': csponboard %s takes no operand", arg, cmd->name);
    else
      diag_error("unexpected argument '%s': csponboard %s takes %s", arg, cmd->name, cmd->operands);
    return CSP_E_USAGE;
  }
  out->operand[out->count++] = arg;
  return CSP_E_OK;
}

static bool is_help(const char *arg)
{
  return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

int command_parse(const struct command *cmd, int argc, char **argv, void *target,
                  struct cmd_args *out)
{
  memset(out, 0, sizeof(*out));
  bool operands_only = false;
  for (int i = 1; i < argc; i++) {
    int rc = CSP_E_OK;
    if (operands_only || argv[i][0] != '-' || !strcmp(argv[i], "-"))
      rc = add_operand(cmd, argv[i], out);
    else if (!strcmp(argv[i], "--"))
      operands_only = true;
    else if (is_help(argv[i]))
      out->help = true;
    else
      rc = parse_option(cmd, argc, argv, &i, target);
    if (rc)
      return rc;
  }
  return CSP_E_OK;
}
