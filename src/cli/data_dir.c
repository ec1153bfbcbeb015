/* Finds the shipped data from the program's own location (/proc/self/exe), never from the
 * current directory: PREFIX/bin/csponboard reads PREFIX/share/csponboard. A binary in its
 * build tree (CSP_BUILD_DIR, a compile definition of this file only) reads the checkout
 * (CSP_SOURCE_DIR), so that tests and developers need no install. */
#include "cli/data_dir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/config.h"
#include "base/diag.h"
#include "base/errors.h"
#include "base/limits.h"

#define RULES_ENV "CSPONBOARD_RULES"

/* The folder holding the running program, resolved (no link, no "..") into buf. */
static bool program_dir(char *buf, size_t cap)
{
  char exe[CSP_MAX_PATH];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n <= 0)
    return false;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash)
    return false;
  *slash = '\0';
  return snprintf(buf, cap, "%s", exe) < (int)cap;
}

/* Whether dir is the build tree this file was compiled for. */
static bool is_build_tree(const char *dir)
{
#ifdef CSP_BUILD_DIR
  char build[CSP_MAX_PATH];
  return realpath(CSP_BUILD_DIR, build) && !strcmp(build, dir);
#else
  (void)dir;
  return false;
#endif
}

bool data_path(const char *rel, char *buf, size_t cap)
{
  char dir[CSP_MAX_PATH];
  if (!program_dir(dir, sizeof(dir))) {
    (void)snprintf(buf, cap, "%s", rel);
    return access(buf, F_OK) == 0;
  }
#ifdef CSP_SOURCE_DIR
  if (is_build_tree(dir)) {
    int n = snprintf(buf, cap, "%s/%s", CSP_SOURCE_DIR, rel);
    return n > 0 && (size_t)n < cap && access(buf, F_OK) == 0;
  }
#endif
  int n = snprintf(buf, cap, "%s/../share/csponboard/%s", dir, rel);
  return n > 0 && (size_t)n < cap && access(buf, F_OK) == 0;
}

int rules_dir_resolve(const char *option, const struct config *cfg, char *buf, size_t cap,
                      const char **out)
{
  const char *env = getenv(RULES_ENV);
  if (option)
    *out = option;
  else if (env && *env)
    *out = env;
  else if (cfg && cfg->rules_dir && *cfg->rules_dir)
    *out = cfg->rules_dir;
  else if (data_path("schemas", buf, cap))
    *out = buf;
  else {
    diag_error("no rule folder: none installed at %s; pass --rules DIR, set " RULES_ENV
               ", or set rules: in the configuration",
               buf);
    return CSP_E_CONFIG;
  }
  return CSP_E_OK;
}

bool config_relative(const char *config_path, const char *path, char *buf, size_t cap)
{
  const char *slash = config_path ? strrchr(config_path, '/') : NULL;
  int n = path[0] == '/' || !slash
              ? snprintf(buf, cap, "%s", path)
              : snprintf(buf, cap, "%.*s/%s", (int)(slash - config_path), config_path, path);
  return n >= 0 && (size_t)n < cap;
}
