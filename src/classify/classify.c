/* SPEC §7 as a table. Each entry pairs a question about the row with the status and reason
 * it gets when the answer is yes; the first yes wins, so the order below is the policy:
 * unreadable before invalid, invalid before rejected, rejected before skipped — except a
 * country Microsoft does not sell in (status embargoed): its rows are rejected whatever else
 * they hold. */
#include "classify/classify.h"

#include <string.h>

struct decision {
  bool (*applies)(const struct classify_context *ctx, const struct classify_facts *facts,
                  const struct row *row);
  enum row_status status;
  enum row_reason reason;
};

static bool unreadable(const struct classify_context *ctx, const struct classify_facts *facts,
                       const struct row *row)
{
  (void)ctx, (void)facts;
  return row->input_problem != REASON_NONE;
}

static bool embargoed(const struct classify_context *ctx, const struct classify_facts *facts,
                      const struct row *row)
{
  (void)ctx, (void)row;
  return facts->rejected_reason != NULL;
}

static bool breaks_rules(const struct classify_context *ctx, const struct classify_facts *facts,
                         const struct row *row)
{
  (void)ctx, (void)facts;
  return row_has_errors(row);
}

static bool outside_market_group(const struct classify_context *ctx,
                                 const struct classify_facts *facts, const struct row *row)
{
  (void)row;
  return !ctx->partner_group || !facts->country_group ||
         strcmp(ctx->partner_group, facts->country_group) != 0;
}

static bool reseller_create(const struct classify_context *ctx, const struct classify_facts *facts,
                            const struct row *row)
{
  (void)facts;
  return ctx->partner_type == PARTNER_INDIRECT_RESELLER && row->action == ACTION_CREATE;
}

static bool provider_without_reseller(const struct classify_context *ctx,
                                      const struct classify_facts *facts, const struct row *row)
{
  (void)facts;
  return ctx->partner_type == PARTNER_INDIRECT_PROVIDER && row->action == ACTION_CREATE &&
         !*row_get(row, FIELD_ASSOCIATED_PARTNER_ID);
}

static bool duplicate(const struct classify_context *ctx, const struct classify_facts *facts,
                      const struct row *row)
{
  (void)ctx, (void)row;
  return facts->duplicate_of != 0;
}

static bool done_before(const struct classify_context *ctx, const struct classify_facts *facts,
                        const struct row *row)
{
  (void)ctx, (void)row;
  return facts->done_before;
}

static bool done_without_password(const struct classify_context *ctx,
                                  const struct classify_facts *facts, const struct row *row)
{
  (void)ctx, (void)row;
  return facts->done_before && facts->password_lost != REASON_NONE;
}

static bool already_customer(const struct classify_context *ctx, const struct classify_facts *facts,
                             const struct row *row)
{
  (void)ctx, (void)row;
  return facts->already_customer;
}

static bool domain_taken(const struct classify_context *ctx, const struct classify_facts *facts,
                         const struct row *row)
{
  (void)ctx;
  return row->action == ACTION_CREATE && facts->domain_taken;
}

static bool address_refused(const struct classify_context *ctx, const struct classify_facts *facts,
                            const struct row *row)
{
  (void)row;
  return ctx->strict_address && facts->address == ADDRESS_NOT_VERIFIED;
}

static const struct decision decisions[] = {
    {unreadable, ROW_INVALID, REASON_NONE}, /* reason: the row's own input problem */
    {embargoed, ROW_REJECTED, REASON_EMBARGOED},
    {breaks_rules, ROW_INVALID, REASON_VALIDATION},
    {provider_without_reseller, ROW_INVALID, REASON_NO_ASSOCIATED_PARTNER},
    {outside_market_group, ROW_REJECTED, REASON_MARKET_NOT_ALLOWED},
    {reseller_create, ROW_REJECTED, REASON_RESELLER_CANNOT_CREATE},
    {duplicate, ROW_SKIPPED, REASON_DUPLICATE},
    {done_without_password, ROW_SKIPPED, REASON_PASSWORD_NOT_RECEIVED}, /* or NOT_SAVED */
    {done_before, ROW_SKIPPED, REASON_ALREADY_DONE},
    {already_customer, ROW_SKIPPED, REASON_ALREADY_CUSTOMER},
    {domain_taken, ROW_INVALID, REASON_DOMAIN_TAKEN},
    {address_refused, ROW_INVALID, REASON_ADDRESS_NOT_VERIFIED},
};

