/* The retry policy of retry.h. retry_classify reads three tables in order: transport
 * failures, then API error codes that decide by themselves, then HTTP status ranges; the one
 * rule that depends on history (a second 401) is applied last. The backoff and Retry-After
 * helpers are plain arithmetic and parsing. */
#include "http/retry.h"

#include <stdio.h>
#include <string.h>

#include "base/errors.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* A failed transfer: for a write, "sent but no reply" means it may have been carried out. */
static const struct {
  enum http_transport transport;
  enum retry_verdict read_verdict;
  enum retry_verdict write_verdict;
} transport_rules[] = {
    {HTTP_TRANSPORT_CONNECT, VERDICT_BACKOFF, VERDICT_BACKOFF}, /* nothing left the machine */
    {HTTP_TRANSPORT_SENT_NO_REPLY, VERDICT_BACKOFF, VERDICT_UNKNOWN_OUTCOME},
    {HTTP_TRANSPORT_TIMEOUT, VERDICT_BACKOFF, VERDICT_UNKNOWN_OUTCOME},
    {HTTP_TRANSPORT_OTHER, VERDICT_BACKOFF, VERDICT_UNKNOWN_OUTCOME},
};

/* Partner Center error codes that decide the verdict themselves (partner-center.md, Errors).
 * status 0 matches any status. The 403s here concern one row's country or reseller, so the
 * run goes on; every other 403 is fatal (see status_rules). */
static const struct {
  const char *code;
  int status;
  enum retry_verdict verdict;
} code_rules[] = {
    {"600061", 0, VERDICT_OK},      /* MCA attestation already exists with this contact */
    {"2030", 403, VERDICT_FINAL},   /* partner may not sell in the customer's market */
    {"600006", 403, VERDICT_FINAL}, /* the requested action is not allowed */
    {"800039", 403, VERDICT_FINAL}, /* the reseller is inactive */
    {"900123", 403, VERDICT_FINAL}, /* the reseller has not accepted the partner agreement */
    {"900124", 403, VERDICT_FINAL}, /* the partner has not accepted the partner agreement */
};

/* Status ranges; anything not listed is FINAL. */
static const struct {
  int low, high;
  enum retry_verdict read_verdict;
  enum retry_verdict write_verdict;
} status_rules[] = {
    {200, 299, VERDICT_OK, VERDICT_OK},
    {401, 401, VERDICT_REFRESH_TOKEN, VERDICT_REFRESH_TOKEN},
    {403, 403, VERDICT_FATAL_FORBIDDEN, VERDICT_FATAL_FORBIDDEN}, /* admin agent role */
    {408, 408, VERDICT_BACKOFF, VERDICT_BACKOFF}, /* the server gave up waiting for it */
    {429, 429, VERDICT_RETRY_AFTER, VERDICT_RETRY_AFTER},
    {500, 599, VERDICT_BACKOFF, VERDICT_UNKNOWN_OUTCOME},
};

static const char *const verdict_names[] = {
    "ok",    "retry_after", "backoff",         "refresh_token", "unknown_outcome",
    "final", "fatal_auth",  "fatal_forbidden",
};

static enum retry_verdict classify_transport(enum http_transport transport, bool is_write)
{
  for (size_t i = 0; i < COUNT_OF(transport_rules); i++)
    if (transport_rules[i].transport == transport)
      return is_write ? transport_rules[i].write_verdict : transport_rules[i].read_verdict;
  return is_write ? VERDICT_UNKNOWN_OUTCOME : VERDICT_BACKOFF;
}

static bool classify_code(int status, const char *api_code, enum retry_verdict *verdict)
{
  if (!api_code)
    return false;
  for (size_t i = 0; i < COUNT_OF(code_rules); i++) {
    if (strcmp(code_rules[i].code, api_code) == 0 &&
        (code_rules[i].status == 0 || code_rules[i].status == status)) {
      *verdict = code_rules[i].verdict;
      return true;
    }
  }
  return false;
}

static enum retry_verdict classify_status(int status, bool is_write)
{
  for (size_t i = 0; i < COUNT_OF(status_rules); i++)
    if (status >= status_rules[i].low && status <= status_rules[i].high)
      return is_write ? status_rules[i].write_verdict : status_rules[i].read_verdict;
  return VERDICT_FINAL;
}

enum retry_verdict retry_classify(const struct http_response *res, const char *api_code,
                                  bool token_refreshed, bool is_write)
{
  enum retry_verdict verdict;
  if (res->transport != HTTP_TRANSPORT_OK)
    return classify_transport(res->transport, is_write);
  if (!classify_code(res->status, api_code, &verdict))
    verdict = classify_status(res->status, is_write);
  if (verdict == VERDICT_REFRESH_TOKEN && token_refreshed)
    verdict = VERDICT_FATAL_AUTH;
  return verdict;
}

const char *retry_verdict_name(enum retry_verdict verdict)
{
  if ((unsigned)verdict >= COUNT_OF(verdict_names))
    return "unknown";
  return verdict_names[verdict];
}

bool retry_verdict_retries(enum retry_verdict verdict)
{
  return verdict == VERDICT_RETRY_AFTER || verdict == VERDICT_BACKOFF ||
         verdict == VERDICT_REFRESH_TOKEN;
}

long long retry_backoff_ms(int attempt, long long base_ms, long long cap_ms, uint64_t random)
{
  if (base_ms <= 0 || cap_ms <= 0)
    return 0;
  long long ceiling = base_ms < cap_ms ? base_ms : cap_ms;
  /* Double until the cap: no shift can overflow, and a huge attempt costs ~63 steps. */
  for (int i = 0; i < attempt && ceiling < cap_ms; i++)
    ceiling = ceiling > cap_ms / 2 ? cap_ms : ceiling * 2;
  return (long long)(random % ((uint64_t)ceiling + 1));
}
