/* Tests for src/control_chars.c: line breaks and control characters in single-line values make
 * the row invalid; in an address line a line break becomes a space with a warning. */
#include "rules/control_chars.h"

#include <string.h>

#include "check.h"

static size_t count_code(const struct row *row, enum field_id f, bool warning)
{
  size_t n = 0;
  for (size_t i = 0; i < row->nviolations; i++)
    n += row->violations[i].field == f && row->violations[i].code == VIOLATION_CONTROL_CHARACTER &&
         row->violations[i].warning == warning;
  return n;
}

/* Checks a row holding value in field f (and in also, unless FIELD_NONE); true when f then has
 * one control_character error. */
static bool refused(enum field_id f, enum field_id also, const char *value)
{
  struct row row;
  row_init(&row);
  row_set(&row, f, value);
  if (also != FIELD_NONE)
    row_set(&row, also, value);
  check_control_chars(&row);
  bool ok = count_code(&row, f, false) == 1 && row_has_errors(&row) &&
            (also == FIELD_NONE || count_code(&row, also, false) == 1);
  row_release(&row);
  return ok;
}

TEST(a_line_break_in_any_single_line_field_makes_the_row_invalid)
{
  static const enum field_id fields[] = {
      FIELD_COMPANY_NAME, FIELD_FIRST_NAME,  FIELD_MIDDLE_NAME, FIELD_LAST_NAME,
      FIELD_EMAIL,        FIELD_PHONE,       FIELD_DOMAIN,      FIELD_CITY,
      FIELD_STATE,        FIELD_POSTAL_CODE, FIELD_COUNTRY,
  };
  static const char *const values[] = {"Contoso\nLtd", "Contoso\r\nLtd", "Contoso\rLtd",
                                       "Contoso\xC2\x85Ltd", "Contoso\xE2\x80\xA8Ltd"};
  for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
    for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++)
      CHECK(refused(fields[i], FIELD_NONE, values[v]));
  }
}

TEST(a_control_character_makes_the_row_invalid_even_in_an_address_line)
{
  static const char *const values[] = {"Con\x01toso", "Con\x7Ftoso", "Con\x1Btoso",
                                       "Con\xC2\x96toso"};
  for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++)
    CHECK(refused(FIELD_COMPANY_NAME, FIELD_ADDRESS_LINE1, values[v]));
}

TEST(a_line_break_in_an_address_line_becomes_one_space_with_a_warning)
{
  struct row row;
  row_init(&row);
  row_set(&row, FIELD_ADDRESS_LINE1, "1 Main St \r\n  Suite 5");
  row_set(&row, FIELD_ADDRESS_LINE2, "Building 4\n\nFloor 2");
  row_set(&row, FIELD_ADDRESS_LINE3, "Hall\tB");
  check_control_chars(&row);
  CHECK_STR_EQ("1 Main St Suite 5", row_get(&row, FIELD_ADDRESS_LINE1));
  CHECK_STR_EQ("Building 4 Floor 2", row_get(&row, FIELD_ADDRESS_LINE2));
  CHECK_STR_EQ("Hall B", row_get(&row, FIELD_ADDRESS_LINE3));
  CHECK_INT_EQ(1, count_code(&row, FIELD_ADDRESS_LINE1, true));
  CHECK(!row_has_errors(&row));
  row_release(&row);
}

TEST(a_tab_is_named_as_such_and_a_plain_row_is_not_scanned)
{
  struct row row;
  row_init(&row);
  row_set(&row, FIELD_COMPANY_NAME, "Contoso\tInc");
  check_control_chars(&row);
  CHECK_INT_EQ(1, count_code(&row, FIELD_COMPANY_NAME, false));
  CHECK_CONTAINS(row.violations[0].message, "holds a tab");
  row_release(&row);
  row_init(&row);
  row.cells_plain = true; /* the reader vouches: nothing to find */
  row_set(&row, FIELD_CITY, "Oslo");
  check_control_chars(&row);
  CHECK_INT_EQ(0, row.nviolations);
  row_release(&row);
}

TEST(ordinary_text_with_accents_and_symbols_is_left_alone)
{
  struct row row;
  row_init(&row);
  row_set(&row, FIELD_COMPANY_NAME, "Müller & Söhne GmbH – Café “Ü” €5 ©");
  row_set(&row, FIELD_CITY, "Zürich");
  check_control_chars(&row);
  CHECK_INT_EQ(0, row.nviolations);
  CHECK_STR_EQ("Müller & Söhne GmbH – Café “Ü” €5 ©", row_get(&row, FIELD_COMPANY_NAME));
  row_release(&row);
}

RUN_TESTS()
