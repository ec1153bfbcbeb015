/* Per-market field rules (SPEC §6), loaded once from schemas/ and compiled (PCRE2 patterns,
 * enum tables, checksums) before any row is read. Read-only after loading: the validator
 * and the classifier share one struct rules across the whole run. */
#ifndef CSP_RULES_H
#define CSP_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct rules;
struct market_rules;

/* Loads dir/regions.yaml, dir/markets/common.yaml and every dir/markets/CC.yaml, compiling
 * every pattern once (PCRE2, JIT when available). The rule set is read-only afterwards but
 * keeps one PCRE2 match block for validation: use it from one thread at a time.
 * On failure logs every problem as "file:line:column: what is wrong" and returns CSP_E_RULES;
 * with lint (rules check) it keeps going to report all files, else it stops at the first
 * broken file. *out is the caller's to rules_free. */
int rules_load(const char *dir, bool lint, struct rules **out);
void rules_free(struct rules *rules);

/* The rules of market cc (ISO alpha-2, upper case), or NULL when none ship. */
const struct market_rules *rules_market(const struct rules *rules, const char *cc);
/* Number of markets and the i-th market code, in alphabetical order. */
size_t rules_market_count(const struct rules *rules);
const char *rules_market_code(const struct rules *rules, size_t i);
/* The market's display name ("Germany"). */
const char *market_rules_name(const struct market_rules *m);
/* The market's default culture ("de-DE"), "" if none. */
const char *market_rules_default_culture(const struct market_rules *m);
/* The market's code ("DE"). */
const char *market_rules_code(const struct market_rules *m);
/* The market's country calling codes without "+" ("49"), longest first, and its national
 * trunk prefix ("0", "" if none), as its file gives them. */
size_t market_rules_calling_code_count(const struct market_rules *m);
const char *market_rules_calling_code(const struct market_rules *m, size_t i);
const char *market_rules_trunk_prefix(const struct market_rules *m);

/* The Partner Center market group of cc ("Europe"), or NULL when cc is in no group
 * (Russia and Belarus today) or unknown. */
const char *rules_market_group(const struct rules *rules, const char *cc);

/* `rules show CC`: writes the market's effective rules (common merged in) as readable text. */
void rules_describe(const struct rules *rules, const char *cc, FILE *out);

#endif
