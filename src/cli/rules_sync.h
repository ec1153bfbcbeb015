/* `csponboard rules sync CC...` (SPEC §3): fetch Partner Center's country validation rules
 * (GET /v1/countryvalidationrules/{CC}) and write them as market files in the rule format of
 * docs/RULES.md, so a market nobody has written by hand can be validated, and a hand-written
 * one can be compared with what Partner Center enforces today. */
#ifndef CSP_RULES_SYNC_H
#define CSP_RULES_SYNC_H

#include <stddef.h>
#include <stdio.h>

#include "execute/api_session.h"
#include "partner_center/responses.h"
#include "rules/rules.h"

/* Writes r as a market file. name and trunk_prefix come from the shipped rules when the
 * market has some (the API has neither), else the code and "". fetched_on is a date. */
void rules_sync_write(FILE *out, const struct pc_country_rules *r, const char *name,
                      const char *trunk_prefix, const char *fetched_on);

/* Fetches each of the n market codes and writes out_dir/markets/CC.yaml (through a temporary
 * file and a rename). out_dir becomes a complete rule folder: common.yaml and regions.yaml
 * are copied from rules_dir when it has none. rules (the loaded rules_dir) supplies names.
 * Returns 0, CSP_E_USAGE (a code that is not two letters), CSP_E_NOT_FOUND (Partner Center
 * has no rules for a code), CSP_E_IO, or the session's errors. */
int rules_sync(struct api_session *s, const struct rules *rules, const char *rules_dir,
               const char *out_dir, const char *const *codes, size_t n);

#endif
