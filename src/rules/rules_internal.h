/* The compiled form of the rule files, shared by the files of src/rules/ and nothing else.
 *
 * A rule set holds common.yaml's rules and one struct market_rules per market file, each
 * with the effective rules of every canonical field (a market's entry replaces common's).
 * A field's rules are a list of struct rule; a rule carries its modifiers (when, severity,
 * message, normalize steps, case_insensitive) and a list of checks, one per check key
 * (required, pattern, enum, ...). A check is a row of the check table (checks.c) plus its
 * parameter. Everything lives in the rule set's arena, except the PCRE2 code objects, which
 * the rule set frees. */
#ifndef CSP_RULES_INTERNAL_H
#define CSP_RULES_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/errors.h"
#include "input/fields.h"
#include "base/limits.h"
#include "pipeline/row.h"
#include "rules/rules.h"
#include "base/yaml_tree.h"

/* A named predicate on a value: the formats (email, guid, ...) and the checksums (inn). */
struct named_check {
  const char *name;
  bool (*ok)(const char *s, size_t len);
  const char *description; /* "an email address": ends "VALUE does not match ..." */
};

/* field is (one of) values; compared ignoring ASCII case. */
struct condition {
  enum field_id field;
  const char **values;
  size_t nvalues;
};

struct conditions {
  struct condition *items;
  size_t n; /* 0: always true */
};

struct string_list {
  const char **values; /* as listed, for messages and rules show */
  const char **sorted; /* sorted (ASCII case folded when case_insensitive): rules show, dups */
  const char **slots;  /* open-addressing hash of the values (enum_table.c); NULL slot: free */
  size_t mask;         /* number of slots - 1 (a power of two, at least twice n) */
  size_t n;
};

/* What a shortcut (regex_shortcuts.c) says about an ASCII value without running the regex. */
enum shortcut_verdict { SHORTCUT_UNSURE, SHORTCUT_MATCH, SHORTCUT_NO_MATCH };

/* A plain C decision that agrees with one pattern wherever it is sure, for ASCII values. */
struct regex_shortcut {
  const char *source; /* the pattern exactly as a rule file writes it */
  enum shortcut_verdict (*decide)(const char *s, size_t len);
};

/* Regex options of every rule pattern: UTF-8 subjects; "$" only at the very end, so that
 * "10115\n" does not pass '^\d{5}$'. */
#define RULES_REGEX_OPTIONS (PCRE2_UTF | PCRE2_DOLLAR_ENDONLY)

struct regex {
  const char *source;
  pcre2_code *code; /* owned by the rule set's list of codes */
  bool jit;         /* JIT-compiled: ASCII subjects take pcre2_jit_match's fast path */
  const struct regex_shortcut *shortcut; /* NULL when the pattern has none */
};

/* The kinds of parameter a check key takes; the loader parses each kind once. */
enum param_type { PARAM_BOOL, PARAM_INT, PARAM_REGEX, PARAM_LIST, PARAM_NAME, PARAM_CONDITIONS };

union check_param {
  bool flag;
  long number;
  struct regex regex;
  struct string_list list;
  const struct named_check *named;
  struct conditions conditions;
};

struct check;
struct check_ctx;

/* One row of the check table: the YAML key, its parameter, its violation code and the
 * function that applies it. checks_empty: the check looks at an empty value, and only at one
 * (the "required" family: a value that is there passes it; every other check passes an empty
 * value), so validate_row runs each kind only where it can fail. lost_zero: the check judges
 * the value's characters, so when the value came from a numeric spreadsheet cell a failure
 * may be a leading zero that Excel dropped, and its message says so. */
struct check_kind {
  const char *key;
  enum param_type param;
  enum violation_code code;
  bool checks_empty;
  bool lost_zero;
  const struct named_check *names; /* PARAM_NAME: the allowed names, ended by {NULL} */
  void (*run)(struct check_ctx *ctx, const struct check *check);
};

struct check {
  const struct check_kind *kind;
  union check_param p;
};

