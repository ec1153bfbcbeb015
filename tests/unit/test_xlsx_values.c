/* Tests for src/input/xlsx_values.c and the format classification of xlsx_styles.c: numbers
 * as Excel shows them, serial dates in both date systems, _xHHHH_ escapes, and which number
 * formats are dates. */
#include "input/xlsx_styles.h"
#include "input/xlsx_values.h"

#include "check.h"

static const char *number(const char *v)
{
  static char out[XLSX_VALUE_CAP];
  if (!xlsx_render_number(v, out, sizeof(out)))
    return "(not a number)";
  return out;
}

static const char *date(double serial, enum xlsx_num_kind kind, bool date1904)
{
  static char out[XLSX_VALUE_CAP];
  if (!xlsx_render_date(serial, kind, date1904, out, sizeof(out)))
    return "(not a date)";
  return out;
}

TEST(integers_come_out_whole_without_a_decimal_point)
{
  CHECK_STR_EQ("98052", number("98052"));
  CHECK_STR_EQ("2108", number("2108"));
  CHECK_STR_EQ("4255550100", number("4255550100"));
  CHECK_STR_EQ("-7", number("-7"));
  CHECK_STR_EQ("0", number("-0"));
  CHECK_STR_EQ("100", number("1E2"));
  CHECK_STR_EQ("1234567890123456", number("1234567890123456"));
}

TEST(decimals_have_no_binary_floating_point_artefacts)
{
  CHECK_STR_EQ("0.1", number("0.1"));
  CHECK_STR_EQ("0.3", number("0.30000000000000004"));
  CHECK_STR_EQ("1.1", number("1.1000000000000001"));
  CHECK_STR_EQ("123456.789", number("123456.789"));
  CHECK_STR_EQ("-2.5", number("-2.5"));
}

TEST(very_large_and_very_small_numbers_use_excel_scientific_notation)
{
  CHECK_STR_EQ("1E+20", number("1E+20"));
  CHECK_STR_EQ("1.5E-07", number("1.5E-7"));
  CHECK_STR_EQ("1.23456789012346E+19", number("12345678901234567890"));
}

TEST(text_that_is_not_a_number_is_refused)
{
  CHECK_STR_EQ("(not a number)", number("abc"));
  CHECK_STR_EQ("(not a number)", number("12abc"));
  CHECK_STR_EQ("(not a number)", number(""));
  CHECK_STR_EQ("(not a number)", number("inf"));
}

TEST(serial_dates_in_the_1900_system_follow_excel)
{
  CHECK_STR_EQ("1900-01-01", date(1, XLSX_DATE, false));
  CHECK_STR_EQ("1900-02-28", date(59, XLSX_DATE, false));
  CHECK_STR_EQ("1900-02-29", date(60, XLSX_DATE, false)); /* Excel's fictitious leap day */
  CHECK_STR_EQ("1900-03-01", date(61, XLSX_DATE, false));
  CHECK_STR_EQ("2024-01-31", date(45322, XLSX_DATE, false));
  CHECK_STR_EQ("9999-12-31", date(2958465, XLSX_DATE, false));
  CHECK_STR_EQ("(not a date)", date(0, XLSX_DATE, false));
  CHECK_STR_EQ("(not a date)", date(-1, XLSX_DATE, false));
  CHECK_STR_EQ("(not a date)", date(2958466, XLSX_DATE, false));
}

TEST(the_1904_date_system_counts_from_1904_01_01)
{
  CHECK_STR_EQ("1904-01-01", date(0, XLSX_DATE, true));
  CHECK_STR_EQ("2024-01-31", date(45322 - 1462, XLSX_DATE, true));
}

TEST(times_and_date_times_are_rounded_to_the_second)
{
  CHECK_STR_EQ("2024-01-31T09:30:00", date(45322.395833333336, XLSX_DATETIME, false));
  CHECK_STR_EQ("09:30:00", date(0.395833333333, XLSX_TIME, false));
  CHECK_STR_EQ("2024-02-01T00:00:00", date(45322.99999999, XLSX_DATETIME, false));
  CHECK_STR_EQ("2024-01-31", date(45322.75, XLSX_DATE, false));
  CHECK_STR_EQ("2024-01-31T18:00:00", date(45322.75, XLSX_TIME, false));
}

