/* struct row: reset between uses, canonical values, findings and the final decision. The
 * row owns nothing outside its arena, so the pool recycles a row with one arena_reset. */
#include "pipeline/row.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

void row_init(struct row *row)
{
  memset(row, 0, sizeof(*row));
  arena_init(&row->arena, CSP_MAX_ROW_BYTES);
  row_reset(row);
}

void row_release(struct row *row)
{
  arena_release(&row->arena);
}

void row_reset(struct row *row)
{
  struct arena keep = row->arena;
  arena_reset(&keep);
  memset(row, 0, offsetof(struct row, violations));
  row->arena = keep;
  for (size_t f = 0; f < FIELD_COUNT; f++)
    row->value[f] = "";
  row->action = ACTION_AUTO;
  row->status = ROW_PENDING;
  row->reason = REASON_NONE;
}

bool row_numeric_field(const struct row *row, enum field_id f)
{
  return f > FIELD_NONE && f < FIELD_COUNT && (row->numeric_fields[f / 8] & (1u << (f % 8)));
}

int row_set(struct row *row, enum field_id f, const char *s)
{
  if (f <= FIELD_NONE || f >= FIELD_COUNT)
    return CSP_E_USAGE;
  if (s == row->value[f])
    return CSP_E_OK;
  char *copy = arena_strdup(&row->arena, s);
  if (!copy)
    return CSP_E_LIMIT;
  row->value[f] = copy;
  return CSP_E_OK;
}

static const char *vformat(struct arena *a, const char *fmt, va_list ap)
{
  char small[512];
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(small, sizeof(small), fmt, ap);
  if (n < 0) {
    va_end(again);
    return "";
  }
  char *out;
  if ((size_t)n < sizeof(small)) {
    out = arena_strndup(a, small, (size_t)n);
  } else {
    out = arena_alloc(a, (size_t)n + 1);
    if (out)
      vsnprintf(out, (size_t)n + 1, fmt, again);
  }
  va_end(again);
  return out ? out : "";
}

void row_add_violation(struct row *row, enum field_id f, enum violation_code code, bool warning,
                       const char *fmt, ...)
{
  if (row->nviolations >= CSP_MAX_VIOLATIONS) {
    row->dropped_violations++;
    return;
  }
  struct violation *v = &row->violations[row->nviolations++];
  v->field = f;
  v->code = code;
  v->warning = warning;
  va_list ap;
  va_start(ap, fmt);
  v->message = vformat(&row->arena, fmt, ap);
  va_end(ap);
}

bool row_has_errors(const struct row *row)
{
  for (size_t i = 0; i < row->nviolations; i++)
    if (!row->violations[i].warning)
      return true;
  return false;
}

void row_set_outcome(struct row *row, enum row_status status, enum row_reason reason,
                     const char *text)
{
  row->status = status;
  row->reason = reason;
  row->reason_text = text && *text ? text : NULL;
}

void row_finish(struct row *row, enum row_status status, enum row_reason reason, const char *fmt,
                ...)
{
  row->status = status;
  row->reason = reason;
  va_list ap;
  va_start(ap, fmt);
  const char *text = vformat(&row->arena, fmt, ap);
  va_end(ap);
  row->reason_text = *text ? text : NULL;
}

const char *row_action_name(enum row_action action)
{
  switch (action) {
  case ACTION_CREATE:
    return "create";
  case ACTION_INVITE:
    return "invite";
  case ACTION_AUTO:
    break;
  }
  return "auto";
}