/* The normalize steps, in the order they are listed. */
enum normalize_step {
  NORMALIZE_TRIM,
  NORMALIZE_UPPER,
  NORMALIZE_LOWER,
  NORMALIZE_DIGITS,
  NORMALIZE_ALNUM,
  NORMALIZE_PHONE,
  NORMALIZE_COUNTRY_PREFIX,
  NORMALIZE_COUNT
};

struct rule {
  const char *file; /* "DE.yaml", for rules show */
  unsigned line;
  bool warning;
  bool case_insensitive;
  const char *message; /* NULL: the check's own words */
  struct conditions when;
  unsigned char normalize[CSP_MAX_NORMALIZE_STEPS]; /* enum normalize_step */
  size_t nnormalize;
  struct check *checks;
  size_t nchecks;
  const char **alias_from, **alias_to; /* aliases: value -> what is sent, ASCII case ignored */
  size_t naliases;
};

struct field_rules {
  const struct rule *rules;
  size_t n;
  bool normalizes; /* some rule has normalize steps */
};

/* A rule's conditions (its `when`, or a required_if's own), decided at load for one market as
 * far as the market decides them: the conditions on action and country are evaluated for each
 * resolved action, with the market's code as the country. The verdict stands for a row whose
 * action is resolved and whose country is still that code; for any other row, and when some
 * condition names another field, the conditions are evaluated as written. */
struct decided_conditions {
  const struct conditions *conditions; /* NULL or none: always true */
  bool always;                         /* there are no conditions */
  bool on_other_fields;                /* some condition names neither action nor country */
  bool holds_for[3];                   /* indexed by enum row_action (CREATE, INVITE) */
};

/* One check as validate_row runs it for one market's field. */
struct planned_check {
  const struct rule *rule;
  const struct check *check;
  struct decided_conditions when;        /* the rule's when */
  struct decided_conditions required_if; /* a required_if's conditions (NULL for other kinds) */
};

/* What validate_row does with one field of one market, worked out once at load (plan.c):
 * every normalize step of the field in file order, and its checks split by whether the value
 * is empty (only the required family looks at an empty value, and only at one). */
struct field_plan {
  enum field_id field;
  unsigned char steps[CSP_MAX_RULES_PER_FIELD * CSP_MAX_NORMALIZE_STEPS]; /* normalize_step */
  size_t nsteps;
  const struct planned_check *if_empty, *if_set;
  size_t nif_empty, nif_set;
  const char **alias_from, **alias_to; /* every alias of the field's rules, in file order */
  size_t naliases;
};

/* fold_table.c: names compared as text_fold compares them (text_fold.h) -> a small number.
 * Each entry has a rank (a subdivision's code 0, its ISO id 1, a name 2): when two entries
 * fold alike, the lower rank wins, and at the same rank with different numbers the key is
 * ambiguous (it then finds FOLD_AMBIGUOUS). */
#define FOLD_NONE (-1)
#define FOLD_AMBIGUOUS (-2)
struct fold_table {
  const char **keys; /* folded; NULL: a free slot */
  int *values;
  unsigned char *ranks;
  size_t mask, n, cap;
};
struct load_ctx;
/* Room for at most max entries (in the rule set's arena). False when memory is out. */
bool fold_table_init(struct load_ctx *lc, struct fold_table *t, size_t max);
/* Adds name -> value at rank; false when memory is out or the table is full (a name that
 * folds to nothing, or is not valid UTF-8, is skipped and true returned). */
bool fold_table_add(struct load_ctx *lc, struct fold_table *t, const char *name, int value,
                    int rank);
/* The value of the name s[0..len) (folded here, on the stack), FOLD_NONE or FOLD_AMBIGUOUS. */
int fold_table_find(const struct fold_table *t, const char *s, size_t len);

/* One subdivision of a market (`subdivisions:`): what is sent, its ISO id, its names and the
 * prefixes of its postal codes (a regex compiled as ^(?:prefix)), each optional but code. */
struct subdivision {
  const char *code, *iso;
  const char **names; /* names[0], when there is one, is the name used in messages */
  size_t nnames;
  struct regex postal; /* postal.code NULL: none given */
};

