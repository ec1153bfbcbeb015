/* The ZIP container of an XLSX workbook: the one place that uses libzip. It opens an archive
 * from a file descriptor and streams one member at a time, a chunk per call, without ever
 * extracting a member whole. Nothing here knows XML or spreadsheets. */
#ifndef CSP_XLSX_ZIP_H
#define CSP_XLSX_ZIP_H

#include <stdbool.h>
#include <stddef.h>

struct xlsx_zip;
struct xlsx_member;

/* Opens the archive in fd, which must be a seekable regular file; takes ownership of fd (it is
 * closed by xlsx_zip_close, or here on failure). Returns 0, or CSP_E_INPUT with a sentence
 * saying why in err (not a ZIP archive, damaged, ...). *out is the caller's. */
int xlsx_zip_open(int fd, struct xlsx_zip **out, char *err, size_t errcap);

/* True when the archive holds a member of exactly this name. */
bool xlsx_zip_has(struct xlsx_zip *z, const char *name);

/* Opens a member for streaming. Returns 0; CSP_E_NOT_FOUND when there is no such member;
 * CSP_E_INPUT (encrypted, unsupported compression, damaged) with a sentence in err. */
int xlsx_zip_member_open(struct xlsx_zip *z, const char *name, struct xlsx_member **out, char *err,
                         size_t errcap);

/* Reads up to cap bytes of the uncompressed member into buf: the count, 0 at the end, -1 when
 * the data is damaged (a CRC or inflate error). The signature fits xml_read_fn. */
long long xlsx_member_read(void *member, void *buf, size_t cap);

/* The member's uncompressed size as the archive declares it (0 when unknown). */
unsigned long long xlsx_member_size(const struct xlsx_member *m);

/* Closes a member; NULL does nothing. */
void xlsx_zip_member_close(struct xlsx_member *m);

/* Closes the archive and its descriptor; NULL does nothing. Members must be closed first. */
void xlsx_zip_close(struct xlsx_zip *z);

#endif
