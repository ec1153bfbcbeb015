/* Check verdicts in and out of the journal (check_verdicts.h). A journal that fails to record
 * a verdict only costs a repeated check later: it is logged, never fatal. */
#include "execute/check_verdicts.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "base/errors.h"
#include "journal/journal.h"
#include "base/limits.h"

/* The domain prefix in lower case: Partner Center's domains are case-insensitive. */
static void domain_subject(const char *domain, char *out, size_t cap)
{
  size_t n = 0;
  for (; domain[n] && n + 1 < cap; n++)
    out[n] = (char)tolower((unsigned char)domain[n]);
  out[n] = '\0';
}

/* The recorded verdict on subject when the mode reuses verdicts and it is young enough. */
static bool recall(const struct check_policy *p, enum journal_check_kind kind, const char *subject,
                   long long now, struct journal_check *out)
{
  if (!p->journal || p->mode != CHECKS_CACHED)
    return false;
  if (journal_check_get(p->journal, kind, subject, out))
    return false;
  if (now - out->checked_at <= p->max_age_s && out->checked_at <= now)
    return true;
  journal_check_release(out);
  return false;
}

static void keep(const struct check_policy *p, enum journal_check_kind kind, const char *subject,
                 const struct journal_check *check)
{
  if (p->journal && journal_check_put(p->journal, kind, subject, check))
    diag_warn("the journal could not record a check's verdict: a later run asks again");
}

bool verdict_recall_domain(const struct check_policy *p, const char *domain, long long now,
                           struct classify_facts *facts)
{
  char subject[CSP_IDENTITY_BYTES];
  struct journal_check c;
  domain_subject(domain, subject, sizeof(subject));
  if (!recall(p, JOURNAL_CHECK_DOMAIN, subject, now, &c))
    return false;
  facts->domain_taken = !strcmp(c.verdict, "taken");
  journal_check_release(&c);
  return true;
}

void verdict_keep_domain(const struct check_policy *p, const char *domain, bool taken,
                         long long now)
{
  char subject[CSP_IDENTITY_BYTES];
  domain_subject(domain, subject, sizeof(subject));
  struct journal_check c = {taken ? "taken" : "free", NULL, NULL, now};
  keep(p, JOURNAL_CHECK_DOMAIN, subject, &c);
}

bool verdict_recall_address(const struct check_policy *p, const char *subject, long long now,
                            struct arena *a, struct classify_facts *facts)
{
  struct journal_check c;
  if (!recall(p, JOURNAL_CHECK_ADDRESS, subject, now, &c))
    return false;
  bool verified = !strcmp(c.verdict, "verified");
  facts->address = verified ? ADDRESS_VERIFIED : ADDRESS_NOT_VERIFIED;
  facts->address_status = c.status ? arena_strdup(a, c.status) : NULL;
  facts->suggested_address = c.suggested ? arena_strdup(a, c.suggested) : NULL;
  journal_check_release(&c);
  return true;
}

void verdict_keep_address(const struct check_policy *p, const char *subject,
                          const struct classify_facts *facts, long long now)
{
  if (facts->address != ADDRESS_VERIFIED && facts->address != ADDRESS_NOT_VERIFIED)
    return;
  struct journal_check c = {facts->address == ADDRESS_VERIFIED ? "verified" : "not_verified",
                            (char *)facts->address_status, (char *)facts->suggested_address, now};
  keep(p, JOURNAL_CHECK_ADDRESS, subject, &c);
}
