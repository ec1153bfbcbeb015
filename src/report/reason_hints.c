/* The hint table (reason_hints.h): data, one row per code, keyed by the stable names of
 * errors.h, so a new reason without advice shows in its unit test. */
#include "report/reason_hints.h"

#include <stddef.h>
#include <string.h>

struct hint {
  const char *code;
  const char *text;
};

static const struct hint reason_hints[] = {
    {"bad_encoding", "Save the file as UTF-8, or pass --encoding with the file's real encoding."},
    {"field_too_long", "Shorten the cell to under 64 KiB; an unclosed quote can swallow the "
                       "lines after it."},
    {"too_many_columns", "Remove the extra columns: a row has at most 256."},
    {"extra_cells", "Put quotes around values that contain the delimiter (\"Smith, Jones & Co\"), "
                    "or pass --delimiter."},
    {"unclosed_quote", "Close the quote in this line (or remove it): the lines the message names "
                       "are reported as rows of their own."},
    {"validation", "Correct the cells the message names, then run again."},
    {"duplicate", "The same customer appears earlier in the file: remove this row, or give it a "
                  "domain of its own."},
    {"already_done", "Nothing to do: an earlier run finished this row (its journal says so)."},
    {"already_customer", "Nothing to do: this tenant is already your customer."},
    {"domain_taken", "Choose another .onmicrosoft.com prefix; the suggested_address column of the "
                     "report may offer one."},
    {"market_not_allowed", "Correct the country, or onboard the customer from a partner account "
                           "in that region."},
    {"embargoed",
     "Microsoft does not sell there: these customers cannot be onboarded through CSP."},
    {"reseller_cannot_create", "Set action to invite: the customer accepts the invitation link."},
    {"associated_partner_required", "Fill in associated_partner_id with the indirect reseller's "
                                    "partner ID."},
    {"api_error", "Partner Center's message says what it refused: correct the row and run again."},
    {"retries_exhausted", "Partner Center did not answer in time: run again later; the journal "
                          "makes a second run safe."},
    {"run_aborted", "The run stopped before these rows were sent: run the same command again to "
                    "continue."},
    {"invite_mail_failed", "Check the invites: SMTP settings; the next run with --send-invites "
                           "sends the email again."},
    {"limit_reached", "Outside --limit or --only: run again without them to process these rows."},
    {"address_not_verified", "Correct the address (the suggested_address column may offer "
                             "Partner Center's), or run without --strict-address."},
    {"journal_failed", "Nothing was sent: make the journal's folder writable (and its disk not "
                       "full), then run again."},
    {"request_too_large", "Nothing was sent: shorten the row's longest values, then run again."},
    {"password_not_saved", "Make the credentials file writable, then run the same command with "
                           "--reset-lost-passwords to set a new admin password."},
    {"password_not_received", "Run the same command with --reset-lost-passwords: it sets a new "
                              "admin password and saves it to the credentials file."},
};

static const struct hint violation_hints[] = {
    {"missing", "Fill in this column: the market requires it."},
    {"too_long", "Shorten the value to the length the message gives."},
    {"too_short", "Lengthen the value to the minimum the message gives."},
    {"pattern", "Rewrite the value in the format the message describes."},
    {"not_in_list", "Use one of the values the message lists."},
    {"checksum", "The check digit does not match: look for a mistyped digit."},
    {"format", "Rewrite the value in the format the message describes."},
    {"forbidden", "Leave this column empty on such rows, as the message explains."},
    {"converted", "Nothing to fix: the value was sent in the form the message shows; check it."},
    {"state_mismatch", "Make the state and the postal code or city agree, as the message says."},
    {"other_country", "The value belongs to another country: correct it or the country."},
    {"control_character", "Remove the line break, tab or control character from the cell (in "
                          "Excel: Alt+Enter makes a line break)."},
    {"attestation_failed", "The customer exists: record its Microsoft Customer Agreement in "
                           "Partner Center, as the message says."},
};

static const char *lookup(const struct hint *table, size_t n, const char *code)
{
  for (size_t i = 0; i < n; i++)
    if (!strcmp(table[i].code, code))
      return table[i].text;
  return NULL;
}

const char *reason_hint(const char *key)
{
  const char *colon = strchr(key, ':');
  if (colon)
    return lookup(violation_hints, sizeof(violation_hints) / sizeof(violation_hints[0]), colon + 1);
  return lookup(reason_hints, sizeof(reason_hints) / sizeof(reason_hints[0]), key);
}