/* `phone_region:` of a market whose calling code other regions share (phone_region.c): the
 * regex of its own numbers, compiled on first use (state LAZY_*, under the load lock). */
struct phone_region {
  const char *source, *path; /* path: the market file, for a compile error */
  unsigned line, column;
  _Atomic unsigned char state;
  struct regex re;
};

/* One value of `examples:` and what it must do under the market's rules (action create). */
struct example {
  enum field_id field;
  bool valid;
  const char *value;
  unsigned line, column;
};
struct market_rules {
  char code[3];
  const char *name;
  const char *file;
  const char **calling_codes; /* longest first */
  size_t ncalling_codes;
  const char *trunk_prefix;
  const char *default_culture;
  struct field_rules fields[FIELD_COUNT];
  const struct field_plan *plan; /* the fields that have rules, in field order (plan.c) */
  size_t nplan;
  const char **sources; /* sources: for rules show */
  size_t nsources;
  bool embargoed;              /* status: embargoed: every row rejected */
  const char *rejected_reason; /* with it, why */
  bool inferred[FIELD_COUNT];  /* inferred: fields whose data Partner Center has not confirmed */
  const struct subdivision *subdivisions;
  size_t nsubdivisions;
  struct fold_table subdivision_names; /* code, ISO id and every name -> index */
  bool postal_prefixes;                /* some subdivision has postal prefixes */
  const struct example *examples;
  size_t nexamples;
  struct phone_region *phone_region; /* NULL: the calling code is the market's alone */
};

/* countries.yaml (countries.c): every ISO 3166-1 country with its alpha-3 code, its calling
 * codes and its names, read on first need. */
struct country {
  char code[3];
  const char *alpha3;
  const char *name; /* the first name listed: used in messages */
  const char **calling_codes;
  size_t ncalling_codes;
};

struct calling_code_entry {
  const char *code; /* digits */
  size_t country;   /* index in countries.items */
};

struct countries {
  struct country *items;
  size_t n;
  struct fold_table names;            /* alpha-2, alpha-3 and every name -> index */
  struct calling_code_entry *calling; /* in file order */
  size_t ncalling;
};

/* States of a market (or of countries.yaml) in a lazily loaded rule set. */
enum { LAZY_UNLOADED, LAZY_LOADED, LAZY_FAILED };

struct region {
  char code[3];
  const char *group; /* NULL: listed under none */
};

struct rules {
  struct arena arena;
  struct market_rules common;   /* common.yaml alone: used when the country has no rules */
  struct market_rules *markets; /* sorted by code */
  size_t nmarkets;
  short market_index[26 * 26]; /* "AA".."ZZ" -> index in markets, -1 when none */
  struct region *regions;      /* sorted by code */
  size_t nregions;
  short region_index[26 * 26]; /* "AA".."ZZ" -> 1 + index in regions, 0 when not listed */
  pcre2_code **codes;          /* every compiled pattern, freed with the rule set */
  size_t ncodes, codes_cap;
  /* One match block for validate_row; threads that validate at once each bring their own
   * (validate_scratch). */
  pcre2_match_data *match;
  /* Lazy loading (rules.c): a market is read and planned on first use, under load_lock, and
   * published through market_state (release/acquire), so the two threads of a dry run may
   * both ask for it. countries.yaml likewise. */
  const char *dir;                     /* the schemas folder */
  _Atomic unsigned char *market_state; /* by index in markets: LAZY_* */
  atomic_size_t markets_loaded;
  pthread_mutex_t load_lock;
  _Atomic int countries_state;
  struct countries *countries;
  const char *home_market; /* partner.market: an invite row without a country is checked so */
};

/* What a check sees: the row, the field and its current value (after normalize and any
 * rewrite by an earlier check). */
struct check_ctx {
  struct row *row;
  enum field_id field;
  const char *value;
  size_t len;
  const struct rule *rule;
  const struct market_rules *market;
  pcre2_match_data *match;
  enum { VALUE_ASCII_UNKNOWN, VALUE_ASCII, VALUE_NOT_ASCII } ascii; /* found out when needed */
};

