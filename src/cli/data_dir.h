/* Where csponboard finds the data it ships (the rule folder, the sandbox's demo tenants, the
 * invitation email template) and the files a configuration names. Installed, the data lives
 * in PREFIX/share/csponboard beside the program's PREFIX/bin; run from its build tree, in the
 * checkout. Nothing here depends on the current directory, so a run from cron or /tmp finds
 * the same files as one from the checkout. */
#ifndef CSP_DATA_DIR_H
#define CSP_DATA_DIR_H

#include <stdbool.h>
#include <stddef.h>

struct config;

/* The shipped data file or folder rel ("schemas", "samples/sandbox-tenants.json"): the
 * installed copy (../share/csponboard/rel from the program's own folder), or the checkout's
 * when the program runs from its build tree. Writes the path to buf and returns true when it
 * exists; false (buf holds the installed path looked for) when not. */
bool data_path(const char *rel, char *buf, size_t cap);

/* The rule folder: the first of option (--rules), $CSPONBOARD_RULES, cfg's rules: (may be
 * NULL), and data_path("schemas"). *out points to option, the environment, cfg or buf. Returns
 * 0, or CSP_E_CONFIG with a message when no candidate is given and none is installed. */
int rules_dir_resolve(const char *option, const struct config *cfg, char *buf, size_t cap,
                      const char **out);

/* path as the configuration at config_path means it: an absolute path as is, a relative one
 * against the configuration file's folder. Writes to buf; returns false when it does not fit. */
bool config_relative(const char *config_path, const char *path, char *buf, size_t cap);

#endif
