/* Mutation tests for the input side (SPEC §4 and the promise of SPEC §9): a valid customer
 * CSV over several markets is edited at random (bytes flipped, inserted and deleted; quotes,
 * delimiters, CR, LF and NUL bytes; byte order marks anywhere; invalid UTF-8; fields near and
 * past 64 KiB; rows of 255 to 258 columns; unterminated quotes; truncation; UTF-16) and read
 * through source -> mapping -> normalize -> validate -> classify -> the report's row format,
 * and, for a share of the cases, through a whole dry run of the pipeline. Whatever the bytes:
 * no crash or sanitizer report, reading ends, rows are numbered 1..N in order with
 * non-decreasing lines, every cell the report would write is valid UTF-8, and the dry run's
 * report holds exactly N rows, each with a status.
 *
 * The PRNG is seeded, so every run makes the same inputs; a failing case is saved as
 * /tmp/csp_fuzz_csv_fail_CASE.csv with its case number in the message. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "classify/classify.h"
#include "cli/config.h"
#include "report/csv_writer.h"
#include "base/diag.h"
#include "base/errors.h"
#include "fuzz_mutate.h"
#include "input/mapping.h"
#include "input/source.h"
#include "input/utf8.h"
#include "rules/normalize_row.h"
#include "cli/options.h"
#include "pipeline/pipeline.h"
#include "report/report.h"
#include "rules/rules.h"
#include "rules/validate.h"
#include "report/summary.h"

#define RANDOM_CASES 4000
#define PIPELINE_EVERY 6 /* every n-th random case also runs a dry run */
#define CELL_CASES 1500
#define MAX_EXPECTED_ROWS 16

static const char base_csv[] =
    "Action,Company Name,Domain,Tenant ID,First Name,Last Name,Email,Phone,Address Line 1,"
    "City,State,ZIP code,Country/Region,Culture,Language\n"
    "create,Contoso Pharmaceuticals Inc.,contosopharma,,Megan,Bowen,megan@contosopharma.com,"
    "(425) 555-0101,One Contoso Way,Redmond,WA,98052,US,en-US,en\n"
    ",\"The \"\"Fourth Coffee\"\" Company, LLC\",fourthcoffeeco,,Alex,Wilber,alex@fourth.us,"
    "+1 503 555 0177,\"815 SW Alder\nStreet\",Portland,OR,97205,US,en-US,en\n"
    "create,Lamna Healthcare GmbH,lamnahealth,,Jürgen,Müller,juergen@lamna-health.de,"
    "+49 30 1234567,Friedrichstraße 68,Berlin,,10117,DE,de-DE,de\n"
    "invite,Adatum Corporation,adatum.com,5e8a1c4d-3b7f-4a92-b6d0-7f1e2c3a9b58,Nestor,Wilke,"
    "nestor@adatum.com,469-555-0190,2000 Ross Avenue,Dallas,TX,75201,US,en-US,en\n"
    ",Alpine Ski House Ltd,alpineskihouse,,Emily,Braun,emily@alpineskihouse.co.uk,"
    "020 7946 0958,221B Baker Street,London,,NW1 6XE,GB,en-GB,en\n"
    "create,Société Générale Café,cafegenerale,,Élodie,Dupont,elodie@cafe.fr,01 42 68 53 00,"
    "12 rue de la Paix,Paris,,75002,FR,fr-FR,fr\n"
    ",株式会社テスト,testkk,,太郎,山田,taro@test.jp,03-1234-5678,千代田1-1,千代田区,東京都,"
    "100-0001,JP,ja-JP,ja\n"
    "create,Woodgrove Bank,woodgrovebank,,Ana,Lima,ana@woodgrove.com.br,+55 11 3456-7890,"
    "Av. Paulista 1000,São Paulo,SP,01310-100,BR,pt-BR,pt\n";

static struct rules *rules;
static FILE *devnull;
static volatile sig_atomic_t current_case;

/* A read that does not finish in time is a hang: say which case and stop. */
static void on_alarm(int sig)
{
  (void)sig;
  char msg[64];
  int n = snprintf(msg, sizeof(msg), "hang in fuzz case %d\n", (int)current_case);
  if (n > 0)
    (void)!write(2, msg, (size_t)n);
  _exit(3);
}

