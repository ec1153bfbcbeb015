/* Partner Center requests built from rows: each builder fills a plain struct http_request
 * (method, absolute URL, the common headers and a compact JSON body) that the executor or
 * http_transfer sends. No network and no libcurl here; cJSON only builds bodies.
 *
 * Every builder returns 0, CSP_E_LIMIT when the arena is full or the request has too many
 * headers, CSP_E_NOMEM when cJSON runs out of memory, or CSP_E_PROTOCOL for a link that cannot
 * be followed safely. On failure req is left half-built and must not be sent. */
#ifndef CSP_PC_REQUESTS_H
#define CSP_PC_REQUESTS_H

#include <stdbool.h>
#include <time.h>

#include "base/arena.h"
#include "http/http.h"
#include "partner_center/link.h"
#include "pipeline/row.h"

/* What every call shares. All pointers are borrowed for the duration of the builder call only:
 * the builder copies what the request needs into arena. */
struct pc_call {
  const char *base_url;       /* API base, e.g. "https://api.partnercenter.microsoft.com"; a
                                 trailing '/' is ignored; routes add "/v1/…" */
  const char *access_token;   /* OAuth access token, sent as "Authorization: Bearer …"; a
                                 secret: never logged */
  const char *request_id;     /* MS-RequestId: new for every request, reused only to retry a
                                 request that got no response */
  const char *correlation_id; /* MS-CorrelationId: one per row, shared by its calls */
  struct arena *arena;        /* where every string of the built request lives (usually the
                                 row's arena); the request is valid as long as it is */
};

/* Options of a create that come from the config rather than the row. */
struct pc_create_options {
  bool enable_gdap_by_default; /* always sent (create.enable_gdap_by_default) */
  bool indirect_provider;      /* send the row's associated_partner_id as AssociatedPartnerId */
};

/* Which customer property a list filter matches by prefix. */
enum pc_filter_field { PC_FILTER_DOMAIN, PC_FILTER_COMPANY_NAME };

/* The full .onmicrosoft.com domain for a row's domain value: a bare prefix ("contoso") gets
 * ".onmicrosoft.com" appended; a value with a dot is copied as it is. The string lives in a;
 * NULL when a is full. */
const char *pc_onmicrosoft_domain(struct arena *a, const char *domain);

/* The dateAgreed of an MCA attestation: the row's mca_accepted_at when given (a bare
 * "YYYY-MM-DD" becomes midnight UTC; anything longer is sent as written), otherwise now_s
 * formatted as ISO 8601 UTC ("2024-01-31T09:30:00Z"). The string lives in a; NULL when full. */
const char *pc_date_agreed(struct arena *a, const char *mca_accepted_at, time_t now_s);

/* POST {base}/v1/customers: the create body of partner-center.md from the row's values.
 * Optional properties (MiddleName, AddressLine2/3, State, PhoneNumber,
 * OrganizationRegistrationNumber, AssociatedPartnerId) are left out when empty;
 * userCredentials is never sent. row is borrowed for the call. */
int pc_request_create_customer(const struct pc_call *call, const struct row *row,
                               const struct pc_create_options *opt, struct http_request *req);

/* HEAD {base}/v1/domains/{domain}, the domain URL-escaped (pc_onmicrosoft_domain applied). */
int pc_request_domain_check(const struct pc_call *call, const char *domain,
                            struct http_request *req);

/* POST {base}/v1/validations/address with the row's address (AddressLine1..3, City, State,
 * PostalCode, Country; empty optional lines and State left out). */
int pc_request_validate_address(const struct pc_call *call, const struct row *row,
                                struct http_request *req);

/* GET {base}/v1/customers?size=N: the first page of the partner's customer list. */
int pc_request_customers_page(const struct pc_call *call, int size, struct http_request *req);

/* GET {base}/v1/customers?size=N&filter=…: customers whose field starts with value
 * (case-insensitive on the server; compare exactly on our side). */
int pc_request_customers_filter(const struct pc_call *call, enum pc_filter_field field,
                                const char *value, int size, struct http_request *req);

/* Follows a link from a previous response (links.next of a customer page): its method, its uri
 * (absolute as given; "/v1/…" joined to the base; any other relative uri joined to
 * "{base}/v1", as the .NET SDK resolves them) and its headers, values passed verbatim. A uri
 * or header containing CR or LF, or an absolute uri on another origin than the base (the
 * bearer token would go with it), is refused (CSP_E_PROTOCOL). link is borrowed for the call. */
int pc_request_follow_link(const struct pc_call *call, const struct pc_link *link,
                           struct http_request *req);

/* GET {base}/v1/customers/{id}/users: the customer's users (first page). */
int pc_request_customer_users(const struct pc_call *call, const char *customer_id,
                              struct http_request *req);

/* PATCH {base}/v1/customers/{id}/users/{user}/resetpassword (App+User): sets the user's
 * password (to change at the next sign-in). password is copied into the arena. */
int pc_request_reset_password(const struct pc_call *call, const char *customer_id,
                              const char *user_id, const char *password, struct http_request *req);

/* GET {base}/v1/customers/relationshiprequests: the partner's reseller invitation link. */
int pc_request_relationship_link(const struct pc_call *call, struct http_request *req);

/* GET {base}/v1/profiles/organization: the partner's own organization profile. */
int pc_request_organization_profile(const struct pc_call *call, struct http_request *req);

/* GET {base}/v1/countryvalidationrules/{country}: a market's validation rules. */
int pc_request_country_rules(const struct pc_call *call, const char *country,
                             struct http_request *req);

/* GET {base}/v1/agreements?agreementType=MicrosoftCustomerAgreement. */
int pc_request_agreement_templates(const struct pc_call *call, struct http_request *req);

/* POST {base}/v1/customers/{customer_id}/agreements: the MCA attestation with the row's
 * contact (phoneNumber only when non-empty), template_id and pc_date_agreed(row's
 * mca_accepted_at, now_s). */
int pc_request_attest_mca(const struct pc_call *call, const struct row *row,
                          const char *customer_id, const char *template_id, time_t now_s,
                          struct http_request *req);

#endif
