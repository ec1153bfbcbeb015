/* Tests for src/classify/classify.c: the decision table's order and each outcome. */
#include "classify/classify.h"

#include "check.h"

static struct classify_context direct_us = {PARTNER_DIRECT, "United States", false, false};

static struct classify_facts us_facts(void)
{
  return (struct classify_facts){.country_group = "United States"};
}

static void new_row(struct row *row, enum row_action action)
{
  row_init(row);
  row->number = 1;
  row->action = action;
  row_set(row, FIELD_COUNTRY, "US");
  row_set(row, FIELD_DOMAIN, "contoso");
}

TEST(a_row_of_an_embargoed_country_is_rejected_whatever_else_it_holds)
{
  struct row row;
  new_row(&row, ACTION_CREATE);
  row_add_violation(&row, FIELD_EMAIL, VIOLATION_MISSING, false, "email is required");
  struct classify_facts facts = {.rejected_reason = "Microsoft does not sell in Cuba"};
  CHECK_INT_EQ(ROW_REJECTED, classify_row(&direct_us, &facts, &row));
  CHECK_INT_EQ(REASON_EMBARGOED, row.reason);
  CHECK_STR_EQ("Microsoft does not sell in Cuba", row.reason_text);
  row_release(&row);
}

TEST(a_clean_row_is_left_pending_for_execution)
{
  struct row row;
  new_row(&row, ACTION_CREATE);
  struct classify_facts facts = us_facts();
  CHECK_INT_EQ(ROW_PENDING, classify_row(&direct_us, &facts, &row));
  row_release(&row);
}

TEST(a_dry_run_reports_what_it_would_do)
{
  struct classify_context ctx = direct_us;
  ctx.dry_run = true;
  struct row row;
  new_row(&row, ACTION_INVITE);
  struct classify_facts facts = us_facts();
  CHECK_INT_EQ(ROW_WOULD_INVITE, classify_row(&ctx, &facts, &row));
  row_release(&row);
}

TEST(validation_errors_win_over_everything_but_unreadable_bytes)
{
  struct row row;
  new_row(&row, ACTION_CREATE);
  row_add_violation(&row, FIELD_PHONE, VIOLATION_MISSING, false, "phone is required");
  struct classify_facts facts = us_facts();
  facts.duplicate_of = 1;
  CHECK_INT_EQ(ROW_INVALID, classify_row(&direct_us, &facts, &row));
  CHECK_INT_EQ(REASON_VALIDATION, row.reason);
  row.input_problem = REASON_BAD_ENCODING;
  classify_row(&direct_us, &facts, &row);
  CHECK_INT_EQ(REASON_BAD_ENCODING, row.reason);
  row_release(&row);
}

TEST(warnings_do_not_block_a_row)
{
  struct row row;
  new_row(&row, ACTION_CREATE);
  row_add_violation(&row, FIELD_COMPANY_NAME, VIOLATION_PATTERN, true, "odd");
  struct classify_facts facts = us_facts();
  CHECK_INT_EQ(ROW_PENDING, classify_row(&direct_us, &facts, &row));
  row_release(&row);
}

TEST(a_country_outside_the_partner_group_is_rejected_for_invites_too)
{
  struct row row;
  new_row(&row, ACTION_INVITE);
  struct classify_facts facts = {.country_group = "Europe"};
  CHECK_INT_EQ(ROW_REJECTED, classify_row(&direct_us, &facts, &row));
  CHECK_INT_EQ(REASON_MARKET_NOT_ALLOWED, row.reason);
  facts.country_group = NULL; /* Russia: in no group */
  CHECK_INT_EQ(ROW_REJECTED, classify_row(&direct_us, &facts, &row));
  row_release(&row);
}

TEST(an_indirect_reseller_cannot_create_but_may_invite)
{
  struct classify_context ctx = direct_us;
  ctx.partner_type = PARTNER_INDIRECT_RESELLER;
  struct row row;
  new_row(&row, ACTION_CREATE);
  struct classify_facts facts = us_facts();
  CHECK_INT_EQ(ROW_REJECTED, classify_row(&ctx, &facts, &row));
  CHECK_INT_EQ(REASON_RESELLER_CANNOT_CREATE, row.reason);
  row_release(&row);
  new_row(&row, ACTION_INVITE);
  CHECK_INT_EQ(ROW_PENDING, classify_row(&ctx, &facts, &row));
  row_release(&row);
}

