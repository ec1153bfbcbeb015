/* The one list of codes csponboard uses, each with its stable name and its message, defined
 * once as X-macros (libuv's UV_ERRNO_MAP) so that the name in the report and the text a user
 * reads cannot drift apart.
 *
 *   CSP_ERRORS      run-level return codes (functions return int rc: 0 or one of these)
 *   ROW_STATUSES    the report's status column
 *   ROW_REASONS     the report's reason_code column for rows that are not plain successes
 *   VIOLATIONS      the code half of a validation "field:code"
 */
#ifndef CSP_ERRORS_H
#define CSP_ERRORS_H

#define CSP_ERRORS(X) \
  X(OK, "ok", "success") \
  X(USAGE, "usage", "wrong command-line usage") \
  X(CONFIG, "config", "configuration error") \
  X(IO, "io", "input/output error") \
  X(NOMEM, "nomem", "out of memory") \
  X(INPUT, "input", "the input file cannot be read as a customer list") \
  X(MISSING_COLUMNS, "missing_columns", "required columns are missing") \
  X(RULES, "rules", "the rule files cannot be loaded") \
  X(LIMIT, "limit", "a size limit was exceeded") \
  X(ENCODING, "encoding", "invalid text encoding") \
  X(JOURNAL, "journal", "the journal cannot be used") \
  X(LOCKED, "locked", "another run holds the journal lock") \
  X(AUTH, "auth", "authentication refused") \
  X(FORBIDDEN, "forbidden", "the signed-in user needs the admin agent role") \
  X(UNREACHABLE, "unreachable", "the API cannot be reached") \
  X(PROTOCOL, "protocol", "the API answered something unexpected") \
  X(INTERRUPTED, "interrupted", "interrupted by a signal") \
  X(MAX_ERRORS, "max_errors", "stopped after --max-errors invalid or failed rows") \
  X(NOT_FOUND, "not_found", "not found") \
  X(SANDBOX, "sandbox", "the sandbox server failed")

enum csp_error {
#define X(id, name, msg) CSP_E_##id,
  CSP_ERRORS(X)
#undef X
      CSP_E_COUNT
};

#define ROW_STATUSES(X) \
  X(PENDING, "") \
  X(CREATED, "created") \
  X(INVITED, "invited") \
  X(SKIPPED, "skipped") \
  X(INVALID, "invalid") \
  X(REJECTED, "rejected") \
  X(FAILED, "failed") \
  X(NOT_ATTEMPTED, "not_attempted") \
  X(WOULD_CREATE, "would_create") \
  X(WOULD_INVITE, "would_invite")

enum row_status {
#define X(id, name) ROW_##id,
  ROW_STATUSES(X)
#undef X
      ROW_STATUS_COUNT
};

#define ROW_REASONS(X) \
  X(NONE, "", "") \
  X(BAD_ENCODING, "bad_encoding", "the row is not valid text in the input's encoding") \
  X(FIELD_TOO_LONG, "field_too_long", "a field is longer than 64 KiB") \
  X(TOO_MANY_COLUMNS, "too_many_columns", "the row has more than 256 columns") \
  X(EXTRA_CELLS, "extra_cells", \
    "the row has more cells than the header: a value may hold an unquoted delimiter, so the " \
    "row's values may be shifted") \
  X(UNCLOSED_QUOTE, "unclosed_quote", \
    "a quote opened in this row is not closed on its line, and the lines after it look like " \
    "rows of their own") \
  X(VALIDATION, "validation", "the row breaks the market's field rules") \
  X(DUPLICATE, "duplicate", "duplicate of an earlier row") \
  X(ALREADY_DONE, "already_done", "done in an earlier run") \
  X(ALREADY_CUSTOMER, "already_customer", "already a customer of this partner") \
  X(DOMAIN_TAKEN, "domain_taken", "the .onmicrosoft.com domain is taken") \
  X(MARKET_NOT_ALLOWED, "market_not_allowed", "the country is outside the partner's market group") \
  X(EMBARGOED, "embargoed", "Microsoft does not sell in this country") \
  X(RESELLER_CANNOT_CREATE, "reseller_cannot_create", \
    "an indirect reseller cannot create customers through the API; invite the customer instead") \
  X(NO_ASSOCIATED_PARTNER, "associated_partner_required", \
    "an indirect provider's create needs associated_partner_id") \
  X(API_ERROR, "api_error", "Partner Center refused the request") \
  X(RETRIES_EXHAUSTED, "retries_exhausted", "no success after the last allowed attempt") \
  X(RUN_ABORTED, "run_aborted", "the run stopped before this row was sent") \
  X(INVITE_MAIL_FAILED, "invite_mail_failed", \
    "the invitation link is valid, but emailing it failed; the next run sends it again") \
  X(LIMIT_REACHED, "limit_reached", "outside --limit or --only") \
  X(ADDRESS_NOT_VERIFIED, "address_not_verified", \
    "Partner Center could not verify the address, and --strict-address refuses such rows") \
  X(JOURNAL_FAILED, "journal_failed", \
    "the local journal could not record the row, so nothing was sent for it") \
  X(REQUEST_TOO_LARGE, "request_too_large", \
    "the request could not be built: a value is too large; nothing was sent") \
  X(PASSWORD_NOT_SAVED, "password_not_saved", \
    "created, but the initial admin password could not be saved to the credentials file") \
  X(PASSWORD_NOT_RECEIVED, "password_not_received", \
    "created, but the create's answer was lost, so the initial admin password was not received")

enum row_reason {
#define X(id, name, msg) REASON_##id,
  ROW_REASONS(X)
#undef X
      REASON_COUNT
};

#define VIOLATIONS(X) \
  X(MISSING, "missing") \
  X(TOO_LONG, "too_long") \
  X(TOO_SHORT, "too_short") \
  X(PATTERN, "pattern") \
  X(NOT_IN_LIST, "not_in_list") \
  X(CHECKSUM, "checksum") \
  X(FORMAT, "format") \
  X(FORBIDDEN, "forbidden") \
  X(CONVERTED, "converted") /* a warning: the value sent differs from the input */ \
  X(STATE_MISMATCH, "state_mismatch") \
  X(OTHER_COUNTRY, "other_country") \
  X(CONTROL_CHARACTER, "control_character") \
  X(ATTESTATION_FAILED, "attestation_failed") /* a warning: the MCA could not be recorded */

enum violation_code {
#define X(id, name) VIOLATION_##id,
  VIOLATIONS(X)
#undef X
      VIOLATION_COUNT
};

/* Stable names (report columns, JSON) and human messages. Never NULL. */
const char *csp_error_name(int rc);
const char *csp_error_message(int rc);
const char *row_status_name(enum row_status status);
const char *row_reason_name(enum row_reason reason);
const char *row_reason_message(enum row_reason reason);
const char *violation_name(enum violation_code code);

#endif
