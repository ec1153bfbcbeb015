/* The market regexes of rules_data.c compiled once per sandbox with PCRE2 (Partner Center's
 * regexes are .NET-flavoured: \d must work), and matched from any thread. */
#ifndef CSP_SANDBOX_PATTERNS_H
#define CSP_SANDBOX_PATTERNS_H

#include <stdbool.h>

#include "sandbox/rules_data.h"

enum sb_pattern_kind { SB_PAT_POSTAL, SB_PAT_PHONE, SB_PAT_REGNUM, SB_PAT_KINDS };

struct sb_patterns {
  void **compiled; /* [market index * SB_PAT_KINDS + kind], NULL where the market has none */
};

/* Compiles every regex of sb_markets. Returns 0, or CSP_E_NOMEM / CSP_E_SANDBOX (a bad
 * built-in regex, logged). */
int sb_patterns_init(struct sb_patterns *pats);
void sb_patterns_release(struct sb_patterns *pats);
/* True when value matches the market's regex of that kind, or the market has none. */
bool sb_patterns_match(const struct sb_patterns *pats, const struct sb_market *market,
                       enum sb_pattern_kind kind, const char *value);

#endif
