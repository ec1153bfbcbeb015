/* Lost admin passwords, recovered (lost_passwords.h). One customer at a time, blocking calls
 * through the signed-in session: GET the customer's users, find admin@domain, PATCH its
 * password, then credentials file, then journal (in that order: a password reaches the file
 * only once Partner Center took it, and the journal forgets the loss only once the file has
 * it). The generated password is wiped from memory after use. */
#include "execute/lost_passwords.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/diag.h"
#include "base/errors.h"
#include "base/uuid.h"
#include "execute/api_session.h"
#include "execute/credentials.h"
#include "journal/journal.h"
#include "partner_center/requests.h"
#include "partner_center/responses.h"

#define PASSWORD_CHARS 20

static const char *const classes[] = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz",
                                      "23456789", "!#$%*+-=?@^_"};
#define NCLASSES (sizeof(classes) / sizeof(classes[0]))

/* A character of set, drawn without modulo bias from random bytes (refilled as needed). */
static int draw(const char *set, unsigned char *pool, size_t *left, char *out)
{
  size_t n = strlen(set), limit = 256 - 256 % n;
  for (;;) {
    if (*left == 0) {
      if (random_kernel_bytes(pool, 64))
        return CSP_E_IO;
      *left = 64;
    }
    unsigned char b = pool[--(*left)];
    if (b < limit) {
      *out = set[b % n];
      return CSP_E_OK;
    }
  }
}

static bool has_every_class(const char *s)
{
  for (size_t c = 0; c < NCLASSES; c++)
    if (!strpbrk(s, classes[c]))
      return false;
  return true;
}

int lost_password_generate(char *out, size_t len)
{
  if (len < 16)
    return CSP_E_USAGE;
  char all[128];
  snprintf(all, sizeof(all), "%s%s%s%s", classes[0], classes[1], classes[2], classes[3]);
  unsigned char pool[64];
  size_t left = 0;
  int rc = CSP_E_OK;
  do {
    rc = draw(classes[1], pool, &left, &out[0]); /* a letter first */
    for (size_t i = 1; !rc && i < len; i++)
      rc = draw(all, pool, &left, &out[i]);
    out[len] = '\0';
  } while (!rc && !has_every_class(out));
  explicit_bzero(pool, sizeof(pool));
  return rc;
}

/* --- one customer --- */

struct admin_search {
  const char *upn; /* admin@domain */
  const char *id;  /* found, in the arena */
  struct arena *a;
};

static int match_admin(void *ctx, const struct pc_customer_user *u)
{
  struct admin_search *m = ctx;
  if (strcasecmp(u->user_principal_name, m->upn) != 0)
    return 0;
  m->id = arena_strdup(m->a, u->id);
  return 1;
}

/* Sends one request build made; res is the caller's to release. */
static int send_request(struct api_session *s, struct arena *a, struct http_response *res,
                        int (*build)(const struct pc_call *, const void *, struct http_request *),
                        const void *ctx)
{
  char request_id[UUID_STR_SIZE], correlation_id[UUID_STR_SIZE] = "";
  struct pc_call pc;
  api_session_call(s, a, request_id, correlation_id, &pc);
  struct http_request req = {0};
  int rc = build(&pc, ctx, &req);
  return rc ? rc : api_session_send(s, &req, res);
}

struct target {
  const char *customer_id;
  const char *user_id;
  const char *password;
};

static int build_users(const struct pc_call *pc, const void *ctx, struct http_request *req)
{
  const struct target *t = ctx;
  return pc_request_customer_users(pc, t->customer_id, req);
}

static int build_reset(const struct pc_call *pc, const void *ctx, struct http_request *req)
{
  const struct target *t = ctx;
  return pc_request_reset_password(pc, t->customer_id, t->user_id, t->password, req);
}

/* The id of admin@domain among the customer's users into t->user_id. Returns 0,
 * CSP_E_NOT_FOUND (logged) or the session's error. */
