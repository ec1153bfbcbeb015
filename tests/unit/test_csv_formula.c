/* Tests for src/base/csv_formula.c: which cells a spreadsheet would evaluate, plain numbers and
 * digit/space/parenthesis phone numbers spared, arithmetic not, spans not NUL-terminated. */
#include "base/csv_formula.h"

#include "check.h"

TEST(cells_starting_with_a_formula_byte_are_formulas)
{
  CHECK(csv_cell_is_formula("=1+1"));
  CHECK(csv_cell_is_formula("@SUM(A1)"));
  CHECK(csv_cell_is_formula("\tabc"));
  CHECK(csv_cell_is_formula("\rabc"));
  CHECK(csv_cell_is_formula("-2+3+cmd|' /C calc'!A0"));
  CHECK(!csv_cell_is_formula("Contoso"));
  CHECK(!csv_cell_is_formula(""));
}

TEST(numbers_and_phone_numbers_are_not_formulas)
{
  CHECK(!csv_cell_is_formula("+49 30 1234567"));
  CHECK(!csv_cell_is_formula("+1 (425) 555 0100"));
  CHECK(!csv_cell_is_formula("-42.5"));
  CHECK(!csv_cell_is_formula("+7"));
  CHECK(csv_cell_is_formula("+")); /* no digit: not a number */
}

/* OWASP's list: arithmetic is evaluated however plain its characters. */
TEST(arithmetic_is_a_formula)
{
  CHECK(csv_cell_is_formula("-1+1"));
  CHECK(csv_cell_is_formula("+1 (425) 555-0100")); /* 555-0100 is a subtraction */
  CHECK(csv_cell_is_formula("+1/2"));
  CHECK(csv_cell_is_formula("-1.2.3"));
  CHECK(csv_cell_is_formula("-(1)"));
}

TEST(a_span_is_judged_on_its_length_alone)
{
  const char *line = "=x,+1 425";
  CHECK(csv_span_is_formula(line, 2));
  CHECK(!csv_span_is_formula(line + 3, 6));
  CHECK(!csv_span_is_formula(line, 0));
  CHECK(csv_span_is_formula("-1\0x", 4)); /* a NUL among the bytes is no number */
}

RUN_TESTS()
