/* Tests for src/rules/normalize_row.c: trimming, case, the auto action rule, identities. */
#include "rules/normalize_row.h"

#include "check.h"

static void row_with(struct row *row, const char *action, const char *domain, const char *tenant)
{
  row_init(row);
  row_set(row, FIELD_ACTION, action);
  row_set(row, FIELD_DOMAIN, domain);
  row_set(row, FIELD_TENANT_ID, tenant);
  row_set(row, FIELD_COUNTRY, " us ");
}

TEST(auto_with_an_onmicrosoft_prefix_means_create)
{
  struct row row;
  row_with(&row, "", " Contoso.onmicrosoft.com ", "");
  normalize_row(&row);
  CHECK_INT_EQ(ACTION_CREATE, row.action);
  CHECK_STR_EQ("contoso", row_get(&row, FIELD_DOMAIN));
  CHECK_STR_EQ("US", row_get(&row, FIELD_COUNTRY));
  char id[128];
  CHECK(row_identity(&row, id, sizeof(id)));
  CHECK_STR_EQ("domain:contoso.onmicrosoft.com", id);
  row_release(&row);
}

TEST(auto_with_an_existing_domain_or_a_tenant_means_invite)
{
  struct row row;
  row_with(&row, "AUTO", "fabrikam.com", "");
  normalize_row(&row);
  CHECK_INT_EQ(ACTION_INVITE, row.action);
  CHECK_STR_EQ("fabrikam.com", row_get(&row, FIELD_DOMAIN));
  row_release(&row);
  row_with(&row, "", "", "3F2504E0-4F89-11D3-9A0C-0305E82C3301");
  normalize_row(&row);
  CHECK_INT_EQ(ACTION_INVITE, row.action);
  char id[128];
  CHECK(row_identity(&row, id, sizeof(id)));
  CHECK_STR_EQ("tenant:3f2504e0-4f89-11d3-9a0c-0305e82c3301", id);
  row_release(&row);
}

TEST(an_unknown_action_and_a_create_with_a_tenant_are_violations)
{
  struct row row;
  row_with(&row, "delete", "x", "");
  normalize_row(&row);
  CHECK_INT_EQ(1, row.nviolations);
  CHECK_INT_EQ(VIOLATION_NOT_IN_LIST, row.violations[0].code);
  row_release(&row);
  row_with(&row, "create", "x", "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
  normalize_row(&row);
  CHECK(row_has_errors(&row));
  CHECK_INT_EQ(FIELD_TENANT_ID, row.violations[0].field);
  row_release(&row);
}

TEST(uk_is_read_as_gb_with_a_warning)
{
  struct row row;
  row_with(&row, "", "x", "");
  row_set(&row, FIELD_COUNTRY, "uk");
  normalize_row(&row);
  CHECK_STR_EQ("GB", row_get(&row, FIELD_COUNTRY));
  CHECK(!row_has_errors(&row));
  CHECK_INT_EQ(1, row.nviolations);
  row_release(&row);
}

TEST(no_break_spaces_from_spreadsheets_are_trimmed)
{
  struct row row;
  row_with(&row, "", "x", "");
  row_set(&row, FIELD_COMPANY_NAME, "\xC2\xA0 Contoso Ltd\xC2\xA0");
  normalize_row(&row);
  CHECK_STR_EQ("Contoso Ltd", row_get(&row, FIELD_COMPANY_NAME));
  row_release(&row);
}

TEST(case_changes_only_ascii_letters_and_leaves_clean_values_in_place)
{
  struct row row;
  row_with(&row, "INVITE", "Mü\xC3\x9CNCHEN-Ä.DE", "6F8A1C2E-0B3D-4E5F-8A9B-1C2D3E4F5A6B");
  row_set(&row, FIELD_COUNTRY, "dé");
  normalize_row(&row);
  CHECK_STR_EQ("invite", row_get(&row, FIELD_ACTION));
  CHECK_STR_EQ("mü\xC3\x9Cnchen-Ä.de", row_get(&row, FIELD_DOMAIN));
  CHECK_STR_EQ("6f8a1c2e-0b3d-4e5f-8a9b-1c2d3e4f5a6b", row_get(&row, FIELD_TENANT_ID));
  CHECK_STR_EQ("Dé", row_get(&row, FIELD_COUNTRY));
  const char *clean = row_get(&row, FIELD_DOMAIN);
  normalize_row(&row);
  CHECK(clean == row_get(&row, FIELD_DOMAIN));
  row_release(&row);
}

TEST(a_row_without_domain_or_tenant_has_no_identity)
{
  struct row row;
  row_with(&row, "", "", "");
  normalize_row(&row);
  char id[64];
  CHECK(!row_identity(&row, id, sizeof(id)));
  row_release(&row);
}

RUN_TESTS()
