/* The output checks of output_paths.h. A file is known by its folder resolved with realpath
 * plus its name (the file need not exist yet), and, when it exists, by its device and inode
 * (so a symbolic or hard link to the input is the input). */
#include "cli/output_paths.h"
#include "cli/cli_page.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/errors.h"
#include "base/limits.h"

struct output {
  const char *what; /* as the user named it: "--report", "the credentials file" */
  const char *path;
  bool opened; /* opened in place (journal, credentials), not written beside and renamed */
  char resolved[CSP_MAX_PATH];
  bool exists;
  dev_t dev;
  ino_t ino;
};

/* Splits path into its folder (".", when it names none) and its last component. */
static void split(const char *path, char *dir, size_t cap, const char **base)
{
  const char *slash = strrchr(path, '/');
  *base = slash ? slash + 1 : path;
  if (!slash)
    snprintf(dir, cap, ".");
  else if (slash == path)
    snprintf(dir, cap, "/");
  else
    snprintf(dir, cap, "%.*s", (int)(slash - path), path);
}

/* Resolves o's folder and looks the file up. Returns 0 or CSP_E_USAGE (logged) when the file
 * cannot be written there. */
static int identify(struct output *o, bool output)
{
  char dir[CSP_MAX_PATH], real[CSP_MAX_PATH];
  const char *base;
  struct stat st;
  split(o->path, dir, sizeof(dir), &base);
  if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
    diag_error("%s %s names a folder: give a file path", o->what, o->path);
    return CSP_E_USAGE;
  }
  bool found = realpath(dir, real) != NULL;
  int err = errno;
  if (!found || stat(real, &st) || !S_ISDIR(st.st_mode)) {
    diag_error("%s %s: the folder %s %s", o->what, o->path, dir,
               !found && err == ENOENT ? "does not exist" : "is not a folder that can be used");
    return CSP_E_USAGE;
  }
  if (output && access(real, W_OK | X_OK)) {
    diag_error("%s %s: cannot write in the folder %s: %s", o->what, o->path, dir, strerror(errno));
    return CSP_E_USAGE;
  }
  int len = snprintf(o->resolved, sizeof(o->resolved), "%s%s%s", real, strcmp(real, "/") ? "/" : "",
                     base);
  if (len < 0 || (size_t)len >= sizeof(o->resolved)) {
    diag_error("%s %s: the path is too long", o->what, o->path);
    return CSP_E_USAGE;
  }
  o->exists = stat(o->path, &st) == 0;
  o->dev = o->exists ? st.st_dev : 0;
  o->ino = o->exists ? st.st_ino : 0;
  if (output && o->exists && S_ISDIR(st.st_mode)) {
    diag_error("%s %s is a folder: give a file path", o->what, o->path);
    return CSP_E_USAGE;
  }
  if (output && o->exists && o->opened && access(o->path, W_OK)) {
    diag_error("%s %s cannot be written: %s", o->what, o->path, strerror(errno));
    return CSP_E_USAGE;
  }
  return CSP_E_OK;
}

static bool same_file(const struct output *a, const struct output *b)
{
  if (a->exists && b->exists)
    return a->dev == b->dev && a->ino == b->ino;
  return !strcmp(a->resolved, b->resolved);
}

/* No two outputs are one file, and none is the input (outs[0] when has_input). */
static int check_distinct(const struct output *outs, size_t n, bool has_input, const char **bad)
{
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++) {
      if (!same_file(&outs[i], &outs[j]))
        continue;
      if (has_input && i == 0)
        diag_error("%s %s is the input file %s: writing it would destroy the input; give "
                   "another path",
                   outs[j].what, outs[j].path, outs[0].path);
      else
        diag_error("%s %s and %s %s are the same file: give each its own path", outs[i].what,
                   outs[i].path, outs[j].what, outs[j].path);
      *bad = outs[j].path;
      return CSP_E_USAGE;
    }
  return CSP_E_OK;
}

/* Identifies outs[0..n) and checks them; *bad: the path found wrong. */
static int check_all(struct output *outs, size_t n, bool has_input, const char **bad)
{
  const char *ignored;
  bad = bad ? bad : &ignored;
  for (size_t i = 0; i < n; i++) {
    *bad = outs[i].path;
    int rc = identify(&outs[i], !(has_input && i == 0));
    if (rc)
      return rc;
  }
  *bad = NULL;
  return check_distinct(outs, n, has_input, bad);
}

static bool input_exists(const struct options *opts)
{
  return opts->input && strcmp(opts->input, "-") && access(opts->input, F_OK) == 0;
}

int output_paths_check_summary(const struct options *opts)
{
  struct output outs[2];
  size_t n = 0;
  bool has_input = input_exists(opts);
  if (has_input)
    outs[n++] = (struct output){.what = "the input", .path = opts->input};
  outs[n++] = (struct output){.what = "--summary-json", .path = opts->summary_json};
  return check_all(outs, n, has_input, NULL);
}

int output_paths_check(const struct options *opts, bool writes, const char **bad)
{
  char html[CSP_MAX_PATH];
  bool has_page = cli_page_path(opts, html, sizeof(html));
  struct output outs[6];
  size_t n = 0;
  bool has_input = input_exists(opts);
  if (has_input)
    outs[n++] = (struct output){.what = "the input", .path = opts->input};
  outs[n++] = (struct output){.what = "--report", .path = opts->report_path};
  if (has_page)
    outs[n++] = (struct output){.what = "the HTML summary", .path = html};
  if (writes) {
    outs[n++] = (struct output){.what = "--journal", .path = opts->journal_path, .opened = true};
    outs[n++] = (struct output){
        .what = "the credentials file", .path = opts->credentials_path, .opened = true};
  }
  if (opts->summary_json)
    outs[n++] = (struct output){.what = "--summary-json", .path = opts->summary_json};
  return check_all(outs, n, has_input, bad);
}
