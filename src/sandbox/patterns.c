/* PCRE2 behind the market rules: every regex of rules_data.c is compiled once when the
 * sandbox starts; matching allocates its own match data, so any handler thread may match. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "sandbox/patterns.h"

#include <pcre2.h>
#include <stdlib.h>

#include "base/diag.h"
#include "base/errors.h"

static const char *pattern_of(const struct sb_market *m, enum sb_pattern_kind kind)
{
  switch (kind) {
  case SB_PAT_POSTAL:
    return m->postal_regex;
  case SB_PAT_PHONE:
    return m->phone_regex;
  default:
    return m->regnum_regex;
  }
}

int sb_patterns_init(struct sb_patterns *pats)
{
  int rc = 0;
  pats->compiled = calloc(sb_market_count * SB_PAT_KINDS, sizeof(void *));
  if (!pats->compiled)
    return CSP_E_NOMEM;
  for (size_t i = 0; i < sb_market_count * SB_PAT_KINDS; i++) {
    const char *re =
        pattern_of(&sb_markets[i / SB_PAT_KINDS], (enum sb_pattern_kind)(i % SB_PAT_KINDS));
    if (!*re)
      continue;
    int err;
    PCRE2_SIZE at;
    pats->compiled[i] =
        pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &at, NULL);
    if (!pats->compiled[i]) {
      diag_error("sandbox: built-in regex %s does not compile at offset %zu", re, (size_t)at);
      rc = CSP_E_SANDBOX;
      goto out;
    }
  }
out:
  if (rc)
    sb_patterns_release(pats);
  return rc;
}

void sb_patterns_release(struct sb_patterns *pats)
{
  if (!pats->compiled)
    return;
  for (size_t i = 0; i < sb_market_count * SB_PAT_KINDS; i++)
    pcre2_code_free(pats->compiled[i]);
  free(pats->compiled);
  pats->compiled = NULL;
}

bool sb_patterns_match(const struct sb_patterns *pats, const struct sb_market *market,
                       enum sb_pattern_kind kind, const char *value)
{
  size_t index = (size_t)(market - sb_markets) * SB_PAT_KINDS + kind;
  pcre2_code *code = pats->compiled[index];
  if (!code)
    return true;
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
  if (!md)
    return false;
  int n = pcre2_match(code, (PCRE2_SPTR)value, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL);
  pcre2_match_data_free(md);
  return n >= 0;
}