/* checks.c: the check table. */
const struct check_kind *check_kind_find(const char *key);
const struct check_kind *check_kind_at(size_t i); /* NULL past the end */
/* True when every condition holds for row (field values compared ignoring ASCII case;
 * "action" is the resolved action). */
bool conditions_hold(const struct conditions *c, const struct row *row);
/* True when value is one of the condition's values (ignoring ASCII case). */
bool condition_matches(const struct condition *c, const char *value);
/* The enum value that value is (ignoring ASCII case when folded), or NULL. */
const char *enum_find(const struct string_list *l, const char *value, size_t len, bool folded);
/* True when s[0..len) matches re (the pattern checks' own matching: shortcut, JIT for ASCII). */
bool regex_match_value(const struct regex *re, const char *s, size_t len, pcre2_match_data *match);
/* Number of UTF-8 code points in s[0..len). */
size_t utf8_length(const char *s, size_t len);

/* formats.c and checksum.c: the named predicates behind format: and checksum:, each table
 * ended by an entry whose name is NULL. */
extern const struct named_check rule_formats[];
extern const struct named_check rule_checksums[];
bool format_email(const char *s, size_t len);
bool format_guid(const char *s, size_t len);
bool format_domain(const char *s, size_t len);
bool format_domain_prefix(const char *s, size_t len);
bool format_public_domain(const char *s, size_t len);
/* public_suffix.c: s[0..len) ends in a public suffix (ICANN section of the Public Suffix List,
 * no "*" default rule) with at least one label before it, and is not itself one. */
bool public_suffix_registrable(const char *s, size_t len);
bool checksum_inn(const char *s, size_t len);

/* normalize.c: step names and the rewrite. s is rewritten in place (no step lengthens a
 * value); returns the new length. */
const char *normalize_step_name(enum normalize_step step);
int normalize_step_by_name(const char *name); /* -1 when unknown */
size_t normalize_apply(enum normalize_step step, char *s, size_t len,
                       const struct market_rules *market);
/* False when the step would leave s unchanged (a read-only scan: most values are clean, so
 * the validator copies a value only when some step has work to do). */
bool normalize_needed(enum normalize_step step, const char *s, size_t len,
                      const struct market_rules *market);

/* regex_shortcuts.c: the shortcut written for this pattern source, or NULL. */
const struct regex_shortcut *regex_shortcut_find(const char *source);
/* The table itself, ended by an entry whose source is NULL (for its tests). */
extern const struct regex_shortcut regex_shortcuts[];

/* plan.c: works out m->plan from m->fields in the rule set's arena; CSP_E_NOMEM when full. */
int plan_market(struct rules *rules, struct market_rules *m);
/* True when the decided conditions hold for row, validated in the market of that code. */
bool decided_hold(const struct decided_conditions *d, const struct row *row, const char *code);

/* phone.c: the national form of a phone number for market (in place; returns the length). */
size_t phone_normalize(char *s, size_t len, const struct market_rules *market);
/* False when phone_normalize would leave s as it is. */
bool phone_needed(const char *s, size_t len, const struct market_rules *market);

/* The loader's state while it reads one file. */
struct load_ctx {
  struct rules *rules;
  const char *path; /* for messages: "schemas/markets/DE.yaml" */
  const char *file; /* its base name, kept on each rule for rules show */
  int errors;       /* problems reported in this file */
};

