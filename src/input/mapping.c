/* Builds and applies the column map (mapping.h): report-as-input detection, --map entries,
 * automatic header matching, the required-column check and its "did you mean" message, which
 * compares header keys with every canonical name and alias by edit distance. */
#include "input/mapping.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/errors.h"
#include "input/map_file.h"

#define KEY_CAP 128
#define MESSAGE_CAP 4096
#define MESSAGE_HEADERS 40 /* headers listed in the message; the rest are counted */

static bool same_key(const char *a, const char *b)
{
  char ka[KEY_CAP], kb[KEY_CAP];
  field_header_key(a, ka, sizeof(ka));
  field_header_key(b, kb, sizeof(kb));
  return !strcmp(ka, kb);
}

static size_t report_columns_at_start(const char *const *header, size_t n)
{
  if (n < REPORT_RESULT_NCOLUMNS)
    return 0;
  for (size_t i = 0; i < REPORT_RESULT_NCOLUMNS; i++)
    if (!same_key(header[i], report_result_columns[i]))
      return 0;
  return REPORT_RESULT_NCOLUMNS;
}

static void assign(struct mapping *m, size_t column, enum field_id f)
{
  m->field_of[column] = f;
  if (f != FIELD_NONE)
    m->column_of[f] = column;
}

/* Applies --map entries; returns a bitmap-like array of columns they decided (in decided). */
static void apply_map_file(struct mapping *m, const struct map_file *mf, const char *const *header,
                           bool *decided)
{
  for (size_t e = 0; e < mf->nentries; e++) {
    const struct map_entry *entry = &mf->entries[e];
    bool found = false;
    for (size_t c = m->first_original; c < m->ncolumns; c++) {
      if (decided[c] || !same_key(header[c], entry->header))
        continue;
      found = true;
      decided[c] = true;
      assign(m, c, entry->field);
      break;
    }
    if (!found)
      diag_warn("%s:%zu:%zu: the input has no column '%s'", mf->path, entry->line, entry->column,
                entry->header);
  }
}

static void map_by_header(struct mapping *m, const char *const *header, const bool *decided)
{
  for (size_t c = m->first_original; c < m->ncolumns; c++) {
    if (decided[c])
      continue;
    enum field_id f = field_from_header(header[c]);
    if (f == FIELD_NONE)
      continue;
    if (m->column_of[f] != MAPPING_NO_COLUMN) {
      diag_warn("columns %zu '%s' and %zu '%s' both mean %s; using column %zu", m->column_of[f] + 1,
                header[m->column_of[f]], c + 1, header[c], field_name(f), m->column_of[f] + 1);
      continue;
    }
    assign(m, c, f);
  }
}

/* Levenshtein distance between two short keys. */
static size_t edit_distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  size_t prev[KEY_CAP + 1], cur[KEY_CAP + 1];
  for (size_t j = 0; j <= lb; j++)
    prev[j] = j;
  for (size_t i = 1; i <= la; i++) {
    cur[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
      size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
    }
    memcpy(prev, cur, (lb + 1) * sizeof(size_t));
  }
  return prev[lb];
}

/* How far a header key is from a name key: the edit distance, or 1 when the header contains
 * the whole name ("companynamelegal" is close to "companyname"; "name" is not). */
static size_t closeness(const char *header_key, const char *name_key)
{
  if (strlen(name_key) >= 4 && strstr(header_key, name_key))
    return 1;
  return edit_distance(header_key, name_key);
}

/* Scores one header key against field f's own name and every alias of f. */
static size_t field_closeness(const char *header_key, enum field_id f)
{
  char own[KEY_CAP];
  field_header_key(field_name(f), own, sizeof(own));
  size_t best = closeness(header_key, own);
  enum field_id af;
  const char *akey;
  for (size_t i = 0; field_alias(i, &af, &akey); i++) {
    if (af != f)
      continue;
    size_t d = closeness(header_key, akey);
    best = d < best ? d : best;
  }
  return best;
}

/* The unmapped header closest to field f, when close enough to be a likely typo; else NULL. */
static const char *closest_header(const struct mapping *m, const char *const *header,
                                  enum field_id f, size_t *distance)
{
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  for (size_t c = m->first_original; c < m->ncolumns; c++) {
    char key[KEY_CAP];
    field_header_key(header[c], key, sizeof(key));
    if (m->field_of[c] != FIELD_NONE || !key[0])
      continue;
    size_t d = field_closeness(key, f);
    size_t allowed = strlen(key) / 3 > 2 ? strlen(key) / 3 : 2;
    if (d <= allowed && d < best_d) {
      best = header[c];
      best_d = d;
    }
  }
  *distance = best_d;
  return best;
}

struct message {
  char text[MESSAGE_CAP];
  size_t len;
};

static void say(struct message *msg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct message *msg, const char *fmt, ...)
{
  if (msg->len >= sizeof(msg->text) - 1)
    return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(msg->text + msg->len, sizeof(msg->text) - msg->len, fmt, ap);
  va_end(ap);
  if (n > 0)
    msg->len +=
        (size_t)n < sizeof(msg->text) - msg->len ? (size_t)n : sizeof(msg->text) - msg->len - 1;
}

