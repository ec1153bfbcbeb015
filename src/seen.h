/* The identities seen so far in this input, for "skipped: duplicate of row N" (SPEC §7).
 * Kept in a private temporary SQLite database with a small page cache, so a file of a million
 * rows needs no more memory than one of a thousand: the index spills to a temporary file. */
#ifndef CSP_SEEN_H
#define CSP_SEEN_H

#include <stdbool.h>
#include <stddef.h>

struct seen;

/* Returns 0 or CSP_E_NOMEM / CSP_E_IO. *out is the caller's to seen_free. */
int seen_open(struct seen **out);
/* Records identity for row_number unless it is already known. Sets *first_row to the row that
 * had it first (0 when identity is new). Returns 0 or CSP_E_IO. */
int seen_add(struct seen *s, const char *identity, size_t row_number, size_t *first_row);
void seen_free(struct seen *s);

#endif
