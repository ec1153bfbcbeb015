/* The acceptance check behind `invites status` (invites_status.h): walks the journal's done
 * invites, looks each up in the customer index by the identity it was invited with and then by
 * its domain and tenant id (a row invited by domain is accepted when its tenant shows up under
 * that domain), writes the CSV line and records a first acceptance. Acceptance is read from the
 * list as it is now: a relationship removed later shows as "no" again, while the journal keeps
 * the first accepted_at. */
#include "invites/invites_status.h"

#include <string.h>

#include "base/diag.h"
#include "base/errors.h"
#include "report/csv_writer.h"

struct walk {
  struct journal *journal;
  const struct customer_index *customers;
  FILE *out;
  time_t now;
  struct invites_tally *tally;
};

/* The customer id for the entry: by identity, then "domain:D", then "tenant:T"; NULL if none. */
static const char *find_customer(const struct customer_index *ix, const struct journal_entry *e)
{
  char key[512];
  const char *id = customer_index_find(ix, e->identity);
  if (!id && e->domain && *e->domain) {
    snprintf(key, sizeof(key), "domain:%s", e->domain);
    id = customer_index_find(ix, key);
  }
  if (!id && e->tenant_id && *e->tenant_id) {
    snprintf(key, sizeof(key), "tenant:%s", e->tenant_id);
    id = customer_index_find(ix, key);
  }
  return id;
}

/* The tenant the row was invited as: its recorded tenant id, or the one in its identity. */
static const char *tenant_of(const struct journal_entry *e)
{
  if (e->tenant_id && *e->tenant_id)
    return e->tenant_id;
  return strncmp(e->identity, "tenant:", 7) == 0 ? e->identity + 7 : "";
}

static void iso8601(char *out, size_t cap, long long t)
{
  time_t s = (time_t)t;
  struct tm tm;
  if (!t || !gmtime_r(&s, &tm) || !strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm))
    out[0] = '\0';
}

static void write_line(FILE *out, const struct journal_entry *e, const char *customer_id)
{
  char invited_at[32];
  iso8601(invited_at, sizeof(invited_at), e->mail_sent_at ? e->mail_sent_at : e->updated_at);
  fprintf(out, "%lld,", e->row_number);
  const char *cells[] = {e->identity,
                         tenant_of(e),
                         e->domain ? e->domain : "",
                         invited_at,
                         customer_id ? "yes" : "no",
                         customer_id ? customer_id : ""};
  for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
    if (i)
      fputc(',', out);
    csv_write_cell(out, cells[i]);
  }
  fputc('\n', out);
}

static int check_one(const struct journal_entry *e, void *ctx)
{
  struct walk *w = ctx;
  const char *customer_id = find_customer(w->customers, e);
  w->tally->invited++;
  write_line(w->out, e, customer_id);
  if (!customer_id)
    return CSP_E_OK;
  w->tally->accepted++;
  if (!e->accepted_at)
    w->tally->newly_accepted++;
  return journal_mark_accepted(w->journal, e->identity, customer_id, w->now);
}

int invites_status_write(struct journal *j, const struct customer_index *customers, FILE *out,
                         time_t now, struct invites_tally *tally)
{
  memset(tally, 0, sizeof(*tally));
  struct walk w = {j, customers, out, now, tally};
  struct journal_filter invited = {JOURNAL_DONE, "invite"};
  fputs(INVITES_STATUS_HEADER "\n", out);
  int rc = journal_begin_batch(j);
  if (!rc)
    rc = journal_each(j, &invited, check_one, &w);
  int commit_rc = journal_commit_batch(j);
  if (!rc)
    rc = commit_rc;
  if (!rc && (fflush(out) || ferror(out))) {
    diag_error("invites status: the output could not be written");
    rc = CSP_E_IO;
  }
  return rc;
}