/* The address verdict as a finding on address_line1 (an error when it refuses the row), with
 * Partner Center's suggestion in the report's column. */
static void note_address(const struct classify_facts *facts, struct row *row, bool error)
{
  if (facts->address == ADDRESS_CHECK_FAILED) {
    row_add_violation(row, FIELD_ADDRESS_LINE1, VIOLATION_FORMAT, true,
                      "the address could not be checked (HTTP %d)", facts->address_http_status);
    return;
  }
  if (facts->address != ADDRESS_NOT_VERIFIED)
    return;
  const char *suggested = facts->suggested_address;
  if (suggested)
    row->outcome.suggested_address = arena_strdup(&row->arena, suggested);
  row_add_violation(row, FIELD_ADDRESS_LINE1, VIOLATION_FORMAT, !error,
                    "Partner Center could not verify the address (%s)%s%s",
                    facts->address_status ? facts->address_status : "no status",
                    suggested ? "; suggested: " : "", suggested ? suggested : "");
}

static void explain(const struct classify_context *ctx, const struct classify_facts *facts,
                    struct row *row, const struct decision *d)
{
  enum row_reason reason = d->reason == REASON_NONE ? row->input_problem : d->reason;
  if (d->reason == REASON_PASSWORD_NOT_RECEIVED)
    reason = facts->password_lost; /* the loss as the journal recorded it */
  switch (reason) {
  case REASON_PASSWORD_NOT_RECEIVED:
  case REASON_PASSWORD_NOT_SAVED:
    row_finish(row, d->status, reason,
               "created in an earlier run without its initial admin password: csponboard run "
               "INPUT --reset-lost-passwords resets it (%s)",
               row_reason_message(reason));
    break;
  case REASON_DUPLICATE:
    row_finish(row, d->status, reason, "duplicate of row %zu", facts->duplicate_of);
    break;
  case REASON_MARKET_NOT_ALLOWED: {
    /* Often most of a multi-market file: joined, not printf'ed. */
    const char *pieces[] = {"country ",
                            row_get(row, FIELD_COUNTRY),
                            " (",
                            facts->country_group ? facts->country_group : "no group",
                            ") is outside the partner's market group (",
                            ctx->partner_group ? ctx->partner_group : "none",
                            "): a partner may only add or invite customers in its own market "
                            "group"};
    row_set_outcome(row, d->status, reason,
                    arena_concat(&row->arena, pieces, sizeof(pieces) / sizeof(pieces[0])));
    break;
  }
  case REASON_ADDRESS_NOT_VERIFIED:
    note_address(facts, row, true);
    row_set_outcome(row, d->status, reason, row_reason_message(reason));
    break;
  case REASON_EMBARGOED:
    row_set_outcome(row, d->status, reason, facts->rejected_reason);
    break;
  case REASON_DOMAIN_TAKEN:
    row_finish(row, d->status, reason,
               "%s.onmicrosoft.com is taken; if the customer already owns that tenant, give "
               "tenant_id or action invite",
               row_get(row, FIELD_DOMAIN));
    break;
  default:
    row_set_outcome(row, d->status, reason,
                    reason == row->input_problem && row->input_detail ? row->input_detail
                                                                      : row_reason_message(reason));
  }
}

enum row_status classify_row(const struct classify_context *ctx, const struct classify_facts *facts,
                             struct row *row)
{
  for (size_t i = 0; i < sizeof(decisions) / sizeof(decisions[0]); i++) {
    if (decisions[i].applies(ctx, facts, row)) {
      explain(ctx, facts, row, &decisions[i]);
      return row->status;
    }
  }
  note_address(facts, row, false);
  if (ctx->dry_run)
    row_set_outcome(row, row->action == ACTION_CREATE ? ROW_WOULD_CREATE : ROW_WOULD_INVITE,
                    REASON_NONE, NULL);
  return row->status;
}
