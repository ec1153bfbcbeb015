/* Emailing invitation links (SPEC §8 Invite, `--send-invites` or invites.send): the checked
 * mail settings of csponboard.yaml, the loaded template and the SMTP credentials, and sending
 * one row's invitation. Composition is invite_mail.c's, the SMTP conversation src/http/smtp.c's;
 * this file joins them to the config and to a row. */
#ifndef CSP_INVITE_MAILER_H
#define CSP_INVITE_MAILER_H

#include <stddef.h>
#include <time.h>

#include "cli/config.h"
#include "pipeline/row.h"

struct invite_mailer;

/* Checks everything sending needs before any row is sent: invites.smtp_url (smtp:// or
 * smtps://), invites.from (an address, optionally with a display name), the template
 * (invites.template: loads, has a Subject and {invite_url}), and the credentials: the
 * variables named by invites.smtp_user_env and smtp_password_env are both set (AUTH) or both
 * unset (none). cfg and config_path (for messages) are borrowed for the call; the mailer keeps
 * copies. On success *out is the caller's (invite_mailer_close). Returns 0, CSP_E_CONFIG having
 * logged what to fix, or CSP_E_NOMEM. */
int invite_mailer_open(const struct config *cfg, const char *config_path,
                       struct invite_mailer **out);

/* Wipes the password and frees everything. invite_mailer_close(NULL) does nothing. */
void invite_mailer_close(struct invite_mailer *m);

/* Emails invite_url to the row's contact (its email, first and last name, company name),
 * from invites.from; {partner_name} is the display name of invites.from (its address when it
 * has none). Blocks for the SMTP conversation. row and invite_url are borrowed for the call.
 * Returns 0 once the server accepted the message, or CSP_E_INPUT (the row has no usable
 * email), CSP_E_UNREACHABLE (the server could not be reached or refused) or CSP_E_NOMEM, with
 * a one-line reason in why[0..cap) that holds no secret. */
int invite_mailer_send(struct invite_mailer *m, const struct row *row, const char *invite_url,
                       time_t now, char *why, size_t cap);

#endif
