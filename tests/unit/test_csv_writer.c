/* Tests for src/report/csv_writer.c: quoting, the formula guard, numbers, composed cells, and a
 * cell larger than the buffer. */
#include "report/csv_writer.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "input/utf8.h"

static struct csv_writer writer;

static char *one_row(void (*fill)(struct csv_writer *w, const void *arg), const void *arg)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  csv_writer_init(&writer, mem);
  fill(&writer, arg);
  csv_writer_flush(&writer);
  fclose(mem);
  return buf;
}

static void cell(struct csv_writer *w, const void *arg)
{
  csv_writer_cell(w, arg);
}

static void check_cell(const char *in, const char *expected)
{
  char *got = one_row(cell, in);
  CHECK_STR_EQ(expected, got);
  free(got);
}

TEST(plain_cells_are_written_as_they_are)
{
  check_cell("Contoso Ltd", "Contoso Ltd");
  check_cell("", "");
}

TEST(cells_with_delimiters_quotes_or_newlines_are_quoted)
{
  check_cell("Contoso, Inc.", "\"Contoso, Inc.\"");
  check_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
  check_cell("line1\nline2", "\"line1\nline2\"");
  check_cell(" padded ", "\" padded \"");
}

TEST(formula_cells_are_neutralised_but_phone_numbers_are_not)
{
  check_cell("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
  check_cell("@SUM(A1)", "\"'@SUM(A1)\"");
  check_cell("-2+3+cmd|' /C calc'!A0", "\"'-2+3+cmd|' /C calc'!A0\"");
  check_cell("+1 (425) 555 0100", "+1 (425) 555 0100");
  check_cell("-42.5", "-42.5");
  CHECK(csv_cell_is_formula("\tabc"));
  CHECK(!csv_cell_is_formula("+49 30 1234567"));
  /* Arithmetic, however plain its characters (OWASP's list). */
  check_cell("-1+1", "\"'-1+1\"");
  check_cell("+1-425-555-0100", "\"'+1-425-555-0100\"");
  CHECK(csv_cell_is_formula("=1"));
  CHECK(csv_cell_is_formula("-1.2.3"));
  CHECK(csv_cell_is_formula("-(1)"));
  CHECK(csv_cell_is_formula("+1/2"));
  CHECK(csv_cell_is_formula("\r1"));
  CHECK(!csv_cell_is_formula("+7"));
}

static void mixed_row(struct csv_writer *w, const void *arg)
{
  (void)arg;
  csv_writer_number(w, 42, false);
  csv_writer_number(w, 0, true);
  csv_writer_number(w, -7, true);
  csv_writer_piece(w, "a,");
  csv_writer_piece(w, "b");
  csv_writer_end_piece(w);
  csv_writer_end_row(w);
  csv_writer_cell(w, "next");
  csv_writer_end_row(w);
}

static void long_composed_cell(struct csv_writer *w, const void *arg)
{
  (void)arg;
  static char euros[CSV_WRITER_SCRATCH + 4];
  for (size_t i = 0; i + 3 < sizeof(euros); i += 3)
    memcpy(euros + i, "\xE2\x82\xAC", 3);
  csv_writer_piece(w, "a");
  csv_writer_piece(w, euros);
  csv_writer_piece(w, ".onmicrosoft.com");
  csv_writer_end_piece(w);
}

/* The fuzz input: a create whose domain is 64 KiB of "€" (test_fuzz_csv). */
TEST(a_composed_cell_past_the_scratch_is_cut_between_characters)
{
  char *got = one_row(long_composed_cell, NULL);
  size_t len = strlen(got);
  CHECK(len >= CSV_WRITER_SCRATCH - 3 && len < CSV_WRITER_SCRATCH);
  CHECK(utf8_valid(got, len));
  free(got);
}

TEST(numbers_composed_cells_and_rows_are_separated_correctly)
{
  char *got = one_row(mixed_row, NULL);
  CHECK_STR_EQ("42,,-7,\"a,b\"\nnext\n", got);
  free(got);
}

TEST(a_cell_larger_than_the_buffer_streams_through_intact)
{
  size_t n = CSV_WRITER_BUF * 3 + 17;
  char *big = malloc(n + 1);
  memset(big, 'x', n);
  big[n] = '\0';
  big[5] = '"';
  char *got = one_row(cell, big);
  CHECK_INT_EQ(n + 3, strlen(got)); /* quotes around it, and the quote doubled */
  CHECK(got[0] == '"' && got[n + 2] == '"');
  free(got);
  free(big);
}

RUN_TESTS()
