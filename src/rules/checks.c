/* The check table: one row per rule key that checks a value (required, pattern, enum, ...),
 * each with its parameter type, its violation code and one check_* function. A check
 * appends a violation to the row when the value fails it, with a message that names the
 * field, the value and what was expected. Adding a rule kind is one row and one function
 * here (plus a test and a YAML example in docs/RULES.md); the loader and `rules show` work
 * from the row's parameter type. */
#include <stdarg.h>
#include <strings.h>

#include "rules/rules_internal.h"

size_t utf8_length(const char *s, size_t len)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

/* Bytes of the first CSP_MESSAGE_VALUE_CHARS code points of the value: messages quote at
 * most that much of a 64 KiB cell. */
static int shown_bytes(const struct check_ctx *ctx)
{
  size_t chars = 0, i = 0;
  for (; i < ctx->len; i++)
    if (((unsigned char)ctx->value[i] & 0xC0) != 0x80 && ++chars > CSP_MESSAGE_VALUE_CHARS)
      break;
  return (int)i;
}

#define VALUE_FMT "%.*s%s"
#define VALUE_ARGS(ctx) \
  shown_bytes(ctx), (ctx)->value, (size_t)shown_bytes(ctx) < (ctx)->len ? "…" : ""

/* SPEC §4: a value that a spreadsheet stored as a number has lost any leading zero (and a
 * phone its '+'); said only where the value then fails, e.g. 2108 for a Boston ZIP code. */
#define LOST_ZERO_HINT \
  "; stored by Excel as a number: a leading zero may be lost (format the column as Text)"

/* Appends the violation: the check's words, then "; expected MESSAGE" when the rule has a
 * message (pattern-like checks put the message in their words instead), then the lost-zero
 * hint when it may explain the failure. */
static void report(struct check_ctx *ctx, const struct check *check, bool with_message,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void report(struct check_ctx *ctx, const struct check *check, bool with_message,
                   const char *fmt, ...)
{
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof(text), fmt, ap);
  va_end(ap);
  const char *message = with_message ? ctx->rule->message : NULL;
  bool hint = check->kind->lost_zero && row_numeric_field(ctx->row, ctx->field);
  row_add_violation(ctx->row, ctx->field, check->kind->code, ctx->rule->warning, "%s %s%s%s%s",
                    field_name(ctx->field), text, message ? "; expected " : "",
                    message ? message : "", hint ? LOST_ZERO_HINT : "");
}

/* "FIELD VALUE does not match MESSAGE", the message defaulting to what the check knows. */
static void report_mismatch(struct check_ctx *ctx, const struct check *check,
                            const char *fallback_fmt, const char *fallback)
{
  if (ctx->rule->message)
    report(ctx, check, false, VALUE_FMT " does not match %s", VALUE_ARGS(ctx), ctx->rule->message);
  else
    report(ctx, check, false, VALUE_FMT " %s %s", VALUE_ARGS(ctx), fallback_fmt, fallback);
}

static const char *action_value(const struct row *row)
{
  return row->action == ACTION_AUTO ? row_get(row, FIELD_ACTION) : row_action_name(row->action);
}

static const char *condition_value(const struct row *row, enum field_id field)
{
  return field == FIELD_ACTION ? action_value(row) : row_get(row, field);
}

bool condition_matches(const struct condition *c, const char *value)
{
  for (size_t v = 0; v < c->nvalues; v++) {
    const char *want = c->values[v];
    /* First letters compared inline: most candidates differ there. */
    if ((value[0] | 0x20) == (want[0] | 0x20) && !strcasecmp(value, want))
      return true;
  }
  return false;
}

bool conditions_hold(const struct conditions *c, const struct row *row)
{
  for (size_t i = 0; i < c->n; i++)
    if (!condition_matches(&c->items[i], condition_value(row, c->items[i].field)))
      return false;
  return true;
}

static void check_required(struct check_ctx *ctx, const struct check *check)
{
  if (check->p.flag && ctx->len == 0)
    report(ctx, check, true, "is required");
}

static void check_required_if(struct check_ctx *ctx, const struct check *check)
{
  const struct conditions *c = &check->p.conditions;
  if (ctx->len > 0 || !conditions_hold(c, ctx->row))
    return;
  char because[512];
  size_t used = 0;
  for (size_t i = 0; i < c->n && used < sizeof(because); i++)
    used += (size_t)snprintf(because + used, sizeof(because) - used, "%s%s is %s", i ? " and " : "",
                             field_name(c->items[i].field),
                             condition_value(ctx->row, c->items[i].field));
  report(ctx, check, true, "is required when %s", because);
}