static void setup_once(void)
{
  if (rules)
    return;
  devnull = fopen("/dev/null", "w");
  diag_setup(DIAG_TEXT, DIAG_ERROR, devnull);
  if (rules_open("schemas", false, &rules) != 0)
    abort();
  signal(SIGALRM, on_alarm);
}

/* --- mutations --- */

static size_t line_start_at_or_after(const struct fuzz_buf *b, size_t pos)
{
  while (pos < b->len && pos > 0 && b->data[pos - 1] != '\n')
    pos++;
  return pos;
}

/* UTF-8 -> UTF-16 with a BOM; a byte that does not start a valid sequence becomes a lone
 * surrogate (so the UTF-16 is broken exactly where the UTF-8 was). */
static void to_utf16(struct fuzz_buf *b, bool big_endian)
{
  struct fuzz_buf out = {0};
  fuzz_insert(&out, 0, big_endian ? "\xFE\xFF" : "\xFF\xFE", 2);
  const unsigned char *s = (const unsigned char *)b->data;
  for (size_t i = 0; i < b->len;) {
    unsigned cp = 0xDC00 | s[i];
    size_t n = s[i] < 0x80                   ? 1
               : s[i] >= 0xC2 && s[i] < 0xE0 ? 2
               : s[i] >= 0xE0 && s[i] < 0xF0 ? 3
                                             : 0;
    if (n && i + n <= b->len && utf8_valid((const char *)s + i, n)) {
      cp = n == 1   ? s[i]
           : n == 2 ? (s[i] & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu)
                    : (s[i] & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
    } else {
      n = 1;
    }
    unsigned char unit[2] = {(unsigned char)(cp >> 8), (unsigned char)cp};
    if (!big_endian) {
      unit[0] = (unsigned char)cp;
      unit[1] = (unsigned char)(cp >> 8);
    }
    fuzz_insert(&out, out.len, unit, 2);
    i += n;
  }
  fuzz_set(b, out.data, out.len);
  fuzz_buf_free(&out);
}

/* A run of units making about `bytes` bytes, optionally quoted, at pos. */
static void insert_long_field(struct fuzz_rng *r, struct fuzz_buf *b, size_t pos)
{
  static const char *const units[] = {"x", "é", "€", "😀", " "};
  static const size_t sizes[] = {65533, 65535, 65536, 65537, 65540, 131072, 200000};
  const char *unit = FUZZ_PICK(r, units);
  size_t count = FUZZ_PICK(r, sizes) / strlen(unit);
  bool quoted = fuzz_below(r, 2);
  if (quoted)
    fuzz_insert(b, pos, "\"", 1);
  fuzz_insert_repeat(b, pos + quoted, unit, count);
  if (quoted && fuzz_below(r, 4))
    fuzz_insert(b, pos + 1 + count * strlen(unit), "\"", 1);
}

/* A line of 254..258 non-empty cells at a line start. */
static void insert_wide_row(struct fuzz_rng *r, struct fuzz_buf *b)
{
  size_t ncells = 254 + fuzz_below(r, 5);
  struct fuzz_buf line = {0};
  fuzz_insert(&line, 0, "create,Wide Co,wideco", 21);
  for (size_t i = 3; i < ncells; i++)
    fuzz_insert(&line, line.len, i == 12 ? ",US" : ",c", 2 + (i == 12));
  fuzz_insert(&line, line.len, "\n", 1);
  fuzz_insert(b, line_start_at_or_after(b, fuzz_below(r, b->len + 1)), line.data, line.len);
  fuzz_buf_free(&line);
}

static void mutate(struct fuzz_rng *r, struct fuzz_buf *b, bool *heavy)
{
  static const char *const delims[] = {",", ";", "\t", "|"};
  static const char *const breaks[] = {"\r", "\n", "\r\n", "\n\r", "\0"};
  static const char *const blanks[] = {"\n", " \n", ",,,,\n", ";;;;\n", "\r\n"};
  size_t pos = fuzz_below(r, b->len + 1);
  switch (fuzz_below(r, 17)) {
  case 0:
    fuzz_flip_bit(r, b);
    break;
  case 1:
    fuzz_insert_byte(r, b, pos);
    break;
  case 2:
    fuzz_delete(b, pos, 1 + fuzz_below(r, 8));
    break;
  case 3:
    fuzz_insert(b, pos, "\"", 1);
    break;
  case 4:
    fuzz_insert(b, pos, FUZZ_PICK(r, delims), 1);
    break;
  case 5: {
    const char *br = FUZZ_PICK(r, breaks);
    fuzz_insert(b, pos, br, *br ? strlen(br) : 1);
    break;
  }
  case 6: {
    size_t i = fuzz_below(r, 3);
    fuzz_insert(b, fuzz_below(r, 4) ? pos : 0, fuzz_boms[i].bytes, fuzz_boms[i].len);
    break;
  }
  case 7: {
    const char *bad = FUZZ_PICK(r, fuzz_bad_utf8);
    fuzz_insert(b, pos, bad, strlen(bad));
    break;
  }
  case 8:
    if (!*heavy)
      insert_long_field(r, b, pos);
    *heavy = true;
    break;
  case 9:
    insert_wide_row(r, b);
    break;
  case 10: /* an opening quote that nothing closes, at a cell start */
    pos = line_start_at_or_after(b, pos);
    fuzz_insert(b, pos, "\"unterminated, ", 15);
    break;
  case 11:
    fuzz_truncate(b, pos);
    break;
  case 12: { /* a slice of the file again somewhere else */
    size_t from = fuzz_below(r, b->len), n = fuzz_below(r, 200);
    if (from + n > b->len)
      n = b->len - from;
    char *copy = malloc(n + 1);
    memcpy(copy, b->data + from, n);
    fuzz_insert(b, pos, copy, n);
    free(copy);
    break;
  }
  case 13: /* every LF becomes CRLF or CR */
    for (size_t i = 0; i < b->len; i++) {
      if (b->data[i] != '\n')
        continue;
      if (fuzz_below(r, 2)) {
        b->data[i] = '\r';
      } else {
        fuzz_insert(b, i, "\r", 1);
        i++;
      }
    }
    break;
  case 14: {
    const char *blank = FUZZ_PICK(r, blanks);
    fuzz_insert(b, line_start_at_or_after(b, pos), blank, strlen(blank));
    break;
  }
  case 15: { /* the file written with another delimiter */
    char d = *FUZZ_PICK(r, delims);
    for (size_t i = 0; i < b->len; i++)
      if (b->data[i] == ',')
        b->data[i] = d;
    break;
  }
  default:
    if (!*heavy)
      to_utf16(b, fuzz_below(r, 2));
    *heavy = true;
    break;
  }
}

/* --- the invariants of one input read row by row --- */

struct read_result {
  int open_rc;
  bool mapped;
  size_t nheader;
  size_t nrows;
  size_t ncells[MAX_EXPECTED_ROWS];
  size_t line[MAX_EXPECTED_ROWS];
  enum row_reason problem[MAX_EXPECTED_ROWS];
};

/* The offset of the first byte that starts no valid UTF-8 character (or is NUL). */
static size_t first_bad_byte(const char *s, size_t len)
{
  size_t i = 0;
  while (i < len) {
    size_t n = 1;
    while (n < 4 && i + n < len && (s[i + n] & 0xC0) == 0x80)
      n++;
    if (!s[i] || !utf8_valid(s + i, n))
      break;
    i += n;
  }
  return i;
}

static bool report_text_ok(const char *text, size_t len)
{
  return utf8_valid(text, len) && memchr(text, '\0', len) == NULL;
}

/* What the report would write for row (classified as in a dry run) must be valid text. */
static void check_report_row(const struct mapping *map, size_t nheader, struct row *row, int c)
{
  mapping_apply(map, row);
  normalize_row(row);
  if (row->input_problem == REASON_NONE)
    validate_row(rules, row);
  struct classify_context cctx = {PARTNER_DIRECT, "Europe", true, false};
  struct classify_facts facts = {0};
  facts.country_group = rules_market_group(rules, row_get(row, FIELD_COUNTRY));
  (void)classify_row(&cctx, &facts, row);
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  static struct csv_writer w;
  csv_writer_init(&w, mem);
  report_format_row(&w, row, mapping_first_original_column(map), nheader);
  (void)csv_writer_flush(&w);
  fclose(mem);
  if (!report_text_ok(text, len)) {
    size_t bad = first_bad_byte(text, len), from = bad > 40 ? bad - 40 : 0;
    CHECK_FAIL_AT("case %d row %zu: the report line is not valid UTF-8 at byte %zu: \"%.*s\"", c,
                  row->number, bad, (int)(bad - from), text + from);
  }
  if (!*row_status_name(row->status))
    CHECK_FAIL_AT("case %d row %zu: no status", c, row->number);
  free(text);
}

static void check_header(const char *const *header, size_t n, int c)
{
  if (n > CSP_MAX_COLUMNS)
    CHECK_FAIL_AT("case %d: %zu header cells", c, n);
  for (size_t i = 0; i < n; i++)
    if (!utf8_valid(header[i], strlen(header[i])))
      CHECK_FAIL_AT("case %d: header cell %zu is not UTF-8", c, i);
}

static void check_row_cells(const struct row *row, int c)
{
  if (row->ncells > CSP_MAX_COLUMNS)
    CHECK_FAIL_AT("case %d row %zu: %zu cells", c, row->number, row->ncells);
  for (size_t i = 0; i < row->ncells; i++) {
    size_t len = strlen(row->cells[i]);
    if (!utf8_valid(row->cells[i], len))
      CHECK_FAIL_AT("case %d row %zu cell %zu: not UTF-8", c, row->number, i);
    if (len > CSP_MAX_FIELD_BYTES + 2 * CSP_MAX_FIELD_BYTES * (row->input_problem != 0))
      CHECK_FAIL_AT("case %d row %zu cell %zu: %zu bytes (%s)", c, row->number, i, len,
                    row_reason_name(row->input_problem));
  }
}

/* Reads path through every stage up to the report line, checking as it goes. */
static struct read_result read_checked(const char *path, size_t file_len, int c)
{
  struct read_result res = {0};
  struct source *src = NULL;
  alarm(30);
  res.open_rc = source_open(path, NULL, &src);
  if (res.open_rc != CSP_E_OK && res.open_rc != CSP_E_INPUT)
    CHECK_FAIL_AT("case %d: source_open returned %s", c, csp_error_name(res.open_rc));
  if (res.open_rc) {
    alarm(0);
    return res;
  }
  const char *const *header = source_header(src, &res.nheader);
  check_header(header, res.nheader, c);
  struct mapping map = {0};
  res.mapped = mapping_init(header, res.nheader, NULL, &map) == CSP_E_OK;
  struct row row;
  row_init(&row);
  bool eof = false;
  size_t last_line = 0;
  /* Every row holds a non-empty cell, so there are at most as many rows as bytes. */
  for (size_t cap = file_len + 2; !eof; cap--) {
    if (cap == 0) {
      CHECK_FAIL_AT("case %d: source_next does not reach the end", c);
      break;
    }
    int rc = source_next(src, &row, &eof);
    if (rc) {
      CHECK_FAIL_AT("case %d: source_next returned %s", c, csp_error_name(rc));
      break;
    }
    if (eof)
      break;
    /* Lines only grow. (Not always past the header's: a CR-only file whose header line is
     * longer than one read is sniffed as LF, and its rows all start on line 1.) */
    if (row.number != res.nrows + 1 || row.line < last_line || row.line < 1)
      CHECK_FAIL_AT("case %d: row %zu at line %zu after row %zu at line %zu", c, row.number,
                    row.line, res.nrows, last_line);
    last_line = row.line;
    if (res.nrows < MAX_EXPECTED_ROWS) {
      res.ncells[res.nrows] = row.ncells;
      res.line[res.nrows] = row.line;
      res.problem[res.nrows] = row.input_problem;
    }
    res.nrows++;
    check_row_cells(&row, c);
    if (res.mapped)
      check_report_row(&map, res.nheader, &row, c);
  }
  alarm(0);
  row_release(&row);
  mapping_release(&map);
  source_close(src);
  return res;
}

/* --- a whole dry run, and its report read back --- */

/* Runs the pipeline over input (dry run) and checks the report holds nrows rows in order,
 * each with a status. */
static void check_dry_run(const char *input, size_t nrows, int c)
{
  char report[96];
  (void)snprintf(report, sizeof(report), "%s.report.csv", input);
  struct options o = {0};
  o.input = input;
  o.report_path = report;
  o.quiet = true;
  o.progress = PROGRESS_OFF;
  struct config cfg;
  config_init(&cfg);
  struct pipeline_setup setup = {&o, &cfg, rules};
  struct pipeline *p = NULL;
  struct summary sum;
  summary_init(&sum, "validate", 0);
  alarm(60);
  int rc = pipeline_open(&setup, &p);
  if (!rc)
    rc = pipeline_run(p, &sum);
  pipeline_close(p);
  config_release(&cfg);
  alarm(0);
  if (rc) {
    CHECK_FAIL_AT("case %d: the dry run returned %s", c, csp_error_name(rc));
    return;
  }
  struct source *src = NULL;
  rc = source_open(report, NULL, &src);
  unlink(report);
  if (rc) {
    CHECK_FAIL_AT("case %d: the report cannot be read back (%s)", c, csp_error_name(rc));
    return;
  }
  struct row row;
  row_init(&row);
  bool eof = false;
  size_t n = 0;
  while (!eof && source_next(src, &row, &eof) == CSP_E_OK && !eof) {
    n++;
    char number[24];
    (void)snprintf(number, sizeof(number), "%zu", n);
    if (row.ncells < 4 || strcmp(row.cells[0], number) != 0 || !*row.cells[3])
      CHECK_FAIL_AT("case %d: report line %zu has no row number %zu or no status", c, row.line, n);
  }
  if (n != nrows)
    CHECK_FAIL_AT("case %d: %zu input rows but %zu report rows", c, nrows, n);
  row_release(&row);
  source_close(src);
}

static void save_failure(const char *tag, int c, const struct fuzz_buf *b)
{
  char path[96];
  (void)snprintf(path, sizeof(path), "/tmp/csp_fuzz_csv_fail_%s_%d.csv", tag, c);
  FILE *f = fopen(path, "wb");
  if (f) {
    fwrite(b->data, 1, b->len, f);
    fclose(f);
    fprintf(stderr, "  input saved as %s\n", path);
  }
}

TEST(random_mutations_of_a_valid_csv_never_crash_hang_or_lose_a_row)
{
  setup_once();
  struct fuzz_rng rng = {20240501};
  struct fuzz_buf b = {0};
  size_t opened = 0, mapped = 0, rows = 0, dry_runs = 0, bytes = 0;
  for (int c = 0; c < RANDOM_CASES; c++) {
    current_case = c;
    fuzz_set(&b, base_csv, sizeof(base_csv) - 1);
    bool heavy = false;
    for (size_t m = 1 + fuzz_below(&rng, 6); m > 0; m--)
      mutate(&rng, &b, &heavy);
    char path[64];
    fuzz_write_temp("csv", b.data, b.len, path, sizeof(path));
    int failed_before = check_case_failed;
    check_case_failed = 0;
    struct read_result res = read_checked(path, b.len, c);
    /* A dry run needs a mapped header, and a report a reader takes back (result columns plus
     * input columns within the column cap). */
    bool dry_run = res.mapped && c % PIPELINE_EVERY == 0 &&
                   res.nheader + REPORT_RESULT_NCOLUMNS <= CSP_MAX_COLUMNS;
    if (dry_run)
      check_dry_run(path, res.nrows, c);
    opened += res.open_rc == CSP_E_OK;
    mapped += res.mapped;
    rows += res.nrows;
    dry_runs += dry_run;
    bytes += b.len;
    unlink(path);
    if (check_case_failed)
      save_failure("random", c, &b);
    check_case_failed |= failed_before;
  }
  printf("%d inputs (%zu KiB): %zu opened, %zu mapped, %zu rows, %zu dry runs\n", RANDOM_CASES,
         bytes / 1024, opened, mapped, rows, dry_runs);
  fuzz_buf_free(&b);
}

/* --- edits inside one cell must not change the file's shape --- */

/* Where an edit stays inside one unquoted cell of a data row: after a byte that is not a
 * delimiter, quote or line break, and before one that is not either, nor inside a UTF-8
 * character. */
static size_t cell_positions(const char *s, size_t len, size_t *out, size_t cap)
{
  size_t n = 0;
  bool quoted = false, header = true;
  for (size_t i = 1; i < len; i++) {
    char prev = s[i - 1];
    quoted ^= prev == '"';
    if (prev == '\n' && !quoted)
      header = false;
    if (header || quoted || strchr(",\"\r\n", prev) || strchr(",\"\r\n", s[i]) ||
        (s[i] & 0xC0) == 0x80)
      continue;
    if (n < cap)
      out[n++] = i;
  }
  return n;
}

/* The length of the cell around pos (unquoted). */
static size_t cell_length(const char *s, size_t len, size_t pos)
{
  size_t a = pos, z = pos;
  while (a > 0 && !strchr(",\n", s[a - 1]))
    a--;
  while (z < len && !strchr(",\n", s[z]))
    z++;
  return z - a;
}

TEST(an_edit_inside_one_cell_keeps_every_row_and_flags_only_its_own)
{
  setup_once();
  char path[64];
  fuzz_write_temp("csv", base_csv, sizeof(base_csv) - 1, path, sizeof(path));
  struct read_result base = read_checked(path, sizeof(base_csv) - 1, -1);
  unlink(path);
  CHECK_INT_EQ(8, base.nrows);
  static size_t positions[2048];
  size_t npos = cell_positions(base_csv, sizeof(base_csv) - 1, positions, 2048);
  struct fuzz_rng rng = {77};
  struct fuzz_buf b = {0};
  for (int c = 0; c < CELL_CASES; c++) {
    current_case = c;
    fuzz_set(&b, base_csv, sizeof(base_csv) - 1);
    size_t pos = positions[fuzz_below(&rng, npos)];
    size_t line = 1, row_of_pos = 0; /* the 0-based data row holding pos */
    for (size_t i = 0; i < pos; i++)
      line += base_csv[i] == '\n';
    while (row_of_pos + 1 < base.nrows && base.line[row_of_pos + 1] <= line)
      row_of_pos++;
    enum row_reason want = REASON_NONE;
    switch (fuzz_below(&rng, 5)) {
    case 0: {
      const char *bad = FUZZ_PICK(&rng, fuzz_bad_utf8);
      fuzz_insert(&b, pos, bad, strlen(bad));
      want = REASON_BAD_ENCODING;
      break;
    }
    case 1: {
      size_t i = fuzz_below(&rng, 3);
      fuzz_insert(&b, pos, fuzz_boms[i].bytes, fuzz_boms[i].len);
      want = i == 0 ? REASON_NONE : REASON_BAD_ENCODING;
      break;
    }
    case 2: { /* the cell grows to exactly 64 KiB, or one byte past it */
      size_t cell = cell_length(base_csv, sizeof(base_csv) - 1, pos);
      bool over = fuzz_below(&rng, 2);
      fuzz_insert_repeat(&b, pos, "x", CSP_MAX_FIELD_BYTES + over - cell);
      want = over ? REASON_FIELD_TOO_LONG : REASON_NONE;
      break;
    }
    case 3: { /* text: tabs, semicolons, pipes, spaces, letters */
      static const char *const text[] = {"\t", ";", "|", " ", "'", "=", "ß", "\x7F"};
      for (size_t k = 1 + fuzz_below(&rng, 6); k > 0; k--) {
        const char *t = FUZZ_PICK(&rng, text);
        fuzz_insert(&b, pos, t, strlen(t));
      }
      break;
    }
    default: { /* 200 KiB of multi-byte text: cut on a character boundary */
      fuzz_insert_repeat(&b, pos, "€", 70000);
      want = REASON_FIELD_TOO_LONG;
      break;
    }
    }
    fuzz_write_temp("csv", b.data, b.len, path, sizeof(path));
    int failed_before = check_case_failed;
    check_case_failed = 0;
    struct read_result res = read_checked(path, b.len, c);
    if (res.nrows != base.nrows)
      CHECK_FAIL_AT("case %d: %zu rows instead of %zu", c, res.nrows, base.nrows);
    for (size_t r = 0; r < base.nrows && r < res.nrows; r++) {
      enum row_reason expect = r == row_of_pos ? want : REASON_NONE;
      if (res.ncells[r] != base.ncells[r] || res.line[r] != base.line[r] ||
          res.problem[r] != expect)
        CHECK_FAIL_AT("case %d row %zu: %zu cells at line %zu (%s), expected %zu at %zu (%s)", c,
                      r + 1, res.ncells[r], res.line[r], row_reason_name(res.problem[r]),
                      base.ncells[r], base.line[r], row_reason_name(expect));
    }
    if (c % (PIPELINE_EVERY * 4) == 0)
      check_dry_run(path, base.nrows, c);
    unlink(path);
    if (check_case_failed)
      save_failure("cell", c, &b);
    check_case_failed |= failed_before;
  }
  fuzz_buf_free(&b);
}

RUN_TESTS()
