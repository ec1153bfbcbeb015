/* Tests for src/input/source.c, csv_source.c and decode.c through the public source API:
 * quoting, line ends, encodings, limits, skipped rows, numbering and delimiter sniffing. Each
 * case writes its input to a temporary file. */
#include "input/source.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "report/csv_writer.h"
#include "diag_capture.h"
#include "base/diag.h"
#include "base/errors.h"
#include "base/text_edges.h"

/* Writes len bytes to a new temporary file and returns its path (static buffer). */
static const char *fixture(const void *bytes, size_t len)
{
  static char path[64];
  (void)snprintf(path, sizeof(path), "/tmp/csp_test_source_XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0 || write(fd, bytes, len) != (ssize_t)len)
    abort();
  close(fd);
  return path;
}

#define FIXTURE(lit) fixture(lit, sizeof(lit) - 1)

/* --encoding UTF-8: no sniffing (a small file with one stray byte would be read as
 * Windows-1252). */
static const struct source_options utf8_options = {0, "UTF-8", NULL};

/* Every data row of an input, read into a fixed table for assertions. */
struct read_result {
  int rc;
  size_t nheader;
  char header[8][32];
  size_t nrows;
  struct {
    size_t number, line, ncells;
    enum row_reason problem;
    char cells[8][64];
    bool has_echo;
    bool echo_matches_cells; /* the echo is exactly what the writer makes of the cells */
    bool cells_trimmed;
    bool cells_plain;
  } rows[16];
};

/* The cells as the report's writer encodes them one by one, with no line end. */
static char *encode_cells(const struct row *row)
{
  static struct csv_writer w;
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  csv_writer_init(&w, mem);
  for (size_t i = 0; i < row->ncells; i++)
    csv_writer_cell(&w, row->cells[i]);
  csv_writer_flush(&w);
  fclose(mem);
  return buf;
}

/* Whether a row that says its cells need no trimming is right. */
static bool trimmed_claim_holds(const struct row *row)
{
  for (size_t i = 0; row->cells_trimmed && i < row->ncells; i++) {
    size_t len = strlen(row->cells[i]);
    if (text_leading_space(row->cells[i], len) || text_trailing_space(row->cells[i], len))
      return false;
  }
  return true;
}

static bool echo_matches_cells(const struct row *row)
{
  char *encoded = encode_cells(row);
  bool same = strlen(encoded) == row->echo_len && !memcmp(encoded, row->echo, row->echo_len);
  free(encoded);
  return same;
}

static struct read_result read_all(const char *path, const struct source_options *opts)
{
  static struct read_result r;
  memset(&r, 0, sizeof(r));
  struct source *src = NULL;
  r.rc = source_open(path, opts, &src);
  unlink(path);
  if (r.rc)
    return r;
  const char *const *h = source_header(src, &r.nheader);
  for (size_t i = 0; i < r.nheader && i < 8; i++)
    (void)snprintf(r.header[i], sizeof(r.header[i]), "%s", h[i]);
  struct row row;
  row_init(&row);
  bool eof = false;
  while (!eof && r.nrows < 16) {
    r.rc = source_next(src, &row, &eof);
    if (r.rc || eof)
      break;
    r.rows[r.nrows].number = row.number;
    r.rows[r.nrows].line = row.line;
    r.rows[r.nrows].ncells = row.ncells;
    r.rows[r.nrows].problem = row.input_problem;
    for (size_t i = 0; i < row.ncells && i < 8; i++)
      (void)snprintf(r.rows[r.nrows].cells[i], 64, "%s", row.cells[i]);
    r.rows[r.nrows].has_echo = row.echo != NULL;
    r.rows[r.nrows].cells_trimmed = row.cells_trimmed;
    r.rows[r.nrows].cells_plain = row.cells_plain;
    r.rows[r.nrows].echo_matches_cells = row.echo && echo_matches_cells(&row);
    r.nrows++;
  }
  row_release(&row);
  source_close(src);
  return r;
}

TEST(quoted_fields_keep_embedded_delimiters_quotes_and_newlines)
{
  struct read_result r = read_all(FIXTURE("name,note,city\n\"Contoso, Ltd\",\"say "
                                          "\"\"hi\"\"\",\"Line1\nLine2\"\nFabrikam,x,Oslo\n"),
                                  NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(3, r.nheader);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_STR_EQ("Contoso, Ltd", r.rows[0].cells[0]);
  CHECK_STR_EQ("say \"hi\"", r.rows[0].cells[1]);
  CHECK_STR_EQ("Line1\nLine2", r.rows[0].cells[2]);
  CHECK_INT_EQ(2, r.rows[0].line);
  CHECK_INT_EQ(4, r.rows[1].line);
  CHECK_INT_EQ(2, r.rows[1].number);
  CHECK_STR_EQ("Oslo", r.rows[1].cells[2]);
}

TEST(a_plain_comma_line_is_offered_to_the_report_as_it_is_and_encodes_the_same)
{
  struct read_result r = read_all(FIXTURE("name,phone,city\n"
                                          "Contoso,+1 425 555 0100,Oslo\r\n"
                                          "Fabrikam,,\n"
                                          "-5,12.5,x\n"
                                          "\"Nod Retail, LLC\",\"say \"\"hi\"\"\",x\n"),
                                  NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(4, r.nrows);
  CHECK_STR_EQ("say \"hi\"", r.rows[3].cells[1]);
  for (size_t i = 0; i < r.nrows; i++) {
    CHECK(r.rows[i].has_echo);
    CHECK(r.rows[i].echo_matches_cells);
  }
}

TEST(a_line_the_report_would_write_differently_is_not_offered_as_it_is)
{
  struct read_result r = read_all(FIXTURE("name,city\n"
                                          " Contoso,Oslo\n"    /* a blank trimmed off */
                                          "Contoso,Oslo \n"    /* a blank trimmed off */
                                          "=SUM(A1),Oslo\n"    /* a formula to guard */
                                          "@cmd,Oslo\n"        /* a formula to guard */
                                          "\"Contoso\",Oslo\n" /* quotes it does not need */
                                          "Con\xFFtoso,Oslo\n" /* bad bytes, repaired */
                                          "Contoso,Oslo\n"),
                                  &utf8_options);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(7, r.nrows);
  for (size_t i = 0; i < 6; i++)
    CHECK(!r.rows[i].has_echo);
  CHECK(r.rows[6].has_echo);
  CHECK(r.rows[6].echo_matches_cells);
}

TEST(a_row_says_its_cells_need_no_trimming_only_when_none_has_space_at_an_edge)
{
  struct read_result r = read_all(FIXTURE("name,city\n"
                                          "Contoso,Oslo\n"
                                          "\"Contoso, Ltd\",Oslo\n"
                                          "\" Contoso\",Oslo\n"    /* quoted: kept */
                                          "Contoso\v,Oslo\n"       /* not a blank to libcsv */
                                          "Contoso\xC2\xA0,Oslo\n" /* a no-break space */
                                          "\"Con\ntoso\",Oslo\n"), /* libcsv's path: unknown */
                                  NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(6, r.nrows);
  CHECK(r.rows[0].cells_trimmed);
  CHECK(r.rows[1].cells_trimmed);
  for (size_t i = 2; i < 6; i++)
    CHECK(!r.rows[i].cells_trimmed);
}

TEST(a_line_with_another_delimiter_is_not_offered_as_it_is)
{
  struct read_result r = read_all(FIXTURE("name;city\nContoso;Oslo\n"), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(1, r.nrows);
  CHECK_STR_EQ("Oslo", r.rows[0].cells[1]);
  CHECK(!r.rows[0].has_echo);
}

TEST(a_nul_byte_in_a_cell_flags_the_row_and_keeps_the_rest_of_the_cell)
{
  struct read_result r = read_all(FIXTURE("name,city\nCon\0toso,Oslo\nFabrikam,Bergen\n"), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_INT_EQ(REASON_BAD_ENCODING, r.rows[0].problem);
  CHECK_STR_EQ("Con\xEF\xBF\xBDtoso", r.rows[0].cells[0]);
  CHECK_STR_EQ("Oslo", r.rows[0].cells[1]);
  CHECK_INT_EQ(REASON_NONE, r.rows[1].problem);
  CHECK_STR_EQ("Fabrikam", r.rows[1].cells[0]);
}

TEST(crlf_and_lf_line_ends_give_the_same_cells_and_lines)
{
  struct read_result r = read_all(FIXTURE("a,b\r\n1,2\r\n\"x\r\ny\",3\r\n4,5\r\n"), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(3, r.nrows);
  CHECK_STR_EQ("b", r.header[1]);
  CHECK_STR_EQ("2", r.rows[0].cells[1]);
  CHECK_STR_EQ("x\r\ny", r.rows[1].cells[0]);
  CHECK_INT_EQ(3, r.rows[1].line);
  CHECK_INT_EQ(5, r.rows[2].line);
  CHECK_STR_EQ("5", r.rows[2].cells[1]);
}

TEST(old_mac_files_with_bare_cr_line_ends_are_read_and_numbered)
{
  struct read_result r = read_all(FIXTURE("a,b\r1,2\r3,4\r"), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_INT_EQ(3, r.rows[1].line);
  CHECK_STR_EQ("4", r.rows[1].cells[1]);
}

TEST(a_utf8_bom_is_dropped_from_the_first_header)
{
  struct read_result r = read_all(FIXTURE("\xEF\xBB\xBF"
                                          "company,country\nM\xC3\xBCller GmbH,DE\n"),
                                  NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_STR_EQ("company", r.header[0]);
  CHECK_STR_EQ("M\xC3\xBCller GmbH", r.rows[0].cells[0]);
  CHECK_INT_EQ(REASON_NONE, r.rows[0].problem);
}

TEST(utf16le_with_bom_tab_separated_is_converted_to_utf8)
{
  /* Excel's "Unicode text": UTF-16LE, BOM, tabs, CRLF. */
  static const char text[] = "company\tcountry\r\nM\xC3\xBCller\tDE\r\n";
  unsigned char buf[128] = {0xFF, 0xFE};
  size_t n = 2;
  for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
    unsigned cp = *p;
    if (*p == 0xC3) {
      cp = 0xC0 | (p[1] & 0x3F);
      p++;
    }
    buf[n++] = (unsigned char)(cp & 0xFF);
    buf[n++] = (unsigned char)(cp >> 8);
  }
  struct read_result r = read_all(fixture(buf, n), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nheader);
  CHECK_STR_EQ("country", r.header[1]);
  CHECK_INT_EQ(1, r.nrows);
  CHECK_STR_EQ("M\xC3\xBCller", r.rows[0].cells[0]);
  CHECK_STR_EQ("DE", r.rows[0].cells[1]);
}

TEST(utf16be_with_bom_is_converted_to_utf8)
{
  static const char text[] = "a;b\n1;\xE9\n";
  unsigned char buf[64] = {0xFE, 0xFF};
  size_t n = 2;
  for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
    buf[n++] = 0;
    buf[n++] = *p; /* Latin-1 code points are their UTF-16 units */
  }
  struct read_result r = read_all(fixture(buf, n), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(1, r.nrows);
  CHECK_STR_EQ("\xC3\xA9", r.rows[0].cells[1]);
  CHECK_INT_EQ(REASON_NONE, r.rows[0].problem);
}

TEST(windows_1252_is_converted_when_named_with_encoding)
{
  struct source_options opts = {0, "WINDOWS-1252", NULL};
  struct read_result r = read_all(FIXTURE("company;city\nCaf\xE9 \x80;K\xF8"
                                          "benhavn\n"),
                                  &opts);
  CHECK_INT_EQ(0, r.rc);
  CHECK_STR_EQ("Caf\xC3\xA9 \xE2\x82\xAC", r.rows[0].cells[0]);
  CHECK_STR_EQ("K\xC3\xB8"
               "benhavn",
               r.rows[0].cells[1]);
}

/* The fuzz input: UTF-16 whose first unit after the BOM is an unpaired surrogate. The
 * decoder's first chunk used to end right after that bad unit, so the delimiter and the line
 * end were sniffed from one byte: ',' and LF, in a ';' file with CR line ends. */
TEST(a_bad_utf16_unit_at_the_start_does_not_spoil_the_sniffing)
{
  static const char text[] = "?a;b\r1;x\r2;y\r";
  unsigned char buf[64] = {0xFF, 0xFE};
  size_t n = 2;
  for (const char *p = text; *p; p++) {
    unsigned cp = *p == '?' ? 0xDC00 : (unsigned char)*p;
    buf[n++] = (unsigned char)(cp & 0xFF);
    buf[n++] = (unsigned char)(cp >> 8);
  }
  FILE *f = capture();
  struct read_result r = read_all(fixture(buf, n), NULL);
  release_capture(f);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nheader);
  CHECK_STR_EQ("\xEF\xBF\xBD"
               "a",
               r.header[0]);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_STR_EQ("x", r.rows[0].cells[1]);
  CHECK_INT_EQ(2, r.rows[0].line);
  CHECK_INT_EQ(3, r.rows[1].line);
}

TEST(a_byte_windows_1252_cannot_decode_flags_only_its_row)
{
  struct source_options opts = {0, "WINDOWS-1252", NULL};
  struct read_result r = read_all(FIXTURE("a,b\n1,x\nbad\x81,y\n3,z\n"), &opts);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(3, r.nrows);
  CHECK_INT_EQ(REASON_NONE, r.rows[0].problem);
  CHECK_INT_EQ(REASON_BAD_ENCODING, r.rows[1].problem);
  CHECK_STR_EQ("bad\xEF\xBF\xBD", r.rows[1].cells[0]);
  CHECK_STR_EQ("y", r.rows[1].cells[1]);
  CHECK_INT_EQ(REASON_NONE, r.rows[2].problem);
  CHECK_INT_EQ(3, r.rows[2].number);
  CHECK_INT_EQ(4, r.rows[2].line);
}

TEST(an_unknown_encoding_name_fails_with_an_encoding_error)
{
  FILE *f = capture();
  struct source_options opts = {0, "NO-SUCH-CHARSET", NULL};
  struct read_result r = read_all(FIXTURE("a\n1\n"), &opts);
  release_capture(f);
  CHECK_INT_EQ(CSP_E_ENCODING, r.rc);
  CHECK_CONTAINS(captured, "NO-SUCH-CHARSET");
}

TEST(invalid_utf8_flags_that_row_and_leaves_its_neighbours_intact)
{
  /* Read as UTF-8 (given), the stray byte is shown as the Windows-1252 character it most
   * likely is: the report keeps it. */
  struct read_result r =
      read_all(FIXTURE("a,b\n1,ok\n2,caf\xE9\n3,\"multi\nline\"\n4,ok\n"), &utf8_options);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(4, r.nrows);
  CHECK_INT_EQ(REASON_NONE, r.rows[0].problem);
  CHECK_INT_EQ(REASON_BAD_ENCODING, r.rows[1].problem);
  CHECK_STR_EQ("caf\xC3\xA9", r.rows[1].cells[1]);
  CHECK_INT_EQ(REASON_NONE, r.rows[2].problem);
  CHECK_INT_EQ(3, r.rows[2].number);
  CHECK_INT_EQ(4, r.rows[2].line);
  CHECK_INT_EQ(4, r.rows[3].number);
  CHECK_INT_EQ(6, r.rows[3].line);
  CHECK_STR_EQ("ok", r.rows[3].cells[1]);
}

TEST(ragged_rows_keep_the_cells_they_have)
{
  struct read_result r = read_all(FIXTURE("a,b,c\n1\n1,2,3,4\n"), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_INT_EQ(1, r.rows[0].ncells);
  CHECK_INT_EQ(4, r.rows[1].ncells);
  CHECK_STR_EQ("4", r.rows[1].cells[3]);
}

TEST(an_empty_file_is_an_input_error_that_says_empty)
{
  FILE *f = capture();
  struct read_result r = read_all(fixture("", 0), NULL);
  release_capture(f);
  CHECK_INT_EQ(CSP_E_INPUT, r.rc);
  CHECK_CONTAINS(captured, "is empty");
}

TEST(a_file_of_blank_lines_is_empty_too)
{
  FILE *f = capture();
  struct read_result r = read_all(FIXTURE("\xEF\xBB\xBF\n\r\n;;;\n"), NULL);
  release_capture(f);
  CHECK_INT_EQ(CSP_E_INPUT, r.rc);
  CHECK_CONTAINS(captured, "is empty");
}

TEST(a_header_only_file_has_no_rows)
{
  struct read_result r = read_all(FIXTURE("company,country\n"), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nheader);
  CHECK_INT_EQ(0, r.nrows);
}

TEST(blank_lines_and_all_empty_rows_are_skipped_and_not_numbered)
{
  struct read_result r = read_all(FIXTURE("a;b;c\n\n1;2;3\n;;\n  ;  ;\n\r\n4;5;6\n;;;;\n"), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_INT_EQ(1, r.rows[0].number);
  CHECK_INT_EQ(3, r.rows[0].line);
  CHECK_INT_EQ(2, r.rows[1].number);
  CHECK_INT_EQ(7, r.rows[1].line);
  CHECK_STR_EQ("4", r.rows[1].cells[0]);
}

TEST(a_last_line_without_a_newline_is_read)
{
  struct read_result r = read_all(FIXTURE("a,b\n1,2\n3,4"), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_STR_EQ("4", r.rows[1].cells[1]);
  CHECK_INT_EQ(3, r.rows[1].line);
}

TEST(a_field_longer_than_64_kib_flags_the_row_and_is_cut)
{
  size_t big = CSP_MAX_FIELD_BYTES + 5000;
  size_t n = 0;
  char *buf = malloc(big + 64);
  n += (size_t)snprintf(buf, 64, "a,b\n1,\"");
  memset(buf + n, 'x', big);
  n += big;
  memcpy(buf + n, "\"\n2,ok\n", 7);
  n += 7;
  struct source *src = NULL;
  const char *path = fixture(buf, n);
  free(buf);
  CHECK_INT_EQ(0, source_open(path, NULL, &src));
  unlink(path);
  struct row row;
  row_init(&row);
  bool eof = false;
  CHECK_INT_EQ(0, source_next(src, &row, &eof));
  CHECK_INT_EQ(REASON_FIELD_TOO_LONG, row.input_problem);
  CHECK_INT_EQ(CSP_MAX_FIELD_BYTES, strlen(row.cells[1]));
  CHECK_INT_EQ(0, source_next(src, &row, &eof));
  CHECK_INT_EQ(REASON_NONE, row.input_problem);
  CHECK_STR_EQ("ok", row.cells[1]);
  CHECK_INT_EQ(2, row.number);
  CHECK_INT_EQ(3, row.line);
  row_release(&row);
  source_close(src);
}

TEST(an_unterminated_quote_runs_to_the_end_and_is_cut_not_buffered)
{
  size_t lines = 20000, n = 0;
  char *buf = malloc(lines * 50 + 64);
  n += (size_t)snprintf(buf, 64, "a,b\n1,\"");
  for (size_t i = 0; i < lines; i++) {
    memset(buf + n, 'x', 49);
    buf[n + 49] = '\n';
    n += 50;
  }
  struct read_result r = read_all(fixture(buf, n), NULL);
  free(buf);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(1, r.nrows);
  CHECK_INT_EQ(REASON_FIELD_TOO_LONG, r.rows[0].problem);
  CHECK_INT_EQ(2, r.rows[0].line);
}

TEST(a_row_with_more_than_256_columns_is_flagged_and_kept_to_256)
{
  char buf[4096];
  size_t n = (size_t)snprintf(buf, sizeof(buf), "a,b\n");
  for (int i = 0; i < 300; i++)
    n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%d,", i);
  n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\n1,2\n");
  struct read_result r = read_all(fixture(buf, n), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_INT_EQ(REASON_TOO_MANY_COLUMNS, r.rows[0].problem);
  CHECK_INT_EQ(CSP_MAX_COLUMNS, r.rows[0].ncells);
  CHECK_INT_EQ(REASON_NONE, r.rows[1].problem);
}

TEST(the_delimiter_is_sniffed_from_the_header_for_each_candidate)
{
  static const char *const inputs[] = {"a,b;c\n1,2;3\n", "a;b,c;d\n1;2,3;4\n",
                                       "a\tb\tc,d\n1\t2\t3,4\n", "a|b|c;d\n1|2|3;4\n"};
  static const size_t want_header[] = {2, 3, 3, 3};
  for (size_t i = 0; i < 4; i++) {
    struct read_result r = read_all(fixture(inputs[i], strlen(inputs[i])), NULL);
    CHECK_INT_EQ(0, r.rc);
    CHECK_INT_EQ(want_header[i], r.nheader);
    CHECK_INT_EQ(want_header[i], r.rows[0].ncells);
  }
}

TEST(delimiters_inside_quotes_do_not_count_when_sniffing)
{
  struct read_result r = read_all(FIXTURE("\"a,b,c,d\";e\n1;2\n"), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nheader);
  CHECK_STR_EQ("a,b,c,d", r.header[0]);
}

/* The fuzz input: a CR-only file with a stray quote in a header cell. The sniffer took the
 * quote as opening a quoted cell, never found the header's end, and chose LF: every row was
 * numbered line 1. */
TEST(a_stray_quote_in_the_header_does_not_hide_its_delimiter_or_line_end)
{
  struct read_result r = read_all(FIXTURE("na\"me;city\rx;Oslo\ry;Rome\r"), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nheader);
  CHECK_STR_EQ("na\"me", r.header[0]);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_STR_EQ("Oslo", r.rows[0].cells[1]);
  CHECK_INT_EQ(2, r.rows[0].line);
  CHECK_INT_EQ(3, r.rows[1].line);
}

/* The fuzz input: a CR-only file whose header line is longer than the 4 KiB that format
 * detection reads ahead. The first chunk the sniffer saw was those 4 KiB, without the
 * header's CR, so it chose LF and every row was numbered line 1. */
TEST(a_header_line_longer_than_the_read_ahead_is_sniffed_whole)
{
  static char text[16384];
  size_t n = 0;
  for (int i = 0; i < 200; i++)
    n += (size_t)snprintf(text + n, sizeof(text) - n, "%sa long column name number %d",
                          i ? ";" : "", i);
  n += (size_t)snprintf(text + n, sizeof(text) - n, "\rx;y\rz;w\r");
  struct read_result r = read_all(fixture(text, n), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(200, r.nheader);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_STR_EQ("y", r.rows[0].cells[1]);
  CHECK_INT_EQ(2, r.rows[0].line);
  CHECK_INT_EQ(3, r.rows[1].line);
}

TEST(a_forced_delimiter_overrides_the_sniffer)
{
  struct source_options opts = {'|', NULL, NULL};
  struct read_result r = read_all(FIXTURE("a,b,c|d\n1,2,3|4\n"), &opts);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nheader);
  CHECK_STR_EQ("a,b,c", r.header[0]);
}

TEST(a_file_that_starts_like_a_zip_archive_is_read_as_xlsx_not_as_csv)
{
  FILE *f = capture();
  struct read_result r = read_all(FIXTURE("PK\3\4rest of a zip"), NULL);
  release_capture(f);
  CHECK_INT_EQ(CSP_E_INPUT, r.rc);
  CHECK_CONTAINS(captured, "not a readable Excel workbook"); /* more in test_xlsx_source.c */
}

TEST(a_missing_file_is_an_io_error)
{
  FILE *f = capture();
  struct source *src = NULL;
  CHECK_INT_EQ(CSP_E_IO, source_open("/nonexistent/customers.csv", NULL, &src));
  CHECK(src == NULL);
  release_capture(f);
  CHECK_CONTAINS(captured, "/nonexistent/customers.csv");
}

TEST(progress_reports_bytes_read_against_the_file_size)
{
  static const char text[] = "a,b\n1,2\n";
  const char *path = fixture(text, sizeof(text) - 1);
  struct source *src = NULL;
  CHECK_INT_EQ(0, source_open(path, NULL, &src));
  unlink(path);
  struct row row;
  row_init(&row);
  bool eof = false;
  while (!eof)
    CHECK_INT_EQ(0, source_next(src, &row, &eof));
  long long done = 0, total = 0;
  source_progress(src, &done, &total);
  CHECK_INT_EQ(sizeof(text) - 1, total);
  CHECK_INT_EQ(sizeof(text) - 1, done);
  row_release(&row);
  source_close(src);
}

TEST(rows_spanning_many_read_chunks_are_all_read_in_order)
{
  size_t rows = 20000, n = 0;
  char *buf = malloc(rows * 40 + 64);
  n += (size_t)snprintf(buf, 64, "id,name\n");
  for (size_t i = 1; i <= rows; i++)
    n += (size_t)snprintf(buf + n, 40, "%zu,\"Name %zu\"\r\n", i, i);
  const char *path = fixture(buf, n);
  free(buf);
  struct source *src = NULL;
  CHECK_INT_EQ(0, source_open(path, NULL, &src));
  unlink(path);
  struct row row;
  row_init(&row);
  bool eof = false;
  size_t seen = 0, bad = 0;
  while (source_next(src, &row, &eof) == 0 && !eof) {
    seen++;
    char want[32];
    (void)snprintf(want, sizeof(want), "%zu", seen);
    bad += row.number != seen || row.line != seen + 1 || strcmp(row.cells[0], want) != 0;
  }
  CHECK_INT_EQ(rows, seen);
  CHECK_INT_EQ(0, bad);
  row_release(&row);
  source_close(src);
}

/* libcsv alone, as the reference for the reader's fast path for plain lines: the rows of
 * text (header included) with their cells joined by '|', all-empty rows dropped. */
struct reference {
  char out[8192];
  size_t len;
  size_t ncells, nonempty;
  char row[2048];
  size_t row_len;
};

static void ref_field(void *s, size_t len, void *data)
{
  struct reference *r = data;
  r->nonempty += len > 0;
  r->row_len += (size_t)snprintf(r->row + r->row_len, sizeof(r->row) - r->row_len, "%s%.*s",
                                 r->ncells++ ? "|" : "", (int)len, (const char *)s);
}

static void ref_row(int c, void *data)
{
  struct reference *r = data;
  (void)c;
  if (r->nonempty)
    r->len += (size_t)snprintf(r->out + r->len, sizeof(r->out) - r->len, "%s\n", r->row);
  r->ncells = r->nonempty = r->row_len = 0;
}

/* The header of the random texts: wide enough that a random line seldom looks like a record
 * of its own (as many delimiters as the header), which would end an open quoted cell on
 * purpose (csv_quotes.c), unlike libcsv. */
#define RANDOM_HEADER "h1,h2,h3,h4,h5,h6\n"
static size_t recovered_texts; /* texts where the reader ended an open quote: not compared */

/* Parses text (RANDOM_HEADER included) with libcsv alone and with the reader; false (after a
 * failed check) when they disagree, or when a row's echo is not what the writer makes of its
 * cells. A text where the reader ended a stray quote's cell counts in recovered_texts. */
static bool reader_agrees_with_libcsv(const char *text, size_t len)
{
  struct reference ref = {.len = 0};
  struct csv_parser p;
  CHECK_INT_EQ(0, csv_init(&p, 0));
  csv_set_delim(&p, ',');
  (void)csv_parse(&p, text, len, ref_field, ref_row, &ref);
  (void)csv_fini(&p, ref_field, ref_row, &ref);
  csv_free(&p);

  struct source_options opts = {',', NULL, NULL};
  struct source *src = NULL;
  const char *path = fixture(text, len);
  CHECK_INT_EQ(0, source_open(path, &opts, &src));
  unlink(path);
  if (!src)
    return false;
  char got[8192];
  size_t got_len = (size_t)snprintf(got, sizeof(got), "h1|h2|h3|h4|h5|h6\n");
  struct row row;
  row_init(&row);
  bool eof = false, echoes_ok = true, recovered = false;
  while (source_next(src, &row, &eof) == 0 && !eof) {
    recovered |= row.input_problem == REASON_UNCLOSED_QUOTE;
    for (size_t c = 0; c < row.ncells; c++)
      got_len += (size_t)snprintf(got + got_len, sizeof(got) - got_len, "%s%s", c ? "|" : "",
                                  row.cells[c]);
    got_len += (size_t)snprintf(got + got_len, sizeof(got) - got_len, "\n");
    echoes_ok = echoes_ok && (!row.echo || echo_matches_cells(&row)) && trimmed_claim_holds(&row);
  }
  row_release(&row);
  source_close(src);
  if (recovered) {
    recovered_texts++;
    return true;
  }
  CHECK(echoes_ok);
  CHECK_STR_EQ(ref.out, got);
  return echoes_ok && strcmp(ref.out, got) == 0;
}

TEST(plain_lines_split_by_the_fast_path_give_what_libcsv_gives)
{
  static const char alphabet[] = {'a', 'b', ' ', '\t', ',', ',', '"', '\r', '\n', '\n'};
  unsigned seed = 12345;
  for (int round = 0; round < 2000; round++) {
    char text[256] = RANDOM_HEADER;
    size_t len = strlen(text);
    size_t n = 1 + (size_t)(rand_r(&seed) % 120);
    for (size_t i = 0; i < n; i++)
      text[len++] = alphabet[rand_r(&seed) % sizeof(alphabet)];
    text[len++] = '\n';
    if (!reader_agrees_with_libcsv(text, len))
      return;
  }
  CHECK(recovered_texts < 200); /* the comparison still covers 9 texts in 10 */
  recovered_texts = 0;
}

TEST(quoted_cells_split_by_the_fast_path_give_what_libcsv_gives)
{
  /* Whole quoted cells, well formed or not, among plain ones. */
  static const char *const tokens[] = {
      "a",        " ",  ",",       ",",       "\"\"",     "\"q,1\"",  "\"x\"\"y\"",
      "\"\"\"\"", "\"", "\" s \"", "\"=1\"",  "\"+1 2\"", "\"a\"b",   "=x",
      "\"\r\"",   "-3", "é",       "\"ü,ß\"", "\v",       "\xC2\xA0", "\"\xC2\xA0x\"",
  };
  size_t ntokens = sizeof(tokens) / sizeof(tokens[0]);
  unsigned seed = 777;
  for (int round = 0; round < 3000; round++) {
    char text[512] = RANDOM_HEADER;
    size_t len = strlen(text);
    for (size_t line = 0; line < 3; line++) {
      size_t n = 1 + (size_t)(rand_r(&seed) % 12);
      for (size_t i = 0; i < n; i++) {
        const char *t = tokens[rand_r(&seed) % ntokens];
        memcpy(text + len, t, strlen(t));
        len += strlen(t);
      }
      text[len++] = '\n';
    }
    if (!reader_agrees_with_libcsv(text, len))
      return;
  }
  CHECK(recovered_texts < 300); /* the comparison still covers 9 texts in 10 */
  recovered_texts = 0;
}

/* The stray-quote case of a real customer list: the quote before Litware is never closed on
 * its line, and libcsv alone would read the next customer into Litware's company name (one
 * row for two customers, sent as one). */
#define STRAY_HEADER "action,company_name,domain,first_name,country\n"

TEST(a_stray_quote_does_not_swallow_the_next_record_and_every_line_stays_a_row)
{
  struct read_result r = read_all(FIXTURE(STRAY_HEADER "create,Contoso Inc,contoso,Ann,US\n"
                                                       ",\"Litware Dental LLC,litware,Adele,US\n"
                                                       ",\"Fourth \"\"Coffee\"\"\",fourth,Alex,US\n"
                                                       "create,Trey,trey,Isaiah,US\n"),
                                  NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(4, r.nrows);
  CHECK_INT_EQ(REASON_NONE, r.rows[0].problem);
  CHECK_INT_EQ(REASON_UNCLOSED_QUOTE, r.rows[1].problem);
  CHECK_INT_EQ(3, r.rows[1].line);
  CHECK_INT_EQ(5, r.rows[1].ncells);
  CHECK_STR_EQ("\"Litware Dental LLC", r.rows[1].cells[1]);
  CHECK_STR_EQ("US", r.rows[1].cells[4]);
  CHECK_INT_EQ(REASON_NONE, r.rows[2].problem);
  CHECK_INT_EQ(4, r.rows[2].line);
  CHECK_INT_EQ(3, r.rows[2].number);
  CHECK_STR_EQ("Fourth \"Coffee\"", r.rows[2].cells[1]);
  CHECK_STR_EQ("fourth", r.rows[2].cells[2]);
  CHECK_INT_EQ(5, r.rows[3].line);
  CHECK_STR_EQ("Trey", r.rows[3].cells[1]);
}

TEST(a_quote_that_never_closes_leaves_every_later_line_a_row_of_its_own)
{
  struct read_result r = read_all(FIXTURE(STRAY_HEADER "create,\"Litware,litware,Adele,US\n"
                                                       "create,Fourth,fourth,Alex,US\r\n"
                                                       "create,Trey,trey,Isaiah,US\n"),
                                  NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(3, r.nrows);
  CHECK_INT_EQ(REASON_UNCLOSED_QUOTE, r.rows[0].problem);
  CHECK_STR_EQ("Fourth", r.rows[1].cells[1]);
  CHECK_INT_EQ(3, r.rows[1].line);
  CHECK_INT_EQ(REASON_NONE, r.rows[1].problem);
  CHECK_STR_EQ("Trey", r.rows[2].cells[1]);
  CHECK_INT_EQ(4, r.rows[2].line);
}

TEST(a_multi_line_address_cell_is_no_stray_quote)
{
  struct read_result r =
      read_all(FIXTURE(STRAY_HEADER "create,\"Contoso\nSuite 5, Floor 2\",contoso,Ann,US\n"
                                    "create,Trey,trey,Isaiah,US\n"),
               NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_INT_EQ(REASON_NONE, r.rows[0].problem);
  CHECK_STR_EQ("Contoso\nSuite 5, Floor 2", r.rows[0].cells[1]);
  CHECK_INT_EQ(4, r.rows[1].line);
}

TEST(a_stray_quote_whose_lines_cross_read_chunks_is_still_undone)
{
  /* Enough rows before it that the stray quote's lines straddle the 64 KiB read boundary. */
  static char text[160 * 1024];
  size_t len = (size_t)snprintf(text, sizeof(text), "%s", STRAY_HEADER);
  size_t before = 0;
  while (len < 64 * 1024 - 40) {
    len += (size_t)snprintf(text + len, sizeof(text) - len, "create,C%zu,c%zu,Ann,US\n", before,
                            before);
    before++;
  }
  len += (size_t)snprintf(text + len, sizeof(text) - len,
                          "create,\"Litware,litware,Adele,US\ncreate,Fourth,fourth,Alex,US\n"
                          "create,Trey,trey,Isaiah,US\n");
  struct source *src = NULL;
  const char *path = fixture(text, len);
  CHECK_INT_EQ(0, source_open(path, NULL, &src));
  unlink(path);
  struct row row;
  row_init(&row);
  bool eof = false;
  size_t rows = 0, unclosed = 0, lines_ok = 0;
  while (src && source_next(src, &row, &eof) == 0 && !eof) {
    rows++;
    unclosed += row.input_problem == REASON_UNCLOSED_QUOTE;
    lines_ok += row.line == rows + 1;
  }
  CHECK_INT_EQ(before + 3, rows);
  CHECK_INT_EQ(1, unclosed);
  CHECK_INT_EQ(rows, lines_ok);
  row_release(&row);
  source_close(src);
}

TEST(a_file_that_is_not_utf8_is_read_as_windows_1252_with_a_warning)
{
  /* As German Excel saves "CSV (Trennzeichen-getrennt)": semicolons, CRLF, no BOM. */
  FILE *f = capture();
  struct read_result r = read_all(FIXTURE("Firma;Stadt\r\nM\xFCller & S\xF6hne;Stra\xDF"
                                          "e \x80 5\r\nCaf\xE9;K\xF6ln\r\n"),
                                  NULL);
  release_capture(f);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(2, r.nrows);
  CHECK_STR_EQ("Müller & Söhne", r.rows[0].cells[0]);
  CHECK_STR_EQ("Straße € 5", r.rows[0].cells[1]);
  CHECK_INT_EQ(REASON_NONE, r.rows[0].problem);
  CHECK_STR_EQ("Café", r.rows[1].cells[0]);
  CHECK_INT_EQ(3, r.rows[1].line);
  CHECK_CONTAINS(captured, "Windows-1252");
  CHECK_CONTAINS(captured, "--encoding");
  CHECK_CONTAINS(captured, "line 2");
}

TEST(a_utf8_file_with_one_stray_byte_stays_utf8_and_only_that_row_is_bad)
{
  struct read_result r = read_all(FIXTURE("a,b\n1,Müller\n2,caf\xE9\n3,Straße\n"), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_INT_EQ(3, r.nrows);
  CHECK_STR_EQ("Müller", r.rows[0].cells[1]);
  CHECK_INT_EQ(REASON_BAD_ENCODING, r.rows[1].problem);
  CHECK_STR_EQ("café", r.rows[1].cells[1]);
  CHECK_STR_EQ("Straße", r.rows[2].cells[1]);
}

TEST(utf16_without_a_byte_order_mark_is_recognised_by_its_zero_bytes)
{
  static const char le[] = "c\0o\0,\0c\0i\0t\0y\0\n\0A\0\xE9\0,\0B\0\n\0";
  static const char be[] = "\0c\0o\0,\0c\0i\0t\0y\0\n\0A\0\xE9\0,\0B\0\n";
  struct read_result r = read_all(fixture(le, sizeof(le) - 1), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_STR_EQ("city", r.header[1]);
  CHECK_INT_EQ(1, r.nrows);
  CHECK_STR_EQ("Aé", r.rows[0].cells[0]);
  r = read_all(fixture(be, sizeof(be) - 1), NULL);
  CHECK_INT_EQ(0, r.rc);
  CHECK_STR_EQ("co", r.header[0]);
  CHECK_STR_EQ("Aé", r.rows[0].cells[0]);
}

TEST(encoding_overrides_the_sniffing)
{
  struct read_result r = read_all(FIXTURE("a,b\n1,caf\xE9\n"), &utf8_options);
  CHECK_INT_EQ(REASON_BAD_ENCODING, r.rows[0].problem);
  static const struct source_options latin2 = {0, "ISO-8859-2", NULL};
  r = read_all(FIXTURE("a,b\n1,\xB3\xF3"
                       "d\xBC\n"),
               &latin2);
  CHECK_STR_EQ("łódź", r.rows[0].cells[1]);
}

TEST(a_row_is_plain_only_when_every_byte_of_its_cells_is_printable_ascii)
{
  struct read_result r =
      read_all(FIXTURE("a,b\nContoso,Oslo\nCon\ttoso,Oslo\nCaf\xC3\xA9,Oslo\nA\x7F"
                       "B,C\n"
                       "\"multi\nline\",x\nx\x01y,z\n"),
               NULL);
  CHECK_INT_EQ(6, r.nrows);
  CHECK(r.rows[0].cells_plain);
  for (size_t i = 1; i < 6; i++)
    CHECK(!r.rows[i].cells_plain);
  static const struct source_options tsv = {'\t', NULL, NULL};
  r = read_all(FIXTURE("a\tb\nContoso\tOslo\n"), &tsv);
  CHECK(r.rows[0].cells_plain); /* the tab is the delimiter, not a byte of a cell */
}

RUN_TESTS()
