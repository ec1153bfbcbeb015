/* Tests for the XLSX reader (src/input/xlsx_*.c) through the public source API: each case
 * writes its workbook with xlsx_writer.h, then reads it as the pipeline would. Covers shared,
 * inline and rich strings, numbers, booleans, errors, dates, column gaps, blank rows, sheet
 * choice, which fields came from numeric cells, limits, streaming across chunks, and refused
 * files. */
#include "input/source.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "diag_capture.h"
#include "base/diag.h"
#include "base/errors.h"
#include "input/mapping.h"
#include "xlsx_writer.h"

#define MAX_ROWS 16
#define MAX_CELLS 8

static const char *temp_path(void)
{
  static char path[64];
  (void)snprintf(path, sizeof(path), "/tmp/csp_test_xlsx_XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0)
    abort();
  close(fd);
  return path;
}

static const char *book(const struct xlsx_book *b)
{
  const char *path = temp_path();
  xlsx_book_write(path, b);
  return path;
}

static const char *bytes_file(const void *bytes, size_t len)
{
  const char *path = temp_path();
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(bytes, 1, len, f) != len)
    abort();
  fclose(f);
  return path;
}

/* Every data row of an input, read into a fixed table for assertions. */
struct read_result {
  int rc;
  size_t nheader;
  char header[MAX_CELLS][64];
  size_t nrows;
  struct {
    size_t number, line, ncells;
    enum row_reason problem;
    char cells[MAX_CELLS][64];
    bool numeric[MAX_CELLS];
  } rows[MAX_ROWS];
};

static struct read_result read_all(const char *path, const char *sheet)
{
  static struct read_result r;
  memset(&r, 0, sizeof(r));
  struct source_options opts = {0, NULL, sheet};
  struct source *src = NULL;
  r.rc = source_open(path, &opts, &src);
  unlink(path);
  if (r.rc)
    return r;
  const char *const *h = source_header(src, &r.nheader);
  for (size_t i = 0; i < r.nheader && i < MAX_CELLS; i++)
    (void)snprintf(r.header[i], sizeof(r.header[i]), "%s", h[i]);
  struct row row;
  row_init(&row);
  bool eof = false;
  while (!eof && r.nrows < MAX_ROWS) {
    r.rc = source_next(src, &row, &eof);
    if (r.rc || eof)
      break;
    r.rows[r.nrows].number = row.number;
    r.rows[r.nrows].line = row.line;
    r.rows[r.nrows].ncells = row.ncells;
    r.rows[r.nrows].problem = row.input_problem;
    for (size_t i = 0; i < row.ncells && i < MAX_CELLS; i++) {
      (void)snprintf(r.rows[r.nrows].cells[i], 64, "%s", row.cells[i]);
      r.rows[r.nrows].numeric[i] = row.numeric_cells[i / 8] & (1u << (i % 8));
    }
    r.nrows++;
  }
  row_release(&row);
  source_close(src);
  return r;
}

#define HEADER_AB \
  "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c>" \
  "<c r=\"B1\" t=\"inlineStr\"><is><t>b</t></is></c></row>"

TEST(shared_strings_are_looked_up_by_index)
{
  struct xlsx_book b = {
      .shared_strings = "<si><t>Company</t></si><si><t>Country</t></si><si><t>Contoso</t></si>"
                        "<si><t xml:space=\"preserve\"> US </t></si>",
      .sheet_data = {"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v>"
                     "</c></row><row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\" t=\"s\">"
                     "<v>3</v></c></row>"}};
  struct read_result r = read_all(book(&b), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nheader);
  CHECK_STR_EQ("Company", r.header[0]);
  CHECK_STR_EQ("Country", r.header[1]);
  CHECK_INT_EQ(1, r.nrows);
  CHECK_STR_EQ("Contoso", r.rows[0].cells[0]);
  CHECK_STR_EQ(" US ", r.rows[0].cells[1]);
  CHECK_INT_EQ(1, r.rows[0].number);
  CHECK_INT_EQ(2, r.rows[0].line);
}