/* A forbidden value that is only a warning is reported and then dropped, so that it is not
 * sent: Partner Center refuses, for example, a registration number in a market that takes
 * none (error 600002). */
static void check_forbidden(struct check_ctx *ctx, const struct check *check)
{
  if (!check->p.flag)
    return;
  if (!ctx->rule->warning) {
    report(ctx, check, true, "must be empty, not " VALUE_FMT, VALUE_ARGS(ctx));
    return;
  }
  report(ctx, check, true, VALUE_FMT " is not used here and will not be sent", VALUE_ARGS(ctx));
  ctx->row->value[ctx->field] = "";
}

static void check_min_length(struct check_ctx *ctx, const struct check *check)
{
  size_t n = utf8_length(ctx->value, ctx->len);
  if (n < (size_t)check->p.number)
    report(ctx, check, true, "is too short (%zu character%s, at least %ld)", n, n == 1 ? "" : "s",
           check->p.number);
}

static void check_max_length(struct check_ctx *ctx, const struct check *check)
{
  /* A byte count at or under the limit is a code point count under it too. */
  if (ctx->len <= (size_t)check->p.number)
    return;
  size_t n = utf8_length(ctx->value, ctx->len);
  if (n > (size_t)check->p.number)
    report(ctx, check, true, "is too long (%zu characters, at most %ld)", n, check->p.number);
}

static bool value_ascii(struct check_ctx *ctx)
{
  if (ctx->ascii == VALUE_ASCII_UNKNOWN) {
    unsigned char any = 0;
    for (size_t i = 0; i < ctx->len; i++)
      any |= (unsigned char)ctx->value[i];
    ctx->ascii = any < 0x80 ? VALUE_ASCII : VALUE_NOT_ASCII;
  }
  return ctx->ascii == VALUE_ASCII;
}

/* A value that is not valid UTF-8 counts as not matching. An ASCII value is first offered to
 * the pattern's shortcut, if it has one. pcre2_jit_match skips the UTF-8 check, so it only
 * sees ASCII values (valid by construction); others take pcre2_match. */
static bool match_known(const struct regex *re, const char *s, size_t len, bool ascii,
                        pcre2_match_data *match)
{
  if (ascii && re->shortcut) {
    enum shortcut_verdict v = re->shortcut->decide(s, len);
    if (v != SHORTCUT_UNSURE)
      return v == SHORTCUT_MATCH;
  }
  if (re->jit && ascii)
    return pcre2_jit_match(re->code, (PCRE2_SPTR)s, len, 0, 0, match, NULL) >= 0;
  return pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, match, NULL) >= 0;
}

static bool matches(struct check_ctx *ctx, const struct regex *re)
{
  return match_known(re, ctx->value, ctx->len, value_ascii(ctx), ctx->match);
}

bool regex_match_value(const struct regex *re, const char *s, size_t len, pcre2_match_data *match)
{
  unsigned char any = 0;
  for (size_t i = 0; i < len; i++)
    any |= (unsigned char)s[i];
  return match_known(re, s, len, any < 0x80, match);
}

static void check_pattern(struct check_ctx *ctx, const struct check *check)
{
  if (!matches(ctx, &check->p.regex))
    report_mismatch(ctx, check, "does not match the pattern", check->p.regex.source);
}

static void check_not_pattern(struct check_ctx *ctx, const struct check *check)
{
  if (matches(ctx, &check->p.regex))
    report_mismatch(ctx, check, "matches the forbidden pattern", check->p.regex.source);
}

static void report_not_in_list(struct check_ctx *ctx, const struct check *check)
{
  const struct string_list *l = &check->p.list;
  char listed[512];
  size_t used = 0;
  for (size_t i = 0; i < l->n && i < CSP_MESSAGE_ENUM_VALUES && used < sizeof(listed); i++)
    used +=
        (size_t)snprintf(listed + used, sizeof(listed) - used, "%s%s", i ? ", " : "", l->values[i]);
  report(ctx, check, true, VALUE_FMT " is not one of %s%s", VALUE_ARGS(ctx), listed,
         l->n > CSP_MESSAGE_ENUM_VALUES ? ", …" : "");
}

/* With case_insensitive, a match in another case is rewritten to the listed spelling. */
static void check_enum(struct check_ctx *ctx, const struct check *check)
{
  bool folded = ctx->rule->case_insensitive;
  const char *hit = enum_find(&check->p.list, ctx->value, ctx->len, folded);
  if (!hit) {
    report_not_in_list(ctx, check);
    return;
  }
  if (folded && strcmp(hit, ctx->value) != 0 && row_set(ctx->row, ctx->field, hit) == 0)
    ctx->value = ctx->row->value[ctx->field]; /* same length: only the case differs */
}

