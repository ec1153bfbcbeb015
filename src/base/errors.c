/* Name and message lookups over the X-macro lists of errors.h. Nothing else in the code
 * spells these strings. */
#include "base/errors.h"

#include <stddef.h>

static const char *const error_names[] = {
#define X(id, name, msg) name,
    CSP_ERRORS(X)
#undef X
};
static const char *const error_messages[] = {
#define X(id, name, msg) msg,
    CSP_ERRORS(X)
#undef X
};
static const char *const status_names[] = {
#define X(id, name) name,
    ROW_STATUSES(X)
#undef X
};
static const char *const reason_names[] = {
#define X(id, name, msg) name,
    ROW_REASONS(X)
#undef X
};
static const char *const reason_messages[] = {
#define X(id, name, msg) msg,
    ROW_REASONS(X)
#undef X
};
static const char *const violation_names[] = {
#define X(id, name) name,
    VIOLATIONS(X)
#undef X
};

static const char *lookup(const char *const *table, size_t count, int index)
{
  if (index < 0 || (size_t)index >= count)
    return "unknown";
  return table[index];
}

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

const char *csp_error_name(int rc)
{
  return lookup(error_names, COUNT_OF(error_names), rc);
}

const char *csp_error_message(int rc)
{
  return lookup(error_messages, COUNT_OF(error_messages), rc);
}

const char *row_status_name(enum row_status status)
{
  return lookup(status_names, COUNT_OF(status_names), (int)status);
}

const char *row_reason_name(enum row_reason reason)
{
  return lookup(reason_names, COUNT_OF(reason_names), (int)reason);
}

const char *row_reason_message(enum row_reason reason)
{
  return lookup(reason_messages, COUNT_OF(reason_messages), (int)reason);
}

const char *violation_name(enum violation_code code)
{
  return lookup(violation_names, COUNT_OF(violation_names), (int)code);
}
