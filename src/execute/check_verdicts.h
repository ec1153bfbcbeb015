/* The online checks' verdicts kept in the journal (issue: checks are remembered): a domain
 * check's taken/free and an address validation's verdict are recorded with their time as
 * soon as Partner Center answers, and reused while younger than the configured age, so a
 * restart, or a run after `validate --online`, never asks the same thing twice. With
 * --checks fresh every check is asked again (and recorded); with none, nothing is asked. */
#ifndef CSP_CHECK_VERDICTS_H
#define CSP_CHECK_VERDICTS_H

#include <stdbool.h>

#include "base/arena.h"
#include "classify/classify.h"
#include "cli/config.h"

struct journal;

struct check_policy {
  struct journal *journal; /* borrowed; NULL: nothing is remembered */
  enum check_mode mode;
  long long max_age_s;
};

/* The recorded verdict on the domain (prefix), if the mode reuses verdicts and it is younger
 * than max_age_s at now: sets facts->domain_taken and returns true. */
bool verdict_recall_domain(const struct check_policy *p, const char *domain, long long now,
                           struct classify_facts *facts);
/* Records Partner Center's answer on the domain. */
void verdict_keep_domain(const struct check_policy *p, const char *domain, bool taken,
                         long long now);
/* The recorded verdict on the address (subject: the address as sent), likewise: sets the
 * address facts (strings copied into a) and returns true. */
bool verdict_recall_address(const struct check_policy *p, const char *subject, long long now,
                            struct arena *a, struct classify_facts *facts);
/* Records the address facts (verified or not verified; a failed check is not a verdict). */
void verdict_keep_address(const struct check_policy *p, const char *subject,
                          const struct classify_facts *facts, long long now);

#endif
