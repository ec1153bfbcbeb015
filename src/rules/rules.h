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

/* Loads dir/regions.yaml and dir/markets/common.yaml and lists the dir/markets/CC.yaml files;
 * a market file is read and compiled (PCRE2, JIT when available) on first use, by
 * rules_market, and dir/countries.yaml when a country must be found by name or calling code.
 * That first use is safe from several threads at once (a lock and release/acquire
 * publication); otherwise the rule set is read-only. validate_row uses its one PCRE2 match
 * block: threads that validate at once each bring their own (validate_scratch).
 * On failure logs every problem as "file:line:column: what is wrong" and returns CSP_E_RULES;
 * with lint (rules check) it reads every market file and countries.yaml at once, reports all
 * their problems and fails when a code of regions.yaml has no market file; without it it stops
 * at the first broken file it reads (a broken market file met later makes that market
 * unavailable: rules_market returns NULL, the problems are logged once). *out is the caller's
 * to rules_close. */
int rules_open(const char *dir, bool lint, struct rules **out);
void rules_close(struct rules *rules);

/* The rules of market cc (ISO alpha-2, upper case), read on first use; NULL when no file ships
 * or the file cannot be loaded. */
const struct market_rules *rules_market(const struct rules *rules, const char *cc);
/* True when dir/markets/cc.yaml exists (whether or not it loads). */
bool rules_market_has_file(const struct rules *rules, const char *cc);
/* How many market files have been read and compiled so far (lazy loading's counter). */
size_t rules_markets_loaded(const struct rules *rules);
/* Number of codes in regions.yaml and the i-th, in alphabetical order. */
size_t rules_region_count(const struct rules *rules);
const char *rules_region_code(const struct rules *rules, size_t i);
/* The partner's own market (config partner.market): an invite row without a country is
 * checked as a row of it, with a warning. Call before rows are validated. */
void rules_set_home_market(struct rules *rules, const char *cc);
/* For a market with status embargoed, why its rows are rejected; else NULL. */
const char *rules_market_rejected_reason(const struct rules *rules, const char *cc);
/* Number of market files and the i-th market code, in alphabetical order. */
size_t rules_market_count(const struct rules *rules);
const char *rules_market_code(const struct rules *rules, size_t i);
/* The market's display name ("Germany"). */
const char *market_rules_name(const struct market_rules *m);
/* The market's default culture ("de-DE"), "" if none. */
const char *market_rules_default_culture(const struct market_rules *m);
/* With status embargoed, why the market's rows are rejected; else NULL. */
const char *market_rules_rejected_reason(const struct market_rules *m);
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