TEST(excel_escapes_of_control_characters_are_decoded)
{
  char s[64] = "a_x000D_b_x005F_x000A_c_x0000_ _xZZ12_";
  size_t len = xlsx_unescape(s, strlen(s));
  CHECK_STR_EQ("a\rb_x000A_c_x0000_ _xZZ12_", s);
  CHECK_INT_EQ(strlen(s), len);
  char u[32] = "_x00E9_t_x00e9_";
  xlsx_unescape(u, strlen(u));
  CHECK_STR_EQ("\xC3\xA9t\xC3\xA9", u);
}

TEST(built_in_number_formats_14_to_22_and_45_to_47_are_dates_and_times)
{
  CHECK_INT_EQ(XLSX_NUMBER, xlsx_builtin_format_kind(0));
  CHECK_INT_EQ(XLSX_NUMBER, xlsx_builtin_format_kind(2));
  CHECK_INT_EQ(XLSX_NUMBER, xlsx_builtin_format_kind(49));
  CHECK_INT_EQ(XLSX_DATE, xlsx_builtin_format_kind(14));
  CHECK_INT_EQ(XLSX_DATE, xlsx_builtin_format_kind(17));
  CHECK_INT_EQ(XLSX_TIME, xlsx_builtin_format_kind(18));
  CHECK_INT_EQ(XLSX_TIME, xlsx_builtin_format_kind(21));
  CHECK_INT_EQ(XLSX_DATETIME, xlsx_builtin_format_kind(22));
  CHECK_INT_EQ(XLSX_TIME, xlsx_builtin_format_kind(45));
  CHECK_INT_EQ(XLSX_TIME, xlsx_builtin_format_kind(47));
}

TEST(custom_format_codes_are_dates_when_they_have_date_letters_outside_literals)
{
  CHECK_INT_EQ(XLSX_DATE, xlsx_format_code_kind("yyyy-mm-dd"));
  CHECK_INT_EQ(XLSX_DATE, xlsx_format_code_kind("dd/mm/yyyy"));
  CHECK_INT_EQ(XLSX_DATE, xlsx_format_code_kind("[$-409]mmmm d, yyyy;@"));
  CHECK_INT_EQ(XLSX_DATE, xlsx_format_code_kind("mmm-yy"));
  CHECK_INT_EQ(XLSX_DATETIME, xlsx_format_code_kind("yyyy-mm-dd hh:mm:ss"));
  CHECK_INT_EQ(XLSX_DATETIME, xlsx_format_code_kind("m/d/yyyy h:mm AM/PM"));
  CHECK_INT_EQ(XLSX_TIME, xlsx_format_code_kind("h:mm AM/PM"));
  CHECK_INT_EQ(XLSX_TIME, xlsx_format_code_kind("mm:ss"));
  CHECK_INT_EQ(XLSX_TIME, xlsx_format_code_kind("[h]:mm:ss"));
  CHECK_INT_EQ(XLSX_NUMBER, xlsx_format_code_kind("General"));
  CHECK_INT_EQ(XLSX_NUMBER, xlsx_format_code_kind("0.00"));
  CHECK_INT_EQ(XLSX_NUMBER, xlsx_format_code_kind("#,##0.00 \"days\""));
  CHECK_INT_EQ(XLSX_NUMBER, xlsx_format_code_kind("[Red]0.00;[Blue]-0.00"));
  CHECK_INT_EQ(XLSX_NUMBER, xlsx_format_code_kind("0\\d"));
  CHECK_INT_EQ(XLSX_NUMBER, xlsx_format_code_kind("00000"));
  CHECK_INT_EQ(XLSX_NUMBER, xlsx_format_code_kind("0.00E+00"));
}

TEST(formats_made_only_of_zeros_pad_numbers_to_their_width)
{
  CHECK_INT_EQ(5, xlsx_format_code_zero_pad("00000"));
  CHECK_INT_EQ(0, xlsx_format_code_zero_pad("0"));
  CHECK_INT_EQ(0, xlsx_format_code_zero_pad("00000-0000"));
  CHECK_INT_EQ(0, xlsx_format_code_zero_pad("0.00"));
  CHECK_INT_EQ(0, xlsx_format_code_zero_pad(""));
}

RUN_TESTS()
