/* Everything the sandbox remembers, behind one mutex: customers (in creation order, with a
 * domain index), the tenants of --tenants, the MS-RequestId idempotency map, issued access
 * tokens, per-route status counters, MCA attestations and accepted invitations. Functions
 * ending in _locked expect the caller to hold the lock (a create checks and inserts in one
 * critical section, so concurrent creates of one domain have exactly one winner); the others
 * take it themselves. */
#ifndef CSP_SANDBOX_STATE_H
#define CSP_SANDBOX_STATE_H

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/strmap.h"

struct sb_customer {
  char *id;
  char *domain;
  char *company_name;
  char *request_id; /* MS-RequestId of the create; NULL for tenants */
  cJSON *json;      /* the list representation (no userCredentials) */
  int gdap;         /* enableGDAPByDefault as sent: 1, 0, or -1 when absent */
};

struct sb_tenant {
  char *tenant_id;
  char *domain;
  char *company_name;
  char *country;
  bool customer; /* already this partner's customer (at start, or after accepting) */
};

/* A stored create result, replayed for a repeated MS-RequestId. */
struct sb_stored {
  int status;
  char *body;
};

enum sb_token_check { SB_TOKEN_OK, SB_TOKEN_UNKNOWN, SB_TOKEN_EXPIRED };

enum sb_attest_result { SB_ATTEST_CREATED, SB_ATTEST_DUPLICATE, SB_ATTEST_NO_CUSTOMER };

struct sb_counter;

struct sb_state {
  pthread_mutex_t lock;
  struct sb_customer *customers;
  size_t ncustomers, customers_cap;
  struct strmap domains;  /* lower-cased domain -> non-NULL marker */
  struct strmap ids;      /* customer id -> struct sb_customer index + 1 */
  struct strmap requests; /* MS-RequestId -> struct sb_stored */
  struct strmap tokens;   /* access token -> struct sb_token */
  struct sb_tenant *tenants;
  size_t ntenants;
  struct sb_counter *counters;
  size_t ncounters, counters_cap;
  unsigned long counted; /* replies counted so far, every route */
  /* /v1 requests still to be handled (POST /sandbox/budget/{n}); -1: no limit. Beyond it a
   * request is withheld unanswered and unhandled, so a test can stop a client after exactly
   * that many requests, whatever the machine's speed. */
  long budget;
  cJSON *attestations;
  cJSON *invitations;
  unsigned long link_fetches;
  unsigned long password_resets; /* PATCH …/users/{id}/resetpassword accepted */
};

int sb_state_init(struct sb_state *st);
void sb_state_release(struct sb_state *st);
void sb_state_lock(struct sb_state *st);
void sb_state_unlock(struct sb_state *st);

/* Start-up only (no lock): adds a tenant; with customer, also as an existing customer. The
 * strings are copied. Returns 0, CSP_E_NOMEM, or CSP_E_USAGE for a duplicate domain. */
int sb_state_add_tenant(struct sb_state *st, const struct sb_tenant *tenant);

bool sb_state_domain_taken_locked(const struct sb_state *st, const char *domain);
bool sb_state_domain_taken(struct sb_state *st, const char *domain);
/* Adds a customer: copies the strings of c and takes ownership of c->json (freed on
 * failure too). */
int sb_state_add_customer_locked(struct sb_state *st, const struct sb_customer *c);
const struct sb_stored *sb_state_request_find_locked(const struct sb_state *st, const char *rid);
int sb_state_request_store_locked(struct sb_state *st, const char *rid, int status,
                                  const char *body);
struct sb_tenant *sb_state_tenant_find_locked(struct sb_state *st, const char *tenant_id);

/* Counts one reply of route_key ("POST /v1/customers") with status label ("201", "reset"). */
int sb_state_count(struct sb_state *st, const char *route_key, const char *status);
/* Copies the domain of customer id into out; false when there is no such customer. */
bool sb_state_customer_domain(struct sb_state *st, const char *id, char *out, size_t cap);
/* Counts one accepted password reset. */
void sb_state_note_password_reset(struct sb_state *st);
/* Takes one request from the budget: false when it is spent (the request is withheld). */
bool sb_state_take_budget(struct sb_state *st);
/* Sets the budget to n more /v1 requests (-1: no limit). */
void sb_state_set_budget(struct sb_state *st, long n);

int sb_state_token_add(struct sb_state *st, const char *token, uint64_t expires_ms, bool app_only);
/* Checks a presented token at now_ms; expire_now (the token_expiry fault) expires it for
 * good first. *app_only is set for a valid token. */
enum sb_token_check sb_state_token_check(struct sb_state *st, const char *token, uint64_t now_ms,
                                         bool expire_now, bool *app_only);

/* Customers from index *offset on whose field ("domain" or "company_name"; NULL = all)
 * starts with prefix (case-insensitive), at most size of them, as a new JSON array. *offset
 * becomes the index to resume from, or SIZE_MAX when no match is left. NULL on no memory. */
cJSON *sb_state_customer_page(struct sb_state *st, size_t *offset, size_t size, const char *field,
                              const char *prefix);
bool sb_state_customer_exists(struct sb_state *st, const char *id);
/* Records an attestation (a copy of record) unless one with the same customer and contact
 * exists. *rc is 0 or CSP_E_NOMEM. */
enum sb_attest_result sb_state_attest(struct sb_state *st, const char *customer_id,
                                      const cJSON *record, int *rc);
void sb_state_note_link_fetch(struct sb_state *st);
/* Records that tenant accepted the reseller relationship at accepted_at (ISO time). */
int sb_state_note_invitation_locked(struct sb_state *st, const struct sb_tenant *tenant,
                                    const char *accepted_at);
/* The GET /sandbox/state document. Caller owns; NULL on no memory. */
cJSON *sb_state_dump(struct sb_state *st);

#endif
