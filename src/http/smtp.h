/* Sending one composed email over SMTP with libcurl: the mail counterpart of
 * http_transfer, and with src/http/transfer.c the only place libcurl is visible for it.
 *
 * Transport security is decided by the URL alone: smtps:// is TLS from the first byte;
 * smtp:// to a loopback host (a local relay, a test server) may stay plain; smtp:// to any
 * other host must upgrade with STARTTLS or the mail is not sent (CURLUSESSL_ALL), so a
 * password never crosses a network in clear. Certificates are always verified. */
#ifndef CSP_SMTP_H
#define CSP_SMTP_H

#include <stddef.h>

/* Where and as whom to send. Every string is borrowed for the call; username and password
 * may be NULL (no AUTH). password is a secret: never logged, never in error texts. */
struct smtp_server {
  const char *url; /* invites.smtp_url: smtp://host[:port] or smtps://host[:port] */
  const char *username;
  const char *password;
  long timeout_s; /* the whole conversation */
};

/* Checks that url is a mail URL this layer will use. Returns 0, or CSP_E_CONFIG with the reason
 * in why[0..cap) (never logged here). */
int smtp_check_url(const char *url, char *why, size_t cap);

/* Sends message[0..len) (CRLF lines, headers included) from mail_from to rcpt, the bare
 * addresses of the SMTP envelope. Blocks until the server accepted the message or the
 * conversation failed. Returns 0, or CSP_E_UNREACHABLE with libcurl's reason (and the server's
 * reply, when one came) in error[0..cap), or CSP_E_NOMEM. */
int smtp_send(const struct smtp_server *server, const char *mail_from, const char *rcpt,
              const char *message, size_t len, char *error, size_t cap);

#endif