TEST(an_indirect_provider_create_needs_the_associated_partner)
{
  struct classify_context ctx = direct_us;
  ctx.partner_type = PARTNER_INDIRECT_PROVIDER;
  struct row row;
  new_row(&row, ACTION_CREATE);
  struct classify_facts facts = us_facts();
  CHECK_INT_EQ(ROW_INVALID, classify_row(&ctx, &facts, &row));
  CHECK_INT_EQ(REASON_NO_ASSOCIATED_PARTNER, row.reason);
  row_set(&row, FIELD_ASSOCIATED_PARTNER_ID, "4b4c2a6e-0a4c-4c3e-9b7a-7d1f2b8a9c01");
  row.status = ROW_PENDING;
  CHECK_INT_EQ(ROW_PENDING, classify_row(&ctx, &facts, &row));
  row_release(&row);
}

TEST(duplicates_name_the_first_row)
{
  struct row row;
  new_row(&row, ACTION_CREATE);
  struct classify_facts facts = us_facts();
  facts.duplicate_of = 7;
  CHECK_INT_EQ(ROW_SKIPPED, classify_row(&direct_us, &facts, &row));
  CHECK_STR_EQ("duplicate of row 7", row.reason_text);
  row_release(&row);
}

TEST(journal_and_customer_list_skips_and_a_taken_domain)
{
  struct row row;
  new_row(&row, ACTION_CREATE);
  struct classify_facts facts = us_facts();
  facts.done_before = true;
  CHECK_INT_EQ(ROW_SKIPPED, classify_row(&direct_us, &facts, &row));
  CHECK_INT_EQ(REASON_ALREADY_DONE, row.reason);
  facts.done_before = false;
  facts.already_customer = true;
  classify_row(&direct_us, &facts, &row);
  CHECK_INT_EQ(REASON_ALREADY_CUSTOMER, row.reason);
  facts.already_customer = false;
  facts.domain_taken = true;
  CHECK_INT_EQ(ROW_INVALID, classify_row(&direct_us, &facts, &row));
  CHECK_CONTAINS(row.reason_text, "give tenant_id or action invite");
  row_release(&row);
}

/* The address verdict found online: a warning with the suggestion on a row that goes on; with
 * --strict-address an unverified address makes the row invalid (address_not_verified, the
 * finding an error); a failed check is a warning either way. */
TEST(an_unverified_address_warns_and_refuses_the_row_only_when_strict)
{
  struct row row;
  new_row(&row, ACTION_CREATE);
  struct classify_facts facts = us_facts();
  facts.address = ADDRESS_NOT_VERIFIED;
  facts.address_status = "NotValidated";
  facts.suggested_address = "1 Microsoft Way, Redmond";
  CHECK_INT_EQ(ROW_PENDING, classify_row(&direct_us, &facts, &row));
  CHECK_INT_EQ(1, (int)row.nviolations);
  CHECK(row.violations[0].warning);
  CHECK_CONTAINS(row.violations[0].message, "suggested: 1 Microsoft Way");
  CHECK_STR_EQ("1 Microsoft Way, Redmond", row.outcome.suggested_address);
  row_release(&row);

  struct classify_context strict = direct_us;
  strict.strict_address = true;
  new_row(&row, ACTION_CREATE);
  CHECK_INT_EQ(ROW_INVALID, classify_row(&strict, &facts, &row));
  CHECK_INT_EQ(REASON_ADDRESS_NOT_VERIFIED, row.reason);
  CHECK_INT_EQ(1, (int)row.nviolations);
  CHECK(!row.violations[0].warning);
  row_release(&row);

  facts.address = ADDRESS_VERIFIED;
  new_row(&row, ACTION_CREATE);
  CHECK_INT_EQ(ROW_PENDING, classify_row(&strict, &facts, &row));
  CHECK_INT_EQ(0, (int)row.nviolations);
  row_release(&row);

  facts.address = ADDRESS_CHECK_FAILED;
  facts.address_http_status = 500;
  new_row(&row, ACTION_CREATE);
  CHECK_INT_EQ(ROW_PENDING, classify_row(&strict, &facts, &row));
  CHECK_INT_EQ(1, (int)row.nviolations);
  CHECK(row.violations[0].warning);
  CHECK_CONTAINS(row.violations[0].message, "HTTP 500");
  row_release(&row);
}

RUN_TESTS()
