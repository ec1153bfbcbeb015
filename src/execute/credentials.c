/* Append-only writer of the credentials file. Deliberately not the report's temp-file-and-
 * rename: a password exists only in the create response, so each record is made durable the
 * moment it arrives (one write() of a whole line, then fsync). A reader therefore never sees
 * half a record, and a killed run loses none. Mode 0600 from creation, enforced on reuse. */
#include "execute/credentials.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/errors.h"
#include "report/report.h"

struct credentials {
  char *path;
  int fd; /* -1 until the first record */
};

int credentials_open(const char *path, struct credentials **out)
{
  *out = NULL;
  struct credentials *c = calloc(1, sizeof(*c));
  if (!c || !(c->path = strdup(path))) {
    free(c);
    return CSP_E_NOMEM;
  }
  c->fd = -1;
  struct stat st;
  if (stat(path, &st) == 0 && (st.st_mode & 077)) {
    diag_error("%s is readable by other users (mode %03o): it holds temporary admin "
               "passwords; run 'chmod 600 %s' first",
               path, (unsigned)(st.st_mode & 0777), path);
    credentials_close(c);
    return CSP_E_IO;
  }
  *out = c;
  return CSP_E_OK;
}

static int open_file(struct credentials *c)
{
  c->fd = open(c->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (c->fd < 0) {
    diag_error("cannot write the credentials file %s: %s", c->path, strerror(errno));
    return CSP_E_IO;
  }
  struct stat st;
  if (fstat(c->fd, &st) == 0 && st.st_size == 0) {
    static const char header[] = "row,domain,customer_id,user_name,password\n";
    if (write(c->fd, header, sizeof(header) - 1) != (ssize_t)(sizeof(header) - 1))
      return CSP_E_IO;
  }
  return CSP_E_OK;
}

int credentials_add(struct credentials *c, unsigned long long row, const char *domain,
                    const char *customer_id, const char *user_name, const char *password)
{
  if (c->fd < 0 && open_file(c))
    return CSP_E_IO;
  char *line = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&line, &len);
  if (!mem)
    return CSP_E_NOMEM;
  fprintf(mem, "%llu,", row);
  const char *cells[] = {domain, customer_id, user_name, password};
  for (size_t i = 0; i < 4; i++) {
    csv_write_verbatim(mem, cells[i] ? cells[i] : ""); /* a guarded password is a wrong one */
    fputc(i < 3 ? ',' : '\n', mem);
  }
  fclose(mem);
  int rc = CSP_E_OK;
  if (write(c->fd, line, len) != (ssize_t)len || fsync(c->fd)) {
    diag_error("cannot write the credentials file %s: %s", c->path, strerror(errno));
    rc = CSP_E_IO;
  }
  explicit_bzero(line, len);
  free(line);
  return rc;
}

void credentials_close(struct credentials *c)
{
  if (!c)
    return;
  if (c->fd >= 0)
    close(c->fd);
  free(c->path);
  free(c);
}
