/* The column map (SPEC §4): which input column feeds which canonical field, built once from
 * the header line (and a --map file), then applied to every row.
 *
 * Rules, in order:
 *   1. A report fed back as input (its header starts with the result columns of SPEC §9, see
 *      report_result_columns) has those columns ignored: the original columns after them carry
 *      the data, and they alone are passed through again (mapping_first_original_column).
 *   2. --map entries win: "Their header": field maps a column (headers compared like
 *      field_from_header: case, spaces, '_', '-', '/', '.' ignored); "Their header": ~ keeps
 *      a column unmapped.
 *   3. Every other column maps through field_from_header (names and aliases). When two columns
 *      map to one field, the first wins and a warning names both.
 *   4. Required columns: company_name always; domain or tenant_id (a file with neither can
 *      neither create nor invite anyone); country, unless the file has a tenant_id column: an
 *      invite-only list such as the Office 365 partner portal export carries no address, and
 *      an invitation needs none. Anything missing is fatal before any row, with a message
 *      naming the missing columns, the headers seen, and the closest header for each. */
#ifndef CSP_MAPPING_H
#define CSP_MAPPING_H

#include <stdbool.h>
#include <stddef.h>

#include "input/fields.h"
#include "input/report_columns.h"
#include "pipeline/row.h"

/* Marks a field without a column in mapping.column_of. */
#define MAPPING_NO_COLUMN ((size_t)-1)

struct mapping {
  size_t ncolumns;               /* header cells */
  enum field_id *field_of;       /* [ncolumns]: the field each column feeds, or FIELD_NONE */
  size_t column_of[FIELD_COUNT]; /* the column feeding each field, or MAPPING_NO_COLUMN */
  size_t first_original;         /* 0, or the number of report columns skipped */
};

/* Builds the map for header[0..n) (borrowed for the call only). map_file: a --map YAML file
 * or NULL. Returns 0; CSP_E_MISSING_COLUMNS (message logged as described above); CSP_E_CONFIG
 * or CSP_E_IO for a bad map file (message with file:line:column); CSP_E_NOMEM. Warnings
 * (duplicate columns, map entries that match no column) are logged. Call mapping_release in
 * every case. */
int mapping_init(const char *const *header, size_t n, const char *map_file, struct mapping *out);

/* Sets row->value[f] for every field: the row's cell in the mapped column, as read (values
 * are normalised by a later stage), or "" when the field has no column or the row is short.
 * The values point into the row's cells, in the row's arena. A field whose cell a spreadsheet
 * stored as a number (row->numeric_cells) is marked in row->numeric_fields, so that validation
 * can say a leading zero may have been lost if the value then fails its rule. */
void mapping_apply(const struct mapping *m, struct row *row);

/* The index of the first input column that belongs to the user: 0 for an ordinary file, the
 * number of result columns for a report fed back as input. The report passes through columns
 * from here on. */
size_t mapping_first_original_column(const struct mapping *m);

/* True when some column feeds field f. */
bool mapping_has(const struct mapping *m, enum field_id f);

/* Frees field_of. mapping_release on a zeroed struct does nothing. */
void mapping_release(struct mapping *m);

#endif
