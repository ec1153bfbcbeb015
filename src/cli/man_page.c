/* The man page, generated from the command tree (`csponboard help --man` >
 * docs/csponboard.1): the synopsis and the commands from the commands, the options from
 * their groups (each group once, with the commands that take it), and the fixed prose
 * (description, exit status, environment, files) from the texts below. */
#include "cli/command.h"

#include <string.h>

#define MAN_MAX_GROUPS 64

static const char description[] =
    ".SH DESCRIPTION\n"
    ".B csponboard\n"
    "streams a customer list (CSV or TSV, UTF-8, UTF-16 or any iconv encoding, or an Excel .xlsx\n"
    "workbook), validates every row against per-market rules kept as YAML in\n"
    ".IR schemas/ ,\n"
    "classifies each valid row as an invitation (the customer already has a tenant), a creation\n"
    "(a new tenant) or a skip (duplicate, done in an earlier run, already a customer), executes "
    "the\n"
    "actions against the Partner Center REST API with rate limiting, retries and exactly-once\n"
    "semantics, and writes a report with one line per input row.\n"
    ".PP\n"
    "Each command takes only its own options;\n"
    ".B csponboard help\n"
    ".I COMMAND\n"
    "or\n"
    ".I COMMAND\n"
    ".B \\-\\-help\n"
    "lists them.\n";

static const char trailer[] =
    ".SH EXIT STATUS\n"
    ".TP\n.B 0\nEvery row succeeded or was skipped as already done.\n"
    ".TP\n.B 1\nThe run completed, but some rows are invalid, rejected, failed or not attempted.\n"
    ".TP\n.B 2\nUsage or configuration error; nothing was sent.\n"
    ".TP\n.B 3\nFatal during the run (sign-in refused, missing admin agent role, API "
    "unreachable). A stored sign-in that is no longer valid (invalid_grant) says to run\n"
    ".BR \"csponboard auth login\" .\n"
    ".TP\n.B 75\nAnother run holds the journal lock.\n"
    ".TP\n.BR 130 \", \" 143\nInterrupted by SIGINT or SIGTERM; the report is written and a "
    "re-run resumes.\n"
    ".SH ENVIRONMENT\n"
    "The client secret comes from\n.B auth.client_secret_file\n(mode 0600),\n"
    ".B auth.client_secret_command\n(its standard output), or the environment variable\n"
    ".B auth.client_secret_env\nnames (default\n.BR CSPONBOARD_CLIENT_SECRET ).\n"
    "The refresh token comes from the variable\n.B auth.refresh_token_env\nnames (default\n"
    ".BR CSPONBOARD_REFRESH_TOKEN )\nwhen it is set, otherwise from the token store of\n"
    ".BR \"auth login\" .\n"
    "SMTP credentials come from\n.B CSPONBOARD_SMTP_USER\nand\n.BR CSPONBOARD_SMTP_PASSWORD .\n"
    "No secret is read from the command line or the configuration file.\n"
    ".B XDG_CONFIG_HOME\nand\n.B HOME\nplace the token store. libcurl's proxy variables apply.\n"
    ".TP\n.B CSPONBOARD_RULES\nThe rule folder when \\-\\-rules is not given (before\n"
    ".B rules:\nin the configuration and the installed folder).\n"
    ".SH FILES\n"
    ".TP\n.I REPORT.csv\nOne line per input row.\n"
    ".TP\n.I REPORT.credentials.csv\nThe new tenants' first admin user names and temporary "
    "passwords (mode 0600).\n"
    ".TP\n.I REPORT.journal.sqlite\nRow states for resuming and exactly-once creates, and each "
    "run's record for the summary page.\n"
    ".TP\n.I REPORT.html\nThe summary page: one self-contained HTML file (inline CSS and SVG, no "
    "script, no network) with the rows per status, a chart of statuses per market, the top "
    "reasons with their first rows and how to fix them, invitations sent and accepted, the "
    "requests, 429 answers and retries over time, and the run's settings and exit code.\n"
    ".TP\n.I ~/.config/csponboard/token.json\nThe token store of\n.B auth login\n(mode 0600; "
    "refused when readable by others), with its lock\n.IR token.json.lock .\n"
    ".TP\n.I /usr/share/csponboard/schemas\nThe market rules (found beside the program: "
    "PREFIX/bin/../share/csponboard).\n"
    ".TP\n.I /usr/share/doc/csponboard/csponboard.yaml\nA sample configuration, with the "
    "sample customer list beside it; paths in a configuration are relative to its folder.\n"
    ".SH SEE ALSO\n"
    "The README and\n"
    ".IR docs/ARCHITECTURE.md ,\n"
    ".IR docs/AUTH.md ,\n"
    ".IR docs/RULES.md ,\n"
    ".IR docs/SANDBOX.md .\n";

