/* Lost admin passwords, recovered (csponboard run --reset-lost-passwords): for every customer
 * the journal holds as created without its initial admin password (reason password_not_received
 * or password_not_saved), find the admin user the create made (admin@ the new domain) among the
 * customer's users, reset its password through Partner Center's customer-user password reset
 * to a strong password generated here, append it to the credentials file (0600) and clear the
 * row's reason in the journal. The partner never has to open the portal. */
#ifndef CSP_LOST_PASSWORDS_H
#define CSP_LOST_PASSWORDS_H

#include <stddef.h>

struct api_session;
struct credentials;
struct journal;

struct lost_password_stats {
  long long found; /* rows created without their password */
  long long reset; /* reset and saved */
  long long failed;
};

/* Resets every lost password the journal knows of (see above). A row that cannot be reset (no
 * admin user, 403 without the GDAP role, an unsaved credential) is logged and counted failed;
 * the journal keeps it lost. Returns 0, or the session's fatal error (CSP_E_AUTH,
 * CSP_E_UNREACHABLE) or a journal error, after which nothing more is tried. */
int lost_passwords_reset(struct api_session *s, struct journal *j, struct credentials *c,
                         struct lost_password_stats *out);

/* Writes a strong random password of len characters (at least 16) and its NUL into out:
 * upper and lower case letters, digits and symbols, each at least once, a letter first.
 * Returns 0, CSP_E_USAGE for a short len or CSP_E_IO without a random source. */
int lost_password_generate(char *out, size_t len);

#endif
