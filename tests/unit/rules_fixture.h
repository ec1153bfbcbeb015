/* Helpers shared by the rule engine's tests: load a fixture rule set from
 * tests/fixtures/rules/NAME, capture what diag logs, build a row from field/value pairs and
 * find a row's violation by field. Header-only, like check.h. */
#ifndef CSP_RULES_FIXTURE_H
#define CSP_RULES_FIXTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/diag.h"
#include "pipeline/row.h"
#include "rules/rules.h"
#include "rules/validate.h"

#define FIXTURES "tests/fixtures/rules/"

static char *fixture_log;
static size_t fixture_log_len;
static FILE *fixture_log_stream;

/* Sends diag's output to memory until fixture_log_end. */
static inline void fixture_log_begin(void)
{
  fixture_log_stream = open_memstream(&fixture_log, &fixture_log_len);
  diag_setup(DIAG_TEXT, DIAG_ERROR, fixture_log_stream);
}

/* What diag logged since fixture_log_begin; valid until fixture_log_end. */
static inline const char *fixture_log_text(void)
{
  fflush(fixture_log_stream);
  return fixture_log ? fixture_log : "";
}

static inline void fixture_log_end(void)
{
  diag_setup(DIAG_TEXT, DIAG_INFO, NULL);
  fclose(fixture_log_stream);
  free(fixture_log);
  fixture_log = NULL;
}

/* The rule set of tests/fixtures/rules/name (NULL, with the log on stderr, if it fails). */
static inline struct rules *fixture_rules(const char *name)
{
  char dir[256];
  snprintf(dir, sizeof(dir), FIXTURES "%s", name);
  struct rules *rules = NULL;
  if (rules_open(dir, false, &rules) != 0)
    fprintf(stderr, "  cannot load %s\n", dir);
  return rules;
}

/* Resets row to an action and field/value pairs ended by FIELD_NONE. */
static inline void fixture_row(struct row *row, enum row_action action, ...)
{
  row_reset(row);
  row->action = action;
  va_list ap;
  va_start(ap, action);
  for (int f; (f = va_arg(ap, int)) != FIELD_NONE;)
    (void)row_set(row, (enum field_id)f, va_arg(ap, const char *));
  va_end(ap);
}

/* The n-th violation (0-based) of field f, or NULL. */
static inline const struct violation *fixture_violation(const struct row *row, enum field_id f,
                                                        size_t n)
{
  for (size_t i = 0; i < row->nviolations; i++)
    if (row->violations[i].field == f && n-- == 0)
      return &row->violations[i];
  return NULL;
}

/* Validates a create row of country with field f = value (and a company and an email) with
 * the generated schemas/, loaded into *rules and *row on first use. False if they do not load
 * (the row is then left as it was). */
static inline bool fixture_schemas_row(struct rules **rules, struct row *row, const char *country,
                                       enum field_id f, const char *value)
{
  if (!*rules) {
    if (rules_open("schemas", false, rules) != 0)
      return false;
    row_init(row);
  }
  fixture_row(row, ACTION_CREATE, FIELD_COMPANY_NAME, "Contoso", FIELD_EMAIL, "a@contoso.com",
              FIELD_COUNTRY, country, f, value, FIELD_NONE);
  validate_row(*rules, row);
  return true;
}

#endif