/* Text with roff's special characters escaped: backslash and dash. */
static void put_text(const char *s, FILE *out)
{
  for (; *s; s++) {
    if (*s == '\\')
      fputs("\\e", out);
    else if (*s == '-')
      fputs("\\-", out);
    else
      fputc(*s, out);
  }
}

/* A text line that cannot be read as a request (a leading dot or quote). */
static void put_line(const char *s, FILE *out)
{
  if (*s == '.' || *s == '\'')
    fputs("\\&", out);
  put_text(s, out);
  fputc('\n', out);
}

static void synopsis(const struct command *cmd, FILE *out)
{
  if (cmd->run) {
    fputs(".B csponboard ", out);
    put_text(cmd->name, out);
    fputc('\n', out);
    if (cmd->groups)
      fputs(".RI [ options ]\n", out);
    if (cmd->operands) {
      fputs(".I ", out);
      put_text(cmd->operands, out);
      fputs("\n.br\n", out);
    } else {
      fputs(".br\n", out);
    }
  }
  for (const struct command *const *s = cmd->subcommands; s && *s; s++)
    synopsis(*s, out);
}

static void commands(const struct command *cmd, FILE *out)
{
  if (*cmd->name) {
    fputs(".TP\n.B ", out);
    put_text(cmd->name, out);
    fputc('\n', out);
    put_line(cmd->details ? cmd->details : cmd->summary, out);
  }
  for (const struct command *const *s = cmd->subcommands; s && *s; s++)
    commands(*s, out);
}

static bool takes_group(const struct command *cmd, const struct opt_group *group)
{
  for (const struct opt_group *const *g = cmd->groups; g && *g; g++)
    if (*g == group)
      return true;
  return false;
}

/* ", run, validate": the commands that take group. */
static void users(const struct command *cmd, const struct opt_group *group, int *count, FILE *out)
{
  if (takes_group(cmd, group)) {
    fputs(*count ? ",\n.B " : ".B ", out);
    put_text(cmd->name, out);
    (*count)++;
  }
  for (const struct command *const *s = cmd->subcommands; s && *s; s++)
    users(*s, group, count, out);
}

static void group(const struct command *root, const struct opt_group *g, FILE *out)
{
  int count = 0;
  fputs(".SS ", out);
  put_text(g->title, out);
  fputs("\nAccepted by\n", out);
  users(root, g, &count, out);
  fputs(".\n", out);
  for (size_t i = 0; i < g->count; i++) {
    fputs(".TP\n\\fB", out);
    put_text(g->defs[i].name, out);
    fputs("\\fR", out);
    if (g->defs[i].arg) {
      fputs(" \\fI", out);
      put_text(g->defs[i].arg, out);
      fputs("\\fR", out);
    }
    fputc('\n', out);
    put_line(g->defs[i].help, out);
  }
}

void command_write_man(const struct command *root, FILE *out)
{
  const struct opt_group *groups[MAN_MAX_GROUPS];
  size_t n = command_groups(root, groups, MAN_MAX_GROUPS);
  fprintf(out,
          ".\\\" Generated by 'csponboard help --man' from the option tables of src/; do not "
          "edit.\n.TH CSPONBOARD 1 \"\" \"csponboard %s\" \"User Commands\"\n",
          CSP_VERSION);
  fputs(".SH NAME\ncsponboard \\- onboard customers into the Microsoft CSP program in bulk\n"
        ".SH SYNOPSIS\n.B csponboard help\n.RI [ COMMAND ]\n.br\n",
        out);
  synopsis(root, out);
  fputs(description, out);
  fputs(".SH COMMANDS\n.TP\n.B help\nA command's options and operands (also: \\fICOMMAND\\fR "
        "\\fB\\-\\-help\\fR).\n",
        out);
  commands(root, out);
  fputs(".SH OPTIONS\nEvery command also takes\n.BR \\-\\-help .\n", out);
  for (size_t i = 0; i < n; i++)
    group(root, groups[i], out);
  fputs(trailer, out);
}
