/* The invitation mailer (invite_mailer.h): reads and checks the invites: section once, at the
 * start of a run, so that a wrong SMTP URL, sender or template stops the run (exit 2) before
 * any row is touched rather than failing row by row; then, per invited row, composes the
 * message and hands it to SMTP. Owns its copies of the settings, the template and the SMTP
 * credentials (the password is wiped on free). */
#include "invites/invite_mailer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/errors.h"
#include "http/smtp.h"
#include "invites/invite_mail.h"
#include "base/uuid.h"

struct invite_mailer {
  struct invite_template template;
  char from[512];      /* invites.from as written */
  char from_name[256]; /* its display name: {partner_name} */
  char from_addr[256]; /* the envelope sender */
  char smtp_url[512];
  char *username; /* owned; NULL: no AUTH */
  char *password; /* owned, a secret; NULL: no AUTH */
  long timeout_s;
  struct uuid_gen ids; /* Message-IDs */
};

static int check_sender(struct invite_mailer *m, const struct config *cfg, const char *path)
{
  const char *from = cfg->invites.from;
  if (!*from || strlen(from) >= sizeof(m->from) ||
      invite_address_split(from, m->from_name, sizeof(m->from_name), m->from_addr,
                           sizeof(m->from_addr))) {
    diag_error("%s: invites.from %s: set the sender, e.g. \"Contoso Onboarding "
               "<onboarding@contoso.example>\"",
               path, *from ? "is not an email address" : "is empty");
    return CSP_E_CONFIG;
  }
  snprintf(m->from, sizeof(m->from), "%s", from);
  if (!*m->from_name)
    snprintf(m->from_name, sizeof(m->from_name), "%s", m->from_addr);
  return CSP_E_OK;
}

static int check_server(struct invite_mailer *m, const struct config *cfg, const char *path)
{
  char why[512];
  if (smtp_check_url(cfg->invites.smtp_url, why, sizeof(why)) ||
      strlen(cfg->invites.smtp_url) >= sizeof(m->smtp_url)) {
    diag_error("%s: %s", path, why);
    return CSP_E_CONFIG;
  }
  snprintf(m->smtp_url, sizeof(m->smtp_url), "%s", cfg->invites.smtp_url);
  m->timeout_s = cfg->limits.timeout_s;
  return CSP_E_OK;
}

/* The SMTP login: both variables set, or neither (a relay that needs no AUTH). */
static int read_credentials(struct invite_mailer *m, const struct config *cfg, const char *path)
{
  const char *user_env = cfg->invites.smtp_user_env, *password_env = cfg->invites.smtp_password_env;
  const char *user = *user_env ? getenv(user_env) : NULL;
  const char *password = *password_env ? getenv(password_env) : NULL;
  if (!user || !*user || !password || !*password) {
    if ((user && *user) || (password && *password)) {
      diag_error("%s: %s is set but %s is not: the SMTP login needs both (or neither, for a "
                 "server without AUTH)",
                 path, user && *user ? user_env : password_env,
                 user && *user ? password_env : user_env);
      return CSP_E_CONFIG;
    }
    return CSP_E_OK;
  }
  m->username = strdup(user);
  m->password = strdup(password);
  return m->username && m->password ? CSP_E_OK : CSP_E_NOMEM;
}

int invite_mailer_open(const struct config *cfg, const char *config_path,
                       struct invite_mailer **out)
{
  *out = NULL;
  struct invite_mailer *m = calloc(1, sizeof(*m));
  if (!m)
    return CSP_E_NOMEM;
  int rc = check_server(m, cfg, config_path);
  if (!rc)
    rc = check_sender(m, cfg, config_path);
  if (!rc)
    rc = read_credentials(m, cfg, config_path);
  if (!rc && !*cfg->invites.template_path) {
    diag_error("%s: invites.template is not set: name the invitation email template", config_path);
    rc = CSP_E_CONFIG;
  }
  if (!rc)
    rc = invite_template_load(cfg->invites.template_path, &m->template);
  if (!rc)
    rc = uuid_gen_init(&m->ids);
  if (rc) {
    invite_mailer_close(m);
    return rc;
  }
  *out = m;
  return CSP_E_OK;
}

void invite_mailer_close(struct invite_mailer *m)
{
  if (!m)
    return;
  if (m->password)
    explicit_bzero(m->password, strlen(m->password));
  free(m->password);
  free(m->username);
  invite_template_release(&m->template);
  free(m);
}

/* The message for row, composed into *mail (caller frees). */
static int compose_for(struct invite_mailer *m, const struct row *row, const char *invite_url,
                       time_t now, char **mail, size_t *len)
{
  char to_name[256], message_id[UUID_STR_SIZE + 256], uuid[UUID_STR_SIZE];
  const char *first = row_get(row, FIELD_FIRST_NAME), *last = row_get(row, FIELD_LAST_NAME);
  snprintf(to_name, sizeof(to_name), "%s%s%s", first, *first && *last ? " " : "", last);
  uuid_gen_next(&m->ids, uuid);
  snprintf(message_id, sizeof(message_id), "%s%s", uuid, strchr(m->from_addr, '@'));
  struct invite_message msg = {
      .from = m->from,
      .to_name = to_name,
      .to_addr = row_get(row, FIELD_EMAIL),
      .message_id = message_id,
      .date = now,
      .values = {[INVITE_VAR_COMPANY_NAME] = row_get(row, FIELD_COMPANY_NAME),
                 [INVITE_VAR_FIRST_NAME] = first,
                 [INVITE_VAR_LAST_NAME] = last,
                 [INVITE_VAR_INVITE_URL] = invite_url,
                 [INVITE_VAR_PARTNER_NAME] = m->from_name},
  };
  return invite_mail_compose(&m->template, &msg, mail, len);
}

int invite_mailer_send(struct invite_mailer *m, const struct row *row, const char *invite_url,
                       time_t now, char *why, size_t cap)
{
  char *mail = NULL;
  size_t len = 0;
  const char *email = row_get(row, FIELD_EMAIL);
  int rc = compose_for(m, row, invite_url, now, &mail, &len);
  if (rc == CSP_E_CONFIG) {
    snprintf(why, cap, "%s",
             *email ? "the email column is not a usable address"
                    : "the row has no email to send it to");
    return CSP_E_INPUT;
  }
  if (rc) {
    snprintf(why, cap, "the message could not be composed (%s)", csp_error_message(rc));
    return rc;
  }
  struct smtp_server server = {m->smtp_url, m->username, m->password, m->timeout_s};
  rc = smtp_send(&server, m->from_addr, email, mail, len, why, cap);
  free(mail);
  return rc;
}