/* rules_load.c: logs "path:line:column: what is wrong" and counts it. */
void load_problem(struct load_ctx *lc, const struct ynode *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reports keys that are not strings or appear twice; true when the mapping is clean. */
bool load_mapping_keys_ok(struct load_ctx *lc, const struct ynode *map);
/* Memory and string copies in the rule set's arena; NULL (reported, counted) when its cap
 * is reached or memory is out. */
void *load_alloc(struct load_ctx *lc, size_t size);
const char *load_strdup(struct load_ctx *lc, const char *s);

/* rule_parse.c: one rule mapping into *out (checks allocated in the rule set's arena).
 * Problems are reported through lc; returns CSP_E_RULES when there were any. */
int rule_parse(struct load_ctx *lc, const struct ynode *map, struct rule *out);
/* Compiles source (in the rule set's arena) into out, as a rule's pattern is; a regex that does
 * not compile is reported at `at` under the name key. */
bool regex_compile(struct load_ctx *lc, const struct ynode *at, const char *key, const char *source,
                   struct regex *out);

/* enum_table.c: fills l->slots from l->values in the rule set's arena (folded: the hash
 * ignores ASCII case). Returns false when memory is out. */
bool enum_table_build(struct load_ctx *lc, struct string_list *l, bool folded);

/* market_keys.c: the market-file keys that are not rules (sources, status, rejected_reason,
 * inferred, subdivisions, examples): parses key into m and returns true, or returns false when
 * key is none of them. market_keys_finish checks what depends on several keys. */
bool market_key_parse(struct load_ctx *lc, const struct ynode *key, const struct ynode *value,
                      struct market_rules *m);
void market_keys_finish(struct load_ctx *lc, const struct ynode *root, struct market_rules *m);

/* countries.c: countries.yaml, read on first need (NULL when the folder has none or it is
 * broken; its problems are logged once). */
const struct countries *rules_countries(const struct rules *rules);
/* rules check: reads countries.yaml now; returns the number of problems (an absent file is
 * only a warning). */
int countries_lint(struct rules *rules);
/* The index in c->items of the country named s[0..len) (alpha-2, alpha-3 or a name, compared
 * as text_fold does), FOLD_NONE or FOLD_AMBIGUOUS. c may be NULL. */
int countries_find(const struct countries *c, const char *s, size_t len);
/* The countries whose calling code is the longest prefix of digits[0..len): at most max
 * indexes into out, in file order; *code_len is that code's length (0: none). */
size_t countries_by_calling_code(const struct countries *c, const char *digits, size_t len,
                                 size_t *out, size_t max, size_t *code_len);

/* rules_load.c: reads market i on first use under the lock; returns its LAZY_* state. */
int rules_market_load(const struct rules *rules, size_t i);

/* validate.c: normalizes and checks row with market m's rules (m is the row's market, or
 * common's when it has none), then the cross-field checks; embargo not considered. */
void validate_market(const struct rules *rules, pcre2_match_data *match,
                     const struct market_rules *m, struct row *row);
/* row_country.c: the market of a row whose country is not a 2-letter code with a loadable
 * market file: a country name or alpha-3 code (rewritten to alpha-2, with a warning), the
 * partner's market for an invite without a country (with a warning). Returns NULL after
 * recording why there is none (country:missing or country:not_in_list). */
const struct market_rules *row_country_market(const struct rules *rules, struct row *row);
/* country_prefix.c: the length of a leading "CC-" (the market's ISO or vehicle code, then a
 * hyphen, before a digit) of a postal code s[0..len), 0 when there is none. */
size_t country_prefix_length(const char *s, size_t len, const struct market_rules *m);

/* phone_region.c: parses `phone_region:` into m (false, reported, when it is not a string);
 * compiles it on first use and returns its LAZY_* state (LAZY_FAILED: the market has none
 * or it does not compile, reported once); whether the national number matches it (1), not
 * (0), or -1 when the market has no usable region regex. */
bool phone_region_parse(struct load_ctx *lc, const struct ynode *n, struct market_rules *m);
int phone_region_load(const struct rules *rules, const struct market_rules *m);
int phone_region_match(const struct rules *rules, const struct market_rules *m,
                       const char *national, size_t len, pcre2_match_data *match);

/* crosschecks.c: the built-in checks across fields, after a known market's rules: a postal
 * code outside the row's state, a phone number of another country (warnings). */
void crosschecks_run(const struct rules *rules, pcre2_match_data *match,
                     const struct market_rules *m, struct row *row);

/* examples.c: runs every loaded market's examples through its rules; logs and counts those
 * that do not behave as declared. */
int examples_check(const struct rules *rules);

/* regions.c */
int regions_parse(struct load_ctx *lc, const struct ynode *root);
const struct region *rules_region(const struct rules *rules, const char *cc);

#endif
