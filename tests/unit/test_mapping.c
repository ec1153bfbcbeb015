/* Tests for src/input/mapping.c, map_file.c and the aliases of fields.c: header matching,
 * --map overrides, the missing-columns message and a report fed back as input. */
#include "input/mapping.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "base/diag.h"
#include "base/errors.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static char *log_text;
static size_t log_len;
static FILE *log_file;

/* mapping_init with diag captured into log_text. */
static int build(const char *const *header, size_t n, const char *map_file, struct mapping *m)
{
  free(log_text);
  log_text = NULL;
  log_file = open_memstream(&log_text, &log_len);
  diag_setup(DIAG_TEXT, DIAG_INFO, log_file);
  int rc = mapping_init(header, n, map_file, m);
  diag_setup(DIAG_TEXT, DIAG_INFO, NULL);
  fclose(log_file);
  return rc;
}

static const char *write_map(const char *yaml)
{
  static char path[64];
  (void)snprintf(path, sizeof(path), "/tmp/csp_test_map_XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0 || write(fd, yaml, strlen(yaml)) != (ssize_t)strlen(yaml))
    abort();
  close(fd);
  return path;
}

TEST(headers_map_through_names_and_aliases_ignoring_case_spaces_and_underscores)
{
  static const char *const header[] = {"Company Name", "COUNTRY/REGION",      "ZIP code",
                                       "e-mail",       "Primary_Domain_Name", "Notes"};
  struct mapping m;
  CHECK_INT_EQ(0, build(header, COUNT(header), NULL, &m));
  CHECK_INT_EQ(0, m.column_of[FIELD_COMPANY_NAME]);
  CHECK_INT_EQ(1, m.column_of[FIELD_COUNTRY]);
  CHECK_INT_EQ(2, m.column_of[FIELD_POSTAL_CODE]);
  CHECK_INT_EQ(3, m.column_of[FIELD_EMAIL]);
  CHECK_INT_EQ(4, m.column_of[FIELD_DOMAIN]);
  CHECK_INT_EQ(FIELD_NONE, m.field_of[5]);
  CHECK_INT_EQ(0, mapping_first_original_column(&m));
  mapping_release(&m);
}

TEST(spec_aliases_map_to_their_fields)
{
  static const struct {
    const char *header;
    enum field_id field;
  } cases[] = {
      {"Zip", FIELD_POSTAL_CODE},
      {"Postal code", FIELD_POSTAL_CODE},
      {"Postcode", FIELD_POSTAL_CODE},
      {"Country/Region", FIELD_COUNTRY},
      {"Company", FIELD_COMPANY_NAME},
      {"Organization name", FIELD_COMPANY_NAME},
      {"Microsoft ID", FIELD_TENANT_ID},
      {"Primary domain name", FIELD_DOMAIN},
      {"State/Province", FIELD_STATE},
      {"ZIP/Postal Code", FIELD_POSTAL_CODE},
      {"Address line 1", FIELD_ADDRESS_LINE1},
  };
  for (size_t i = 0; i < COUNT(cases); i++)
    CHECK_STR_EQ(field_name(cases[i].field), field_name(field_from_header(cases[i].header)));
}

TEST(the_office_365_partner_portal_export_is_a_valid_invite_list)
{
  static const char *const header[] = {"Microsoft ID", "Company name", "Primary domain name",
                                       "Relationship", "Tags"};
  struct mapping m;
  CHECK_INT_EQ(0, build(header, COUNT(header), NULL, &m));
  CHECK(mapping_has(&m, FIELD_TENANT_ID));
  CHECK(mapping_has(&m, FIELD_COMPANY_NAME));
  CHECK(!mapping_has(&m, FIELD_COUNTRY));
  mapping_release(&m);
}

TEST(the_first_of_two_columns_for_one_field_wins_with_a_warning)
{
  static const char *const header[] = {"company", "country", "domain", "Zip", "Postcode"};
  struct mapping m;
  CHECK_INT_EQ(0, build(header, COUNT(header), NULL, &m));
  CHECK_INT_EQ(3, m.column_of[FIELD_POSTAL_CODE]);
  CHECK_INT_EQ(FIELD_NONE, m.field_of[4]);
  CHECK_CONTAINS(log_text, "'Zip' and 5 'Postcode' both mean postal_code");
  mapping_release(&m);
}

TEST(missing_required_columns_are_named_with_the_closest_header)
{
  static const char *const header[] = {"Firm", "Contry", "Domian", "Stadt"};
  struct mapping m;
  CHECK_INT_EQ(CSP_E_MISSING_COLUMNS, build(header, COUNT(header), NULL, &m));
  CHECK_CONTAINS(log_text, "required columns are missing: company_name");
  CHECK_CONTAINS(log_text, "country (did you mean 'Contry'?)");
  CHECK_CONTAINS(log_text, "domain or tenant_id (did you mean 'Domian'?)");
  CHECK_CONTAINS(log_text, "The header has: 'Firm', 'Contry', 'Domian', 'Stadt'");
  mapping_release(&m);
}

TEST(a_file_with_neither_domain_nor_tenant_id_is_refused)
{
  static const char *const header[] = {"company_name", "country", "city"};
  struct mapping m;
  CHECK_INT_EQ(CSP_E_MISSING_COLUMNS, build(header, COUNT(header), NULL, &m));
  CHECK_CONTAINS(log_text, "missing: domain or tenant_id.");
  mapping_release(&m);
}

TEST(a_map_file_overrides_and_can_leave_a_column_unmapped)
{
  static const char *const header[] = {"Firmenname", "Land", "Domain", "Company"};
  const char *path = write_map("# ours\n\"Firmenname\": company_name\nland: Country\n"
                               "Company: ~\n");
  struct mapping m;
  CHECK_INT_EQ(0, build(header, COUNT(header), path, &m));
  unlink(path);
  CHECK_INT_EQ(0, m.column_of[FIELD_COMPANY_NAME]);
  CHECK_INT_EQ(1, m.column_of[FIELD_COUNTRY]);
  CHECK_INT_EQ(2, m.column_of[FIELD_DOMAIN]);
  CHECK_INT_EQ(FIELD_NONE, m.field_of[3]);
  CHECK(log_text == NULL || strstr(log_text, "both mean") == NULL);
  mapping_release(&m);
}

TEST(a_map_file_naming_an_unknown_field_fails_with_file_line_and_column)
{
  static const char *const header[] = {"company", "country", "domain"};
  const char *path = write_map("company: company_name\ncountry:   contry\n");
  struct mapping m;
  CHECK_INT_EQ(CSP_E_CONFIG, build(header, COUNT(header), path, &m));
  char where[256];
  (void)snprintf(where, sizeof(where), "%s:2:12: 'contry' is not a canonical field", path);
  CHECK_CONTAINS(log_text, where);
  unlink(path);
  mapping_release(&m);
}

TEST(a_map_file_that_is_not_yaml_fails_with_its_position)
{
  static const char *const header[] = {"company", "country", "domain"};
  const char *path = write_map("company: [unclosed\n");
  struct mapping m;
  CHECK_INT_EQ(CSP_E_CONFIG, build(header, COUNT(header), path, &m));
  CHECK_CONTAINS(log_text, path);
  CHECK_CONTAINS(log_text, ":2:1: did not find expected");
  unlink(path);
  mapping_release(&m);
}

TEST(a_map_entry_for_a_header_the_file_lacks_is_a_warning)
{
  static const char *const header[] = {"company", "country", "domain"};
  const char *path = write_map("Telefon: phone\n");
  struct mapping m;
  CHECK_INT_EQ(0, build(header, COUNT(header), path, &m));
  CHECK_CONTAINS(log_text, "the input has no column 'Telefon'");
  unlink(path);
  mapping_release(&m);
}

TEST(a_report_fed_back_as_input_maps_only_its_original_columns)
{
  static const char *const header[] = {"row",         "line",           "action",
                                       "status",      "reason_code",    "reason",
                                       "warnings",    "customer_id",    "tenant_id",
                                       "domain",      "invite_url",     "suggested_address",
                                       "http_status", "attempts",       "elapsed_ms",
                                       "request_id",  "correlation_id", "finished_at",
                                       "Company",     "Country",        "Domain",
                                       "Notes"};
  struct mapping m;
  CHECK_INT_EQ(0, build(header, COUNT(header), NULL, &m));
  CHECK_INT_EQ(18, mapping_first_original_column(&m));
  CHECK_INT_EQ(18, m.column_of[FIELD_COMPANY_NAME]);
  CHECK_INT_EQ(20, m.column_of[FIELD_DOMAIN]);
  CHECK(!mapping_has(&m, FIELD_TENANT_ID));
  CHECK_INT_EQ(FIELD_NONE, m.field_of[8]);
  mapping_release(&m);
}

TEST(apply_sets_mapped_values_raw_and_leaves_absent_ones_empty)
{
  static const char *const header[] = {"company", "country", "domain", "city"};
  struct mapping m;
  CHECK_INT_EQ(0, build(header, COUNT(header), NULL, &m));
  struct row row;
  row_init(&row);
  static const char *cells[] = {"  Contoso Ltd ", "de", "contoso"}; /* short row: no city */
  row.cells = cells;
  row.ncells = 3;
  mapping_apply(&m, &row);
  CHECK_STR_EQ("  Contoso Ltd ", row_get(&row, FIELD_COMPANY_NAME));
  CHECK_STR_EQ("de", row_get(&row, FIELD_COUNTRY));
  CHECK_STR_EQ("", row.value[FIELD_CITY]);
  CHECK_STR_EQ("", row.value[FIELD_EMAIL]);
  row_release(&row);
  mapping_release(&m);
}

TEST(apply_marks_the_fields_whose_cells_were_numbers_and_adds_no_finding)
{
  static const char *const header[] = {"company", "country", "domain", "zip", "phone", "seats"};
  struct mapping m;
  CHECK_INT_EQ(0, build(header, COUNT(header), NULL, &m));
  struct row row;
  row_init(&row);
  static const char *cells[] = {"Contoso", "US", "contoso", "2108", "4255550100", "12"};
  row.cells = cells;
  row.ncells = COUNT(cells);
  row.numeric_cells[0] = 1u << 3 | 1u << 5; /* zip and seats; phone was text */
  row.numeric_fields[FIELD_PHONE / 8] = (unsigned char)(1u << (FIELD_PHONE % 8)); /* stale */
  mapping_apply(&m, &row);
  CHECK(row_numeric_field(&row, FIELD_POSTAL_CODE));
  CHECK(!row_numeric_field(&row, FIELD_PHONE));
  CHECK(!row_numeric_field(&row, FIELD_COMPANY_NAME));
  CHECK(!row_numeric_field(&row, FIELD_NONE));
  CHECK_INT_EQ(0, row.nviolations);
  row_release(&row);
  mapping_release(&m);
}

TEST(a_row_with_values_past_the_header_is_flagged_but_trailing_empty_cells_are_not)
{
  static const char *const header[] = {"company", "country", "domain"};
  struct mapping m;
  CHECK_INT_EQ(0, build(header, COUNT(header), NULL, &m));
  struct row row;
  row_init(&row);
  static const char *trailing[] = {"Contoso", "US", "contoso", "", ""};
  row.cells = trailing;
  row.ncells = 5;
  mapping_apply(&m, &row);
  CHECK_INT_EQ(REASON_NONE, row.input_problem);
  static const char *shifted[] = {"Contoso", " Ltd", "US", "contoso"}; /* unquoted comma */
  row.cells = shifted;
  row.ncells = 4;
  mapping_apply(&m, &row);
  CHECK_INT_EQ(REASON_EXTRA_CELLS, row.input_problem);
  row_release(&row);
  mapping_release(&m);
}

RUN_TESTS()