static int find_admin(struct api_session *s, struct arena *a, const char *upn, struct target *t)
{
  struct http_response res;
  http_response_init(&res);
  int rc = send_request(s, a, &res, build_users, t);
  struct admin_search m = {upn, NULL, a};
  if (!rc && res.status == 200 &&
      pc_parse_customer_users(res.body, res.body_len, match_admin, &m) == 1)
    t->user_id = m.id;
  else if (!rc)
    diag_error("customer %s: no user %s found (HTTP %d): reset its admin password in the "
               "Microsoft 365 admin center",
               t->customer_id, upn, res.status);
  http_response_release(&res);
  return rc ? rc : t->user_id ? CSP_E_OK : CSP_E_NOT_FOUND;
}

/* PATCHes t's password. Returns 0, CSP_E_NOT_FOUND (refused, logged) or the session's error. */
static int reset_one(struct api_session *s, struct arena *a, const struct target *t)
{
  struct http_response res;
  http_response_init(&res);
  int rc = send_request(s, a, &res, build_reset, t);
  if (!rc && res.status != 200) {
    if (res.status == 403)
      diag_error("customer %s: Partner Center refused the password reset (HTTP 403): the "
                 "partner needs the User Administrator or Privileged Authentication "
                 "Administrator role in that customer (GDAP); reset it in the Microsoft 365 "
                 "admin center",
                 t->customer_id);
    else
      diag_error("customer %s: the password reset failed (HTTP %d)", t->customer_id, res.status);
    rc = CSP_E_NOT_FOUND;
  }
  http_response_release(&res);
  return rc;
}

struct reset_run {
  struct api_session *s;
  struct journal *j;
  struct credentials *c;
  struct lost_password_stats *stats;
};

static bool password_lost(const struct journal_entry *e)
{
  return e->reason_code && (!strcmp(e->reason_code, "password_not_received") ||
                            !strcmp(e->reason_code, "password_not_saved"));
}

/* The journal forgets the loss: the row is created with no reason left. */
static int forget_loss(struct journal *j, const struct journal_entry *e)
{
  struct journal_done d = {e->customer_id, e->tenant_id, NULL, "created", NULL, NULL, 200};
  return journal_mark_done(j, e->identity, &d, clock_wall_s());
}

/* Finds, resets and saves; the password never leaves this function but in the file. */
static int recover(struct reset_run *r, struct arena *a, const struct journal_entry *e,
                   const char *domain)
{
  const char *upn = arena_printf(a, "admin@%s", domain);
  struct target t = {e->customer_id, NULL, NULL};
  int rc = upn ? find_admin(r->s, a, upn, &t) : CSP_E_NOMEM;
  char password[PASSWORD_CHARS + 1];
  if (!rc)
    rc = lost_password_generate(password, PASSWORD_CHARS);
  t.password = password;
  if (!rc)
    rc = reset_one(r->s, a, &t);
  if (!rc && credentials_add(r->c, (unsigned long long)e->row_number, domain, e->customer_id, upn,
                             password)) {
    diag_error("customer %s: the password was reset but could not be saved to the credentials "
               "file: run --reset-lost-passwords again",
               e->customer_id);
    rc = CSP_E_NOT_FOUND;
  }
  explicit_bzero(password, sizeof(password));
  if (!rc)
    rc = forget_loss(r->j, e);
  return rc;
}

static int visit(const struct journal_entry *e, void *ctx)
{
  struct reset_run *r = ctx;
  if (!password_lost(e) || !e->customer_id || !e->domain)
    return 0;
  r->stats->found++;
  struct arena a;
  arena_init(&a, 0);
  const char *domain = pc_onmicrosoft_domain(&a, e->domain);
  int rc = domain ? recover(r, &a, e, domain) : CSP_E_NOMEM;
  if (rc == CSP_E_OK)
    diag_info("row %lld: the admin password of %s was reset and saved", e->row_number, domain);
  arena_release(&a); /* domain lives here */
  if (rc == CSP_E_OK) {
    r->stats->reset++;
    return 0;
  }
  r->stats->failed++;
  /* A customer of its own (not found, refused) does not stop the others. */
  return rc == CSP_E_NOT_FOUND ? 0 : rc;
}

int lost_passwords_reset(struct api_session *s, struct journal *j, struct credentials *c,
                         struct lost_password_stats *out)
{
  memset(out, 0, sizeof(*out));
  struct reset_run r = {s, j, c, out};
  struct journal_filter f = {JOURNAL_DONE, "create"};
  return journal_each(j, &f, visit, &r);
}
