/* One input row on its way through the pipeline: its original cells, its canonical values,
 * every validation finding, the decision taken about it and what happened when it was
 * executed. All strings live in the row's arena and die with it (the row pool reuses rows). */
#ifndef CSP_ROW_H
#define CSP_ROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/errors.h"
#include "input/fields.h"
#include "base/limits.h"

enum row_action { ACTION_AUTO, ACTION_CREATE, ACTION_INVITE };

struct violation {
  enum field_id field;
  enum violation_code code;
  bool warning;        /* severity: warning — reported, does not block the row */
  const char *message; /* human text naming the expected format; arena */
};

/* What execution learnt; every string is NULL until known. */
struct row_outcome {
  const char *customer_id;
  const char *tenant_id;
  const char *invite_url;
  const char *suggested_address;
  const char *api_code; /* Partner Center error code, when it refused */
  int http_status;      /* last HTTP status, 0 if none */
  int attempts;
  long long elapsed_ms;
  const char *request_id;
  const char *correlation_id;
  const char *finished_at; /* ISO 8601 UTC */
};

struct row {
  size_t number; /* 1-based data row number (blank rows are not numbered) */
  size_t line;   /* physical line where the row starts */
  struct arena arena;

  const char **cells; /* original cells in input order, for pass-through; arena */
  size_t ncells;
  /* The same cells as one line of CSV, exactly as the report writes them (comma-separated,
   * none needing quotes or a formula guard), or NULL when the source cannot vouch for that.
   * The report then copies the line instead of encoding each cell again. arena */
  const char *echo;
  size_t echo_len;
  /* No cell begins or ends with white space or a no-break space (text_edges.h), so normalize
   * has nothing to trim. Set by a source that looked; false means unknown. */
  bool cells_trimmed;
  /* Every cell is printable ASCII (no control byte, nothing above 0x7F), so the control
   * character check has nothing to find (rules/control_chars.h). Set by a source that looked
   * (the CSV reader's line scan); false means unknown. */
  bool cells_plain;

  /* Bit c set: cell c was stored as a number by a spreadsheet (XLSX), so text it had, such as
   * a leading zero, may be lost. Set by the source. */
  unsigned char numeric_cells[CSP_MAX_COLUMNS / 8];

  const char *value[FIELD_COUNT]; /* canonical values; never NULL after mapping ("" = empty) */
  /* Bit f set (row_numeric_field): value[f] came from a numeric cell. Set by mapping_apply; a
   * check that then fails on the value's characters says a leading zero may be lost. */
  unsigned char numeric_fields[(FIELD_COUNT + 7) / 8];
  enum row_reason input_problem; /* REASON_NONE, or why the bytes could not be read */
  const char *input_detail;      /* the input problem told for this row; arena, may be NULL */

  size_t nviolations;
  size_t dropped_violations; /* found past CSP_MAX_VIOLATIONS */

  /* dedup_hash of the row's identity (row_identity), computed where the row was validated so
   * the thread that classifies it need not; 0 when it has none or it was not computed. */
  uint64_t identity_hash;

  enum row_action action; /* resolved by normalize: never AUTO after it */
  enum row_status status;
  enum row_reason reason;
  const char *reason_text; /* human detail for the reason column; arena, may be NULL */
  size_t duplicate_of;     /* row number when reason is REASON_DUPLICATE */
  struct row_outcome outcome;

  /* Last, so that row_reset clears everything above and leaves these 2 KiB alone: only the
   * first nviolations are ever read. */
  struct violation violations[CSP_MAX_VIOLATIONS];
};

/* Sets up an empty row whose arena is capped at CSP_MAX_ROW_BYTES. */
void row_init(struct row *row);
/* Frees the arena. */
void row_release(struct row *row);
/* Empties the row for the next input row, keeping its arena's memory. */
void row_reset(struct row *row);

/* True when field f's value came from a cell stored as a number (numeric_fields). */
bool row_numeric_field(const struct row *row, enum field_id f);

/* The value of field f, "" when absent. Inline: validation asks for values many times a row. */
static inline const char *row_get(const struct row *row, enum field_id f)
{
  if (f <= FIELD_NONE || f >= FIELD_COUNT || !row->value[f])
    return "";
  return row->value[f];
}
/* Copies s into the arena as the value of f. Returns 0 or CSP_E_LIMIT. */
int row_set(struct row *row, enum field_id f, const char *s);

/* Records a finding. message is printf-formatted into the arena. A finding past the cap is
 * counted in dropped_violations instead. */
void row_add_violation(struct row *row, enum field_id f, enum violation_code code, bool warning,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* True when at least one finding is an error (not a warning). */
bool row_has_errors(const struct row *row);

/* Sets status and reason; the detail is text (static or in the row's arena), or NULL. The
 * per-row fast path: no formatting. */
void row_set_outcome(struct row *row, enum row_status status, enum row_reason reason,
                     const char *text);

/* Sets status, reason and an optional printf-formatted detail. */
void row_finish(struct row *row, enum row_status status, enum row_reason reason, const char *fmt,
                ...) __attribute__((format(printf, 4, 5)));

const char *row_action_name(enum row_action action);

#endif
