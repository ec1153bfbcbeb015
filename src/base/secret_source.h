/* Where the client secret comes from, besides an environment variable: a file that only its
 * owner may read (mode 0600), or a command whose standard output is the secret (a password
 * manager such as `pass`, a vault CLI), run without a shell when it needs none and stopped
 * after a time limit. Never the configuration file itself, never the command line. Messages
 * this module writes never hold the secret. */
#ifndef CSP_SECRET_SOURCE_H
#define CSP_SECRET_SOURCE_H

#include <stddef.h>

struct secret_source {
  const char *file;     /* path, or NULL/"": none */
  const char *command;  /* command line, or NULL/"": none */
  int timeout_s;        /* the command's time limit */
  const char *env_name; /* the environment variable read when neither is set */
  const char *what;     /* how messages name the secret ("the client secret") */
};

/* Reads the secret from the first source set: file, command, then the environment variable.
 * On success *out is a malloc'd copy without trailing line breaks; the caller wipes
 * (explicit_bzero) and frees it. Returns 0, CSP_E_CONFIG (the source is unusable: msg says
 * why, naming the file, the command's exit or the variable), or CSP_E_NOMEM. */
int secret_source_read(const struct secret_source *src, char **out, char *msg, size_t cap);

/* The file source alone: refused unless a regular file of mode 0600 (or stricter) owned by
 * the user running csponboard. */
int secret_from_file(const char *path, const char *what, char **out, char *msg, size_t cap);

/* The command source alone: runs command (split on blanks and run directly when it holds no
 * shell syntax, otherwise through /bin/sh -c) with stdin from /dev/null and stderr passed
 * through; its stdout, up to CSP_SECRET_MAX_BYTES, is the secret. A command still running
 * after timeout_s seconds is killed (its process group); a non-zero exit, a signal or an empty
 * output is CSP_E_CONFIG. */
int secret_from_command(const char *command, int timeout_s, const char *what, char **out, char *msg,
                        size_t cap);

#endif