TEST(rich_text_runs_are_joined_and_phonetic_guides_left_out)
{
  struct xlsx_book b = {
      .shared_strings = "<si><t>name</t></si><si><r><rPr><b/></rPr><t>Con</t></r><r><t>toso</t>"
                        "</r><rPh sb=\"0\" eb=\"1\"><t>KANA</t></rPh></si>",
      .sheet_data = {"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                     "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"inlineStr\">"
                     "<is><r><t>Fab</t></r><r><rPr><i/></rPr><t>rikam</t></r></is></c></row>"}};
  struct read_result r = read_all(book(&b), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_STR_EQ("Contoso", r.rows[0].cells[0]);
  CHECK_STR_EQ("Fabrikam", r.rows[0].cells[1]);
}

TEST(inline_strings_entities_and_excel_escapes_are_decoded)
{
  struct xlsx_book b = {
      .sheet_data = {HEADER_AB "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>A &amp; B "
                               "&lt;GmbH&gt;</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>line1"
                               "_x000D_&#10;line2 M\xC3\xBCller</t></is></c></row>"}};
  struct read_result r = read_all(book(&b), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_STR_EQ("A & B <GmbH>", r.rows[0].cells[0]);
  CHECK_STR_EQ("line1\r\nline2 M\xC3\xBCller", r.rows[0].cells[1]);
}

TEST(numbers_booleans_errors_and_formula_results_read_as_excel_shows_them)
{
  struct xlsx_book b = {
      .sheet_data = {"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>h</t></is></c></row>"
                     "<row r=\"2\"><c r=\"A2\"><v>98052</v></c><c r=\"B2\" t=\"n\"><v>0.1</v></c>"
                     "<c r=\"C2\"><f>0.1+0.2</f><v>0.30000000000000004</v></c><c r=\"D2\">"
                     "<v>1E+20</v></c><c r=\"E2\" t=\"b\"><v>1</v></c><c r=\"F2\" t=\"b\"><v>0</v>"
                     "</c><c r=\"G2\" t=\"e\"><v>#N/A</v></c><c r=\"H2\" t=\"str\"><f>A1&amp;\"x\""
                     "</f><v>hx</v></c></row>"}};
  struct read_result r = read_all(book(&b), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(8, r.rows[0].ncells);
  CHECK_STR_EQ("98052", r.rows[0].cells[0]);
  CHECK_STR_EQ("0.1", r.rows[0].cells[1]);
  CHECK_STR_EQ("0.3", r.rows[0].cells[2]);
  CHECK_STR_EQ("1E+20", r.rows[0].cells[3]);
  CHECK_STR_EQ("TRUE", r.rows[0].cells[4]);
  CHECK_STR_EQ("FALSE", r.rows[0].cells[5]);
  CHECK_STR_EQ("#N/A", r.rows[0].cells[6]);
  CHECK_STR_EQ("hx", r.rows[0].cells[7]);
  CHECK(r.rows[0].numeric[0] && r.rows[0].numeric[1] && r.rows[0].numeric[3]);
  CHECK(!r.rows[0].numeric[4] && !r.rows[0].numeric[6] && !r.rows[0].numeric[7]);
}

TEST(dates_by_built_in_and_custom_format_become_iso_8601)
{
  struct xlsx_book b = {
      .num_fmts = "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
                  "<numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd hh:mm\"/>"
                  "<numFmt numFmtId=\"166\" formatCode=\"0.00&quot;d&quot;\"/>",
      .cell_xfs = "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
                  "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"20\"/>",
      .sheet_data = {
          "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>h</t></is></c></row>"
          "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>45322</v></c><c r=\"B2\" s=\"2\"><v>45322"
          "</v></c><c r=\"C2\" s=\"3\"><v>45322.395833333336</v></c><c r=\"D2\" s=\"4\">"
          "<v>45322</v></c><c r=\"E2\" s=\"5\"><v>0.5</v></c><c r=\"F2\" s=\"0\"><v>45322"
          "</v></c><c r=\"G2\" s=\"99\"><v>7</v></c><c r=\"H2\" t=\"d\"><v>2024-01-31"
          "</v></c></row>"}};
  struct read_result r = read_all(book(&b), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_STR_EQ("2024-01-31", r.rows[0].cells[0]);
  CHECK_STR_EQ("2024-01-31", r.rows[0].cells[1]);
  CHECK_STR_EQ("2024-01-31T09:30:00", r.rows[0].cells[2]);
  CHECK_STR_EQ("45322", r.rows[0].cells[3]); /* "d" is quoted text in 0.00"d" */
  CHECK_STR_EQ("12:00:00", r.rows[0].cells[4]);
  CHECK_STR_EQ("45322", r.rows[0].cells[5]);
  CHECK_STR_EQ("7", r.rows[0].cells[6]); /* an unknown style is a plain number */
  CHECK_STR_EQ("2024-01-31", r.rows[0].cells[7]);
  CHECK(!r.rows[0].numeric[0] && r.rows[0].numeric[3]);
}

TEST(a_number_formatted_00000_reads_with_its_zeros_as_excel_shows_it)
{
  struct xlsx_book b = {
      .num_fmts = "<numFmt numFmtId=\"164\" formatCode=\"00000\"/>",
      .cell_xfs = "<xf numFmtId=\"0\"/><xf numFmtId=\"164\"/>",
      .sheet_data = {HEADER_AB "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>2108</v></c><c r=\"B2\" "
                               "s=\"1\"><v>98052</v></c></row><row r=\"3\"><c r=\"A3\" "
                               "s=\"1\"><v>2.5</v></c></row>"}};
  struct read_result r = read_all(book(&b), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_STR_EQ("02108", r.rows[0].cells[0]);
  CHECK_STR_EQ("98052", r.rows[0].cells[1]);
  CHECK(!r.rows[0].numeric[0] && !r.rows[0].numeric[1]); /* nothing lost: no warning */
  CHECK_STR_EQ("2.5", r.rows[1].cells[0]);
  CHECK(r.rows[1].numeric[0]);
}

TEST(the_1904_date_system_is_taken_from_the_workbook)
{
  struct xlsx_book b = {
      .date1904 = true,
      .cell_xfs = "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>",
      .sheet_data = {"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>h</t></is></c></row>"
                     "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>43860</v></c></row>"}};
  struct read_result r = read_all(book(&b), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_STR_EQ("2024-01-31", r.rows[0].cells[0]);
}

TEST(cells_are_placed_by_reference_and_gaps_become_empty_cells)
{
  struct xlsx_book b = {
      .sheet_data = {HEADER_AB "<row r=\"2\"><c r=\"B2\"><v>2</v></c><c r=\"D2\"><v>4</v></c>"
                               "</row><row r=\"3\"><c><v>1</v></c><c><v>2</v></c><c r=\"E3\" "
                               "s=\"3\"/></row>"}};
  struct read_result r = read_all(book(&b), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_INT_EQ(4, r.rows[0].ncells);
  CHECK_STR_EQ("", r.rows[0].cells[0]);
  CHECK_STR_EQ("2", r.rows[0].cells[1]);
  CHECK_STR_EQ("", r.rows[0].cells[2]);
  CHECK_STR_EQ("4", r.rows[0].cells[3]);
  CHECK_INT_EQ(2, r.rows[1].ncells); /* cells without r follow on; a styled empty cell is nothing */
  CHECK_STR_EQ("1", r.rows[1].cells[0]);
  CHECK_STR_EQ("2", r.rows[1].cells[1]);
}

TEST(blank_rows_are_skipped_and_not_numbered_and_lines_are_sheet_rows)
{
  struct xlsx_book b = {
      .sheet_data = {"<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>name</t></is></c></row>"
                     "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
                     "<row r=\"5\" ht=\"20\" customHeight=\"1\"/>"
                     "<row r=\"6\"><c r=\"A6\" s=\"1\"/><c r=\"B6\" t=\"inlineStr\"><is><t></t>"
                     "</is></c></row>"
                     "<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>y</t></is></c></row>"}};
  struct read_result r = read_all(book(&b), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_STR_EQ("name", r.header[0]);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_INT_EQ(1, r.rows[0].number);
  CHECK_INT_EQ(4, r.rows[0].line);
  CHECK_INT_EQ(2, r.rows[1].number);
  CHECK_INT_EQ(9, r.rows[1].line);
  CHECK_STR_EQ("y", r.rows[1].cells[0]);
}

static const struct xlsx_book three_sheets = {
    .sheet_names = {"Notes", "Customers", "Lists"},
    .sheet_hidden = {true, false, false},
    .sheet_data = {"<row><c t=\"inlineStr\"><is><t>notes</t></is></c></row>",
                   "<row><c t=\"inlineStr\"><is><t>customers</t></is></c></row>",
                   "<row><c t=\"inlineStr\"><is><t>lists</t></is></c></row>"}};

TEST(the_first_visible_sheet_is_read_by_default)
{
  struct read_result r = read_all(book(&three_sheets), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_STR_EQ("customers", r.header[0]);
}

TEST(sheet_names_a_sheet_exactly_or_ignoring_case)
{
  struct read_result r = read_all(book(&three_sheets), "Lists");
  CHECK_INT_EQ(0, r.rc);
  CHECK_STR_EQ("lists", r.header[0]);
  r = read_all(book(&three_sheets), "notes");
  CHECK_INT_EQ(0, r.rc);
  CHECK_STR_EQ("notes", r.header[0]);
}

TEST(a_missing_sheet_is_refused_with_the_list_of_sheets)
{
  FILE *f = capture();
  struct read_result r = read_all(book(&three_sheets), "Customer");
  release_capture(f);
  CHECK_INT_EQ(CSP_E_INPUT, r.rc);
  CHECK_CONTAINS(captured, "no sheet named 'Customer'");
  CHECK_CONTAINS(captured, "'Notes' (hidden), 'Customers', 'Lists'");
}

TEST(an_empty_sheet_has_no_header_and_is_refused)
{
  struct xlsx_book b = {.sheet_data = {"<row r=\"1\"><c r=\"A1\" s=\"2\"/></row>"}};
  FILE *f = capture();
  struct read_result r = read_all(book(&b), NULL);
  release_capture(f);
  CHECK_INT_EQ(CSP_E_INPUT, r.rc);
  CHECK_CONTAINS(captured, "sheet 'Sheet1' is empty (no header row)");
}

TEST(a_column_past_the_limit_and_a_long_cell_make_the_row_invalid)
{
  size_t big = CSP_MAX_FIELD_BYTES + 10;
  char *long_text = malloc(big + 1);
  memset(long_text, 'x', big);
  long_text[big] = '\0';
  char *data = xlsx_format(HEADER_AB "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"IW2\"><v>2</v>"
                                     "</c></row><row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>%s"
                                     "</t></is></c><c r=\"B3\"><v>3</v></c></row><row r=\"4\">"
                                     "<c r=\"A4\"><v>4</v></c><c r=\"XFD4\" s=\"1\"/></row>",
                           long_text);
  struct xlsx_book b = {.sheet_data = {data}};
  struct read_result r = read_all(book(&b), NULL);
  free(data);
  free(long_text);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(3, r.nrows);
  CHECK_INT_EQ(REASON_TOO_MANY_COLUMNS, r.rows[0].problem); /* IW is column 257 */
  CHECK_STR_EQ("1", r.rows[0].cells[0]);
  CHECK_INT_EQ(REASON_FIELD_TOO_LONG, r.rows[1].problem);
  CHECK_STR_EQ("3", r.rows[1].cells[1]);
  CHECK_INT_EQ(REASON_NONE, r.rows[2].problem); /* an empty styled cell far right is fine */
}

TEST(a_long_shared_string_makes_its_row_invalid)
{
  size_t big = CSP_MAX_FIELD_BYTES + 1000;
  char *long_text = malloc(big + 1);
  memset(long_text, 'y', big);
  long_text[big] = '\0';
  char *strings = xlsx_format("<si><t>h</t></si><si><t>%s</t></si>", long_text);
  struct xlsx_book b = {.shared_strings = strings,
                        .sheet_data = {"<row><c t=\"s\"><v>0</v></c></row><row><c t=\"s\"><v>1"
                                       "</v></c></row><row><c t=\"s\"><v>0</v></c></row>"}};
  struct read_result r = read_all(book(&b), NULL);
  free(strings);
  free(long_text);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_INT_EQ(REASON_FIELD_TOO_LONG, r.rows[0].problem);
  CHECK_INT_EQ(REASON_NONE, r.rows[1].problem);
  CHECK_STR_EQ("h", r.rows[1].cells[0]);
}

TEST(a_sheet_of_many_rows_streams_across_chunks_in_order)
{
  enum { N = 20000 };
  char *data = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&data, &len);
  fputs(HEADER_AB, out);
  for (int i = 0; i < N; i++)
    fprintf(out,
            "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c><c r=\"B%d\" t=\"inlineStr\"><is><t>row "
            "%d</t></is></c></row>",
            i + 2, i + 2, i, i + 2, i);
  fclose(out);
  struct xlsx_book b = {.sheet_data = {data}};
  const char *path = book(&b);
  free(data);
  struct source *src = NULL;
  CHECK_INT_EQ(0, source_open(path, NULL, &src));
  unlink(path);
  struct row row;
  row_init(&row);
  bool eof = false;
  size_t n = 0, wrong = 0;
  while (src && source_next(src, &row, &eof) == 0 && !eof) {
    char want[32];
    (void)snprintf(want, sizeof(want), "row %zu", n);
    wrong += row.number != n + 1 || row.line != n + 2 || strcmp(row.cells[1], want);
    n++;
  }
  long long done = 0, total = 0;
  if (src)
    source_progress(src, &done, &total);
  CHECK_INT_EQ(N, n);
  CHECK_INT_EQ(0, wrong);
  CHECK(total > 0 && done == total);
  row_release(&row);
  source_close(src);
}

TEST(numeric_cells_mark_their_fields_after_mapping_without_a_warning)
{
  struct xlsx_book b = {
      .sheet_data = {"<row><c t=\"inlineStr\"><is><t>Company</t></is></c><c t=\"inlineStr\"><is>"
                     "<t>Domain</t></is></c><c t=\"inlineStr\"><is><t>Country</t></is></c><c "
                     "t=\"inlineStr\"><is><t>Zip</t></is></c><c t=\"inlineStr\"><is><t>Phone</t>"
                     "</is></c><c t=\"inlineStr\"><is><t>Employees</t></is></c></row>"
                     "<row><c t=\"inlineStr\"><is><t>Contoso</t></is></c><c t=\"inlineStr\"><is>"
                     "<t>contoso</t></is></c><c t=\"inlineStr\"><is><t>US</t></is></c><c><v>2108"
                     "</v></c><c><v>4255550100</v></c><c><v>12</v></c></row>"
                     "<row><c t=\"inlineStr\"><is><t>Fabrikam</t></is></c><c t=\"inlineStr\"><is>"
                     "<t>fabrikam</t></is></c><c t=\"inlineStr\"><is><t>US</t></is></c><c "
                     "t=\"inlineStr\"><is><t>02108</t></is></c></row>"}};
  const char *path = book(&b);
  struct source *src = NULL;
  CHECK_INT_EQ(0, source_open(path, NULL, &src));
  unlink(path);
  size_t n;
  const char *const *header = source_header(src, &n);
  struct mapping m;
  CHECK_INT_EQ(0, mapping_init(header, n, NULL, &m));
  struct row row;
  row_init(&row);
  bool eof = false;
  CHECK_INT_EQ(0, source_next(src, &row, &eof));
  mapping_apply(&m, &row);
  CHECK_INT_EQ(0, row.nviolations); /* validation says it, if the value then fails its rule */
  CHECK(row_numeric_field(&row, FIELD_POSTAL_CODE));
  CHECK(row_numeric_field(&row, FIELD_PHONE));
  CHECK(!row_numeric_field(&row, FIELD_COUNTRY));
  CHECK_STR_EQ("2108", row_get(&row, FIELD_POSTAL_CODE));
  CHECK_INT_EQ(0, source_next(src, &row, &eof));
  mapping_apply(&m, &row);
  CHECK_INT_EQ(0, row.nviolations);
  CHECK(!row_numeric_field(&row, FIELD_POSTAL_CODE)); /* a text cell */
  CHECK_STR_EQ("02108", row_get(&row, FIELD_POSTAL_CODE));
  mapping_release(&m);
  row_release(&row);
  source_close(src);
}

TEST(damaged_sheet_xml_is_refused_before_any_row_with_where_it_breaks)
{
  struct xlsx_book b = {.sheet_data = {HEADER_AB "<row r=\"2\"><c r=\"A2\"><v>1</v></c></row>"
                                                 "<row r=\"3\"><c r=\"A3\"><v>2</v></row>"}};
  FILE *f = capture();
  struct read_result r = read_all(book(&b), NULL);
  release_capture(f);
  CHECK_INT_EQ(CSP_E_INPUT, r.rc);
  CHECK_INT_EQ(0, r.nrows);
  CHECK_CONTAINS(captured, "sheet 'Sheet1' is damaged (xl/worksheets/sheet1.xml, line 1, column");
  CHECK_CONTAINS(captured, "mismatched tag");
  CHECK_CONTAINS(captured, "no row was read");
}

TEST(a_document_type_declaration_is_refused)
{
  struct xlsx_part parts[] = {
      {"_rels/.rels", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\">]><Relationships/>"},
      {"xl/workbook.xml", "<workbook/>"}};
  const char *path = temp_path();
  xlsx_parts_write(path, parts, 2);
  FILE *f = capture();
  struct read_result r = read_all(path, NULL);
  release_capture(f);
  CHECK_INT_EQ(CSP_E_INPUT, r.rc);
  CHECK_CONTAINS(captured, "document type declaration is not allowed");
}

TEST(a_zip_without_a_workbook_is_not_an_excel_file)
{
  struct xlsx_part parts[] = {{"readme.txt", "hello"}};
  const char *path = temp_path();
  xlsx_parts_write(path, parts, 1);
  FILE *f = capture();
  struct read_result r = read_all(path, NULL);
  release_capture(f);
  CHECK_INT_EQ(CSP_E_INPUT, r.rc);
  CHECK_CONTAINS(captured, "not an Excel workbook (it has no xl/workbook.xml)");
}

TEST(a_truncated_or_corrupt_zip_is_refused)
{
  struct xlsx_book b = {.sheet_data = {HEADER_AB}};
  const char *path = book(&b);
  FILE *in = fopen(path, "rb");
  char buf[8192];
  size_t n = fread(buf, 1, sizeof(buf), in);
  fclose(in);
  unlink(path);
  FILE *f = capture();
  struct read_result r = read_all(bytes_file(buf, n / 2), NULL);
  release_capture(f);
  CHECK_INT_EQ(CSP_E_INPUT, r.rc);
  CHECK_CONTAINS(captured, "not a readable Excel workbook");
  CHECK_CONTAINS(captured, "damaged or incomplete");

  /* Intact directory, damaged data: flip bytes in the sheet's compressed data (after its local
   * header: 30 bytes, the name, no extra field). */
  static const char sheet[] = "xl/worksheets/sheet1.xml";
  char *local = NULL;
  for (size_t i = 0; !local && i + sizeof(sheet) < n; i++)
    local = memcmp(buf + i, sheet, sizeof(sheet) - 1) ? NULL : buf + i;
  CHECK(local != NULL);
  if (!local)
    return;
  char *data = local + sizeof(sheet) - 1;
  for (int i = 2; i < 8; i++)
    data[i] ^= 0x55;
  f = capture();
  r = read_all(bytes_file(buf, n), NULL);
  release_capture(f);
  CHECK_INT_EQ(CSP_E_INPUT, r.rc);
  CHECK_INT_EQ(0, r.nrows);
  CHECK_CONTAINS(captured, "sheet 'Sheet1' is damaged");
}

TEST(an_old_xls_or_password_protected_workbook_is_refused_with_what_to_do)
{
  static const unsigned char cfb[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0};
  FILE *f = capture();
  struct read_result r = read_all(bytes_file(cfb, sizeof(cfb)), NULL);
  release_capture(f);
  CHECK_INT_EQ(CSP_E_INPUT, r.rc);
  CHECK_CONTAINS(captured, "this workbook is password-protected or in the old .xls format; save "
                           "it as .xlsx");
}

TEST(a_workbook_piped_on_stdin_is_read_through_a_temporary_file)
{
  struct xlsx_book b = {.sheet_data = {HEADER_AB "<row><c><v>1</v></c><c><v>2</v></c></row>"}};
  const char *path = book(&b);
  int fds[2];
  CHECK_INT_EQ(0, pipe(fds));
  pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    FILE *in = fopen(path, "rb");
    char buf[4096];
    size_t n;
    while (in && (n = fread(buf, 1, sizeof(buf), in)) > 0)
      if (write(fds[1], buf, n) != (ssize_t)n)
        _exit(1);
    _exit(0);
  }
  close(fds[1]);
  int saved = dup(0);
  dup2(fds[0], 0);
  close(fds[0]);
  struct read_result r = read_all("-", NULL);
  dup2(saved, 0);
  close(saved);
  unlink(path);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(1, r.nrows);
  CHECK_STR_EQ("2", r.rows[0].cells[1]);
}

RUN_TESTS()
