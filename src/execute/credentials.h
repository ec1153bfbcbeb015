/* The credentials file beside the report (SPEC §8): the initial admin user name and temporary
 * password of each created customer, which Partner Center returns once and never again. The
 * only place these secrets are written. */
#ifndef CSP_CREDENTIALS_H
#define CSP_CREDENTIALS_H

struct credentials;

/* Opens path for appending, creating it with mode 0600 (an existing file keeps its records:
 * a resumed run adds to it). Refuses a file readable by group or others. Returns 0,
 * CSP_E_IO. The file is only created on the first record. */
int credentials_open(const char *path, struct credentials **out);
/* Appends "row,domain,customer_id,user_name,password" as one write and fsyncs it, so a crash
 * right after a create cannot lose the password. Returns 0 or CSP_E_IO. */
int credentials_add(struct credentials *c, unsigned long long row, const char *domain,
                    const char *customer_id, const char *user_name, const char *password);
void credentials_close(struct credentials *c);

#endif