/* Appends "name" or "name (did you mean 'X'?)" for a missing column. */
static void say_missing(struct message *msg, const struct mapping *m, const char *const *header,
                        const enum field_id *fields, size_t nfields)
{
  const char *hint = NULL;
  size_t hint_d = (size_t)-1;
  for (size_t i = 0; i < nfields; i++) {
    size_t d;
    const char *h = closest_header(m, header, fields[i], &d);
    if (h && d < hint_d) {
      hint = h;
      hint_d = d;
    }
    say(msg, "%s%s", i ? " or " : (msg->len ? ", " : ""), field_name(fields[i]));
  }
  if (hint)
    say(msg, " (did you mean '%.60s'?)", hint);
}

static void say_headers(struct message *msg, const struct mapping *m, const char *const *header)
{
  say(msg, ". The header has:");
  size_t shown = 0;
  for (size_t c = m->first_original; c < m->ncolumns && shown < MESSAGE_HEADERS; c++, shown++)
    say(msg, "%s '%.60s'", shown ? "," : "", header[c]);
  if (m->ncolumns - m->first_original > shown)
    say(msg, " and %zu more", m->ncolumns - m->first_original - shown);
  say(msg, ". Rename the columns, or map them with --map FILE.");
}

/* Checks the required columns of mapping.h rule 4; logs one message for all that are missing. */
static int check_required(const struct mapping *m, const char *const *header)
{
  struct message msg = {.len = 0};
  msg.text[0] = '\0';
  for (int f = 0; f < FIELD_COUNT; f++) {
    enum field_id id = (enum field_id)f;
    if (!field_column_required(id) || mapping_has(m, id))
      continue;
    if (id == FIELD_COUNTRY && mapping_has(m, FIELD_TENANT_ID))
      continue;
    say_missing(&msg, m, header, &id, 1);
  }
  if (!mapping_has(m, FIELD_DOMAIN) && !mapping_has(m, FIELD_TENANT_ID)) {
    static const enum field_id either[] = {FIELD_DOMAIN, FIELD_TENANT_ID};
    say_missing(&msg, m, header, either, 2);
  }
  if (!msg.len)
    return CSP_E_OK;
  char missing[MESSAGE_CAP];
  (void)snprintf(missing, sizeof(missing), "%s", msg.text);
  msg.len = 0;
  say(&msg, "required columns are missing: %s", missing);
  say_headers(&msg, m, header);
  diag_error("%s", msg.text);
  return CSP_E_MISSING_COLUMNS;
}

static int init_mapping(struct mapping *m, size_t n)
{
  memset(m, 0, sizeof(*m));
  for (int f = 0; f < FIELD_COUNT; f++)
    m->column_of[f] = MAPPING_NO_COLUMN;
  m->ncolumns = n;
  m->field_of = malloc((n ? n : 1) * sizeof(*m->field_of));
  if (!m->field_of)
    return CSP_E_NOMEM;
  for (size_t c = 0; c < n; c++)
    m->field_of[c] = FIELD_NONE;
  return CSP_E_OK;
}

int mapping_init(const char *const *header, size_t n, const char *map_file, struct mapping *out)
{
  int rc = init_mapping(out, n);
  struct map_file mf = {0};
  bool *decided = calloc(n ? n : 1, sizeof(*decided));
  if (rc || !decided) {
    rc = CSP_E_NOMEM;
    goto out;
  }
  out->first_original = report_columns_at_start(header, n);
  if (out->first_original)
    diag_info("the input is a report: its first %zu columns are results and are not read",
              out->first_original);
  if (map_file) {
    rc = map_file_load(map_file, &mf);
    if (rc)
      goto out;
    apply_map_file(out, &mf, header, decided);
  }
  map_by_header(out, header, decided);
  rc = check_required(out, header);
out:
  map_file_release(&mf);
  free(decided);
  return rc;
}

/* Cells past the header that hold something: the row's values are probably shifted (an
 * unquoted delimiter inside a value), and those cells would have no column in the report. */
static bool has_extra_cells(const struct mapping *m, const struct row *row)
{
  for (size_t c = m->ncolumns; c < row->ncells; c++)
    if (row->cells[c][0])
      return true;
  return false;
}

static bool numeric_cell(const struct row *row, size_t c)
{
  return c < row->ncells && c < CSP_MAX_COLUMNS && (row->numeric_cells[c / 8] & (1u << (c % 8)));
}

void mapping_apply(const struct mapping *m, struct row *row)
{
  if (row->input_problem == REASON_NONE && has_extra_cells(m, row))
    row->input_problem = REASON_EXTRA_CELLS;
  memset(row->numeric_fields, 0, sizeof(row->numeric_fields));
  for (int f = 0; f < FIELD_COUNT; f++) {
    size_t c = m->column_of[f];
    row->value[f] = c < row->ncells ? row->cells[c] : "";
    if (numeric_cell(row, c))
      row->numeric_fields[f / 8] |= (unsigned char)(1u << (f % 8));
  }
}

size_t mapping_first_original_column(const struct mapping *m)
{
  return m->first_original;
}

bool mapping_has(const struct mapping *m, enum field_id f)
{
  return f > FIELD_NONE && f < FIELD_COUNT && m->column_of[f] != MAPPING_NO_COLUMN;
}

void mapping_release(struct mapping *m)
{
  free(m->field_of);
  m->field_of = NULL;
}
