/* `csponboard rules sync CC...` (SPEC §3): fetch Partner Center's country validation rules
 * (GET /v1/countryvalidationrules/{CC}) and write them into the market's overlay
 * (schemas/overlay/CC.yaml) as its `partner_center:` block, in the rule format of
 * docs/RULES.md, so that regenerating the market files (scripts/gen-markets) keeps what
 * Partner Center enforces today. */
#ifndef CSP_RULES_SYNC_H
#define CSP_RULES_SYNC_H

#include <stddef.h>
#include <stdio.h>

#include "execute/api_session.h"
#include "partner_center/responses.h"

/* Writes r as an overlay's `partner_center:` block (top-level key, indented market-file keys
 * calling_codes, default_culture and fields, plus fetched: the date fetched_on). */
void rules_sync_write(FILE *out, const struct pc_country_rules *r, const char *fetched_on);

/* Fetches each of the n market codes and writes its block into out_dir/overlay/CC.yaml
 * (out_dir NULL: rules_dir itself), through a temporary file and a rename. The overlay's
 * other content is kept (taken from rules_dir/overlay/CC.yaml when out_dir has none yet);
 * an earlier block is replaced. Returns 0, CSP_E_USAGE (a code that is not two letters),
 * CSP_E_NOT_FOUND (Partner Center has no rules for a code), CSP_E_IO, or the session's
 * errors. */
int rules_sync(struct api_session *s, const char *rules_dir, const char *out_dir,
               const char *const *codes, size_t n);

#endif