/* "state Wash. is not one of AK, AL, ... (a code or a name of a subdivision of US)". */
static void report_not_a_subdivision(struct check_ctx *ctx, const struct check *check,
                                     bool ambiguous)
{
  const struct market_rules *m = ctx->market;
  char listed[512];
  size_t used = 0;
  for (size_t i = 0; i < m->nsubdivisions && i < CSP_MESSAGE_ENUM_VALUES && used < sizeof(listed);
       i++)
    used += (size_t)snprintf(listed + used, sizeof(listed) - used, "%s%s", i ? ", " : "",
                             m->subdivisions[i].code);
  if (ambiguous)
    report(ctx, check, true, VALUE_FMT " names more than one subdivision of %s: give its code",
           VALUE_ARGS(ctx), m->code);
  else
    report(
        ctx, check, true, VALUE_FMT " is not one of %s%s (a code or a name of a subdivision of %s)",
        VALUE_ARGS(ctx), listed, m->nsubdivisions > CSP_MESSAGE_ENUM_VALUES ? ", …" : "", m->code);
}

/* subdivision: the value is a code, ISO id or name of one of the market's subdivisions
 * (compared as text_fold does); it is rewritten to the code, which is what is sent, with a
 * warning when it differed other than by case. */
static void check_subdivision(struct check_ctx *ctx, const struct check *check)
{
  const struct market_rules *m = ctx->market;
  if (!check->p.flag || !m)
    return;
  int i = fold_table_find(&m->subdivision_names, ctx->value, ctx->len);
  if (i < 0) {
    report_not_a_subdivision(ctx, check, i == FOLD_AMBIGUOUS);
    return;
  }
  const struct subdivision *sd = &m->subdivisions[i];
  if (!strcmp(sd->code, ctx->value))
    return; /* the common case: the code itself */
  const char *name = sd->nnames ? sd->names[0] : sd->code;
  bool named = strlen(name) == ctx->len && !memcmp(name, ctx->value, ctx->len);
  if (strlen(sd->code) != ctx->len || strncasecmp(sd->code, ctx->value, ctx->len))
    row_add_violation(ctx->row, ctx->field, VIOLATION_CONVERTED, true,
                      "%s " VALUE_FMT " was sent as %s%s%s%s", field_name(ctx->field),
                      VALUE_ARGS(ctx), sd->code, named ? "" : " (", named ? "" : name,
                      named ? "" : ")");
  ctx->row->value[ctx->field] = sd->code; /* the rule set outlives the row */
  ctx->value = sd->code;
  ctx->len = strlen(sd->code);
  ctx->ascii = VALUE_ASCII_UNKNOWN;
}

static void check_named(struct check_ctx *ctx, const struct check *check)
{
  if (!check->p.named->ok(ctx->value, ctx->len))
    report_mismatch(ctx, check, "does not match", check->p.named->description);
}

static const struct check_kind kinds[] = {
    /* key, parameter, violation code, checks_empty, lost_zero, names, check */
    {"required", PARAM_BOOL, VIOLATION_MISSING, true, false, NULL, check_required},
    {"required_if", PARAM_CONDITIONS, VIOLATION_MISSING, true, false, NULL, check_required_if},
    {"forbidden", PARAM_BOOL, VIOLATION_FORBIDDEN, false, false, NULL, check_forbidden},
    {"min_length", PARAM_INT, VIOLATION_TOO_SHORT, false, true, NULL, check_min_length},
    {"max_length", PARAM_INT, VIOLATION_TOO_LONG, false, false, NULL, check_max_length},
    {"pattern", PARAM_REGEX, VIOLATION_PATTERN, false, true, NULL, check_pattern},
    {"not_pattern", PARAM_REGEX, VIOLATION_PATTERN, false, false, NULL, check_not_pattern},
    {"enum", PARAM_LIST, VIOLATION_NOT_IN_LIST, false, false, NULL, check_enum},
    {"format", PARAM_NAME, VIOLATION_FORMAT, false, true, rule_formats, check_named},
    {"checksum", PARAM_NAME, VIOLATION_CHECKSUM, false, true, rule_checksums, check_named},
    {"subdivision", PARAM_BOOL, VIOLATION_NOT_IN_LIST, false, false, NULL, check_subdivision},
};

const struct check_kind *check_kind_find(const char *key)
{
  for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
    if (!strcmp(kinds[i].key, key))
      return &kinds[i];
  return NULL;
}

const struct check_kind *check_kind_at(size_t i)
{
  return i < sizeof(kinds) / sizeof(kinds[0]) ? &kinds[i] : NULL;
}
