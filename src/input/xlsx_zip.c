/* libzip behind xlsx_zip.h. The archive is opened read-only from a descriptor (libzip reads the
 * central directory, then seeks to each member it is asked for); a member is read through
 * zip_fread, which inflates as it goes and checks the CRC when the member ends, so a damaged
 * member shows up as a read error rather than as wrong text. */
#include "input/xlsx_zip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "base/errors.h"

struct xlsx_zip {
  zip_t *archive;
};

struct xlsx_member {
  zip_file_t *file;
  unsigned long long size;
};

/* The error text for a failed open: libzip's words, except for the common case of a file that
 * looks like a ZIP archive but whose directory cannot be found or read. */
static void say_open_error(zip_error_t *ze, char *err, size_t errcap)
{
  int code = zip_error_code_zip(ze);
  (void)snprintf(err, errcap, "%s",
                 code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_READ ||
                         code == ZIP_ER_SEEK
                     ? "the ZIP archive is damaged or incomplete (was the upload cut short?)"
                     : zip_error_strerror(ze));
}

int xlsx_zip_open(int fd, struct xlsx_zip **out, char *err, size_t errcap)
{
  int rc = CSP_E_OK;
  *out = NULL;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = NULL;
  zip_t *archive = NULL;
  FILE *fp = fdopen(fd, "rb");
  if (!fp) {
    (void)close(fd);
    rc = CSP_E_NOMEM;
    goto out;
  }
  src = zip_source_filep_create(fp, 0, -1, &ze);
  if (!src) {
    (void)fclose(fp);
    rc = CSP_E_NOMEM;
    goto out;
  }
  archive = zip_open_from_source(src, ZIP_RDONLY, &ze);
  if (!archive) {
    zip_source_free(src); /* closes fp */
    say_open_error(&ze, err, errcap);
    rc = CSP_E_INPUT;
    goto out;
  }
  struct xlsx_zip *z = calloc(1, sizeof(*z));
  if (!z) {
    zip_discard(archive);
    rc = CSP_E_NOMEM;
    goto out;
  }
  z->archive = archive;
  *out = z;
out:
  zip_error_fini(&ze);
  return rc;
}

bool xlsx_zip_has(struct xlsx_zip *z, const char *name)
{
  return zip_name_locate(z->archive, name, 0) >= 0;
}

int xlsx_zip_member_open(struct xlsx_zip *z, const char *name, struct xlsx_member **out, char *err,
                         size_t errcap)
{
  *out = NULL;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z->archive, name, 0, &st) != 0)
    return CSP_E_NOT_FOUND;
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    (void)snprintf(err, errcap, "%s is encrypted: the workbook is password-protected", name);
    return CSP_E_INPUT;
  }
  zip_file_t *file = zip_fopen(z->archive, name, 0);
  if (!file) {
    (void)snprintf(err, errcap, "%s cannot be read: %s", name, zip_strerror(z->archive));
    return CSP_E_INPUT;
  }
  struct xlsx_member *m = calloc(1, sizeof(*m));
  if (!m) {
    (void)zip_fclose(file);
    return CSP_E_NOMEM;
  }
  m->file = file;
  m->size = (st.valid & ZIP_STAT_SIZE) ? (unsigned long long)st.size : 0;
  *out = m;
  return CSP_E_OK;
}

long long xlsx_member_read(void *member, void *buf, size_t cap)
{
  struct xlsx_member *m = member;
  zip_int64_t n = zip_fread(m->file, buf, cap);
  return n < 0 ? -1 : (long long)n;
}

unsigned long long xlsx_member_size(const struct xlsx_member *m)
{
  return m->size;
}

void xlsx_zip_member_close(struct xlsx_member *m)
{
  if (!m)
    return;
  (void)zip_fclose(m->file);
  free(m);
}

void xlsx_zip_close(struct xlsx_zip *z)
{
  if (!z)
    return;
  zip_discard(z->archive); /* read-only: nothing to write back */
  free(z);
}
