/* The invitation email as text: the template (invites.template: a "Subject:" line, then the
 * body) with its placeholders, and the RFC 5322 message made from it for one row. Pure: no
 * network, no clock (the date is passed in), no libcurl; src/http/smtp.c sends the result.
 *
 * Template format (samples/invite-email.txt):
 *
 *   Subject: {partner_name} invites {company_name} to work with us
 *   <one blank line, optional>
 *   Dear {first_name} {last_name},
 *   ... {invite_url} ...
 *
 * Placeholders: {company_name}, {first_name}, {last_name}, {invite_url}, {partner_name}. An
 * unknown {name} (a typo) is an error when the template loads, and so is a body without
 * {invite_url}: either would mail a customer something useless. Braces around anything that is
 * not a lower-case name ("{ }", "{{") are plain text. */
#ifndef CSP_INVITE_MAIL_H
#define CSP_INVITE_MAIL_H

#include <stddef.h>
#include <time.h>

enum invite_var {
  INVITE_VAR_COMPANY_NAME,
  INVITE_VAR_FIRST_NAME,
  INVITE_VAR_LAST_NAME,
  INVITE_VAR_INVITE_URL,
  INVITE_VAR_PARTNER_NAME,
  INVITE_VAR_COUNT
};

/* A parsed template. Both strings are owned (invite_template_release), without CRs. */
struct invite_template {
  char *subject;
  char *body;
};

/* Parses text[0..len) (borrowed). origin names it in messages (the file path). Returns 0, or
 * CSP_E_CONFIG having logged "origin:line: what is wrong", or CSP_E_NOMEM. */
int invite_template_parse(const char *text, size_t len, const char *origin,
                          struct invite_template *out);
/* Reads and parses the file at path (at most CSP_MAX_TEMPLATE_BYTES). Returns as
 * invite_template_parse; a missing or unreadable file is CSP_E_CONFIG naming path. */
int invite_template_load(const char *path, struct invite_template *out);
void invite_template_release(struct invite_template *t);

/* One message. Every pointer is borrowed for the call. */
struct invite_message {
  const char *from;                     /* invites.from: "Display Name <addr>" or "addr" */
  const char *to_name;                  /* the contact's name; "" for none */
  const char *to_addr;                  /* the contact's email */
  const char *message_id;               /* without angle brackets: "uuid@domain" */
  time_t date;                          /* Unix seconds; written as UTC */
  const char *values[INVITE_VAR_COUNT]; /* NULL counts as "" */
};

/* Writes the complete message into a new buffer the caller owns (free) in *out, its length in
 * *len: From, To, Subject, Date, Message-ID, MIME-Version, Content-Type text/plain UTF-8 and a
 * quoted-printable body, CRLF line endings (libcurl does the SMTP dot-stuffing). Line breaks
 * in values never reach a header; non-ASCII names and subjects are RFC 2047 encoded. Returns 0,
 * CSP_E_CONFIG for an address that cannot be used (CR, LF, no '@'), CSP_E_LIMIT past
 * CSP_MAX_MAIL_BYTES, or CSP_E_NOMEM. */
int invite_mail_compose(const struct invite_template *t, const struct invite_message *m, char **out,
                        size_t *len);

/* Splits an address as written in invites.from ("Name <addr>", "\"Name\" <addr>" or "addr")
 * into its display name (may come out "") and the bare address. Returns 0, or CSP_E_CONFIG when
 * there is no usable address (none, no '@', spaces, CR/LF) or a part does not fit its buffer. */
int invite_address_split(const char *text, char *name, size_t name_cap, char *addr,
                         size_t addr_cap);

#endif
