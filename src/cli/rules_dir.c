/* The default rule folder: ./schemas when the current folder has one (a checkout), else the
 * one installed with the binary, found from /proc/self/exe: BIN/../share/csponboard/schemas
 * (`cmake --install`), else BIN/../schemas (the binary of a build tree, build/csponboard).
 * A partner who runs the installed csponboard from any folder gets its rules without
 * --rules; when none exists the name "schemas" is kept, and loading says it cannot open it. */
#include "cli/options.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RULES_DIR_NAME "schemas"

static bool has_regions(const char *dir)
{
  char path[PATH_MAX];
  struct stat st;
  int n = snprintf(path, sizeof(path), "%s/regions.yaml", dir);
  return n > 0 && (size_t)n < sizeof(path) && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The folder of the running binary into dir (false when /proc is not there). */
static bool binary_folder(char *dir, size_t cap)
{
  ssize_t n = readlink("/proc/self/exe", dir, cap - 1);
  if (n <= 0 || (size_t)n >= cap - 1)
    return false;
  dir[n] = '\0';
  char *slash = strrchr(dir, '/');
  if (!slash)
    return false;
  *slash = '\0';
  return true;
}

const char *rules_dir_default(void)
{
  static char found[PATH_MAX];
  static const char *const beside[] = {"../share/csponboard/" RULES_DIR_NAME, "../" RULES_DIR_NAME};
  char bin[PATH_MAX];
  if (has_regions(RULES_DIR_NAME) || !binary_folder(bin, sizeof(bin)))
    return RULES_DIR_NAME;
  for (size_t i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
    int n = snprintf(found, sizeof(found), "%s/%s", bin, beside[i]);
    if (n > 0 && (size_t)n < sizeof(found) && has_regions(found))
      return found;
  }
  return RULES_DIR_NAME;
}
