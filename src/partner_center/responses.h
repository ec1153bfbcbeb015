/* Partner Center responses parsed into plain structs: error bodies, a created customer, a
 * customer list page, the relationship link, the MCA template, an address validation and a
 * domain check. Bodies may start with a UTF-8 BOM. cJSON stays inside responses.c.
 *
 * Every parser takes the body as bytes (body, len: borrowed for the call) and copies what it
 * returns into arena a, so results live as long as a does. Each returns 0, CSP_E_PROTOCOL when
 * the body is not JSON or lacks what the shape requires (never a crash, whatever the bytes),
 * CSP_E_LIMIT when the arena is full, or CSP_E_NOMEM. */
#ifndef CSP_PC_RESPONSES_H
#define CSP_PC_RESPONSES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "partner_center/link.h"

/* A refusal: {"code": number or string, "description": …} (Partner Center),
 * {"statusCode": 429, "message": …} (throttling), {"error": "…", "error_description": …}
 * (OAuth) or {"error": {"code": …, "message": …}}. Both strings may be "" but never NULL. */
struct pc_api_error {
  const char *code;        /* "600049", "invalid_grant", "429" */
  const char *description; /* human text from the server */
};

int pc_parse_error(const char *body, size_t len, struct arena *a, struct pc_api_error *err);

/* Writes the error code of an error response's body into code (cap bytes), or "" when it
 * names none or cannot be read: the pool's error_code parser (http/pool.h). */
void pc_error_code(const char *body, size_t len, char *code, size_t cap);

/* True when err is code 600061: the MCA attestation already exists with the same contact,
 * which counts as success. */
bool pc_error_is_mca_already_attested(const struct pc_api_error *err);

/* What a 201 from POST /v1/customers gives back. */
struct pc_created_customer {
  const char *customer_id; /* id; never NULL on success */
  const char *tenant_id;   /* companyProfile.tenantId, or id when absent; never NULL */
  const char *domain;      /* companyProfile.domain, or NULL */
  const char *admin_user;  /* userCredentials.userName, or NULL */
  /* userCredentials.password, or NULL: the new tenant's temporary admin password, returned
   * once by Microsoft. A SECRET: it goes to the credentials file and nowhere else — never
   * into a log line, the report, the journal or an error message. Wipe it (explicit_bzero)
   * once written if the arena lives on. */
  const char *admin_password;
};

int pc_parse_created_customer(const char *body, size_t len, struct arena *a,
                              struct pc_created_customer *out);

/* One customer of a list page. Strings are borrowed from the parsed page and valid only during
 * the callback: copy what you keep. Missing properties are "" (never NULL). */
struct pc_customer {
  const char *id;
  const char *tenant_id; /* companyProfile.tenantId, or id when absent */
  const char *domain;    /* companyProfile.domain */
  const char *company_name;
};

/* Called once per customer of a page, in order. A non-zero return stops the walk and becomes
 * the parser's return value. */
typedef int (*pc_customer_fn)(void *ctx, const struct pc_customer *customer);

/* A page of GET /v1/customers: calls fn(ctx, customer) for each item that has an id, then fills
 * next with links.next (uri, method, headers verbatim; strings in a) or sets next->uri to NULL
 * when this was the last page. A page without "items" is CSP_E_PROTOCOL, as is a next link
 * with more than PC_LINK_MAX_HEADERS headers. */
int pc_parse_customer_page(const char *body, size_t len, pc_customer_fn fn, void *ctx,
                           struct arena *a, struct pc_link *next);

/* One item of GET /v1/customers/{id}/users. */
struct pc_customer_user {
  const char *id;
  const char *user_principal_name; /* "" when absent */
};
/* Called once per user of the list, in order; a non-zero return stops the walk and becomes the
 * parser's return value. */
typedef int (*pc_customer_user_fn)(void *ctx, const struct pc_customer_user *user);
/* Walks the items of a customer's user list. CSP_E_PROTOCOL when it is not one. */
int pc_parse_customer_users(const char *body, size_t len, pc_customer_user_fn fn, void *ctx);

/* {"url": …} of GET /v1/customers/relationshiprequests. */
/* GET /v1/profiles/organization: the partner's company name and its market (the country of
 * defaultAddress); either may be NULL when absent, but not both. */
struct pc_org_profile {
  const char *company_name;
  const char *country;
};
int pc_parse_organization_profile(const char *body, size_t len, struct arena *a,
                                  struct pc_org_profile *out);

int pc_parse_relationship_link(const char *body, size_t len, struct arena *a, const char **url);

/* The templateId of the first Microsoft Customer Agreement item of GET /v1/agreements (an item
 * without agreementType counts). CSP_E_NOT_FOUND when the list has none. */
int pc_parse_agreement_template(const char *body, size_t len, struct arena *a,
                                const char **template_id);

/* The outcome of POST /v1/validations/address. */
struct pc_address_check {
  const char *status;    /* "VerifiedShippable", "StreetPartial", …; never NULL on success */
  bool verified;         /* status is VerifiedShippable or Verified */
  const char *suggested; /* first suggested address as one line
                            ("1 Microsoft Way, Redmond, WA 98052, US"), or NULL */
  const char *message;   /* validationMessage, or NULL */
};

int pc_parse_address_check(const char *body, size_t len, struct arena *a,
                           struct pc_address_check *out);

/* A list of strings from a country rules answer; items live in the caller's arena. */
struct pc_strings {
  const char **items;
  size_t n;
};

/* GET /v1/countryvalidationrules/{CC}: what Partner Center checks for a market. Strings are
 * "" when absent. */
struct pc_country_rules {
  const char *iso2;
  const char *default_culture;
  const char *postal_regex;
  const char *phone_regex;
  const char *registration_regex;
  const char *registration_sample;
  bool state_required, postal_required, city_required;
  bool registration_required, phone_required;
  struct pc_strings states, cultures, languages, calling_codes;
};

int pc_parse_country_rules(const char *body, size_t len, struct arena *a,
                           struct pc_country_rules *out);

/* HEAD /v1/domains/{domain}: 200 (any 2xx) means the domain exists somewhere in Entra ID, 404 that
 * it is free; anything else says nothing about it. */
enum pc_domain_state { PC_DOMAIN_FREE, PC_DOMAIN_TAKEN, PC_DOMAIN_UNKNOWN };

enum pc_domain_state pc_domain_state_from_status(int status);

#endif
