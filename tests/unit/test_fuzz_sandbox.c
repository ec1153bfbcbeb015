/* Mutation tests for the sandbox's request handling (SPEC §10): an in-process sandbox gets
 * mutated JSON bodies (truncated, types swapped, huge strings, deep nesting, invalid UTF-8, NUL
 * bytes, duplicate keys, bytes flipped) on every route that reads a body, mutated paths, and
 * mutated headers (no or garbage Authorization, a 10 KiB MS-RequestId, odd content types).
 * Every answer must be an HTTP status with a JSON body (or a bare 413, or no body for HEAD),
 * the server must survive (a last HEAD works) and GET /sandbox/state must stay valid JSON.
 *
 * The PRNG is seeded; a failing case prints its number and the start of its body. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fuzz_mutate.h"
#include "input/utf8.h"
#include "base/limits.h"
#include "sandbox_client.h"

#define CASES 3000

static const char *const bodied_routes[] = {
    "/v1/customers",
    "/v1/customers",
    "/v1/customers",
    "/v1/validations/address",
    "/v1/customers/c0ffee00-0000-0000-0000-000000000000/agreements",
    "/sandbox/invitations/22222222-3333-4444-5555-666666666666/accept",
    "/11111111-2222-3333-4444-555555555555/oauth2/token",
};

static const char address_body[] =
    "{\"addressLine1\":\"1 Microsoft Way\",\"city\":\"Redmond\",\"state\":\"WA\","
    "\"postalCode\":\"98052\",\"country\":\"US\"}";
static const char agreement_body[] =
    "{\"primaryContact\":{\"firstName\":\"Jane\",\"lastName\":\"Doe\",\"email\":"
    "\"jane@contoso.example\",\"phoneNumber\":\"4255550100\"},\"templateId\":"
    "\"117a15ad-fe4f-4ec8-ba70-a4ca2e3a9e5f\",\"dateAgreed\":\"2024-03-15T00:00:00Z\","
    "\"type\":\"MicrosoftCustomerAgreement\"}";
static const char token_body[] =
    "grant_type=refresh_token&client_id=sandbox-app&client_secret=sandbox-secret&"
    "refresh_token=sandbox-refresh-token&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com";

/* --- mutations of a JSON body --- */

/* A position just after a ':' (a value starts there), or a random one. */
static size_t value_pos(struct fuzz_rng *r, const struct fuzz_buf *b)
{
  size_t pos = fuzz_below(r, b->len + 1);
  if (pos >= b->len)
    return pos;
  const char *colon = memchr(b->data + pos, ':', b->len - pos);
  return colon ? (size_t)(colon - b->data) + 1 : pos;
}

/* The end of the JSON value starting at pos (a string, or up to , } ]). */
static size_t value_end(const struct fuzz_buf *b, size_t pos)
{
  if (pos < b->len && b->data[pos] == '"') {
    for (size_t i = pos + 1; i < b->len; i++)
      if (b->data[i] == '"' && b->data[i - 1] != '\\')
        return i + 1;
    return b->len;
  }
  while (pos < b->len && !strchr(",}]", b->data[pos]))
    pos++;
  return pos;
}

static void swap_type(struct fuzz_rng *r, struct fuzz_buf *b)
{
  static const char *const values[] = {"1",
                                       "-0.5e308",
                                       "1e999",
                                       "true",
                                       "null",
                                       "[]",
                                       "{}",
                                       "\"\"",
                                       "[1,2]",
                                       "{\"a\":{}}",
                                       "\"\\u0000\"",
                                       "\"\\ud800\"",
                                       "18446744073709551616"};
  size_t at = value_pos(r, b), end = value_end(b, at);
  fuzz_delete(b, at, end - at);
  const char *v = FUZZ_PICK(r, values);
  fuzz_insert(b, at, v, strlen(v));
}

static void huge_string(struct fuzz_rng *r, struct fuzz_buf *b)
{
  static const size_t sizes[] = {1024, 65536, 300000, CSP_SANDBOX_MAX_BODY + 1};
  static const char *const units[] = {"x", "é", "\\\"", "\\u00e9"};
  size_t at = value_pos(r, b), end = value_end(b, at);
  fuzz_delete(b, at, end - at);
  const char *unit = FUZZ_PICK(r, units);
  fuzz_insert(b, at, "\"\"", 2);
  fuzz_insert_repeat(b, at + 1, unit, FUZZ_PICK(r, sizes) / strlen(unit));
}

static void deep_nesting(struct fuzz_rng *r, struct fuzz_buf *b)
{
  static const size_t depths[] = {100, 1000, 10000, 200000};
  size_t depth = FUZZ_PICK(r, depths), at = value_pos(r, b), end = value_end(b, at);
  bool arrays = fuzz_below(r, 2);
  fuzz_delete(b, at, end - at);
  fuzz_insert_repeat(b, at, arrays ? "]" : "}", depth);
  if (!arrays)
    fuzz_insert(b, at, "1", 1);
  fuzz_insert_repeat(b, at, arrays ? "[" : "{\"a\":", depth);
}

static void duplicate_key(struct fuzz_rng *r, struct fuzz_buf *b)
{
  static const char *const members[] = {
      "\"CompanyProfile\":{\"Domain\":\"dup.onmicrosoft.com\"},",
      "\"BillingProfile\":null,",
      "\"Domain\":\"other.onmicrosoft.com\",",
      "\"Country\":\"DE\",",
      "\"enableGDAPByDefault\":\"yes\",",
  };
  size_t at = 1; /* after the next '{' from a random place, else after the first */
  for (size_t i = fuzz_below(r, b->len); i < b->len; i++)
    if (b->data[i] == '{') {
      at = i + 1;
      break;
    }
  const char *m = FUZZ_PICK(r, members);
  fuzz_insert(b, at, m, strlen(m));
}

static void mutate(struct fuzz_rng *r, struct fuzz_buf *b, bool *heavy)
{
  static const char *const odd[] = {"\0", "\xC3", "\xED\xA0\x80", "\xFF", "\xEF\xBB\xBF",
                                    "\\", "\"",   "\\u",          "\x01", "\n"};
  size_t pos = fuzz_below(r, b->len + 1);
  switch (fuzz_below(r, 9)) {
  case 0:
    fuzz_truncate(b, pos);
    break;
  case 1:
    swap_type(r, b);
    break;
  case 2:
    if (!*heavy)
      huge_string(r, b);
    *heavy = true;
    break;
  case 3:
    if (!*heavy)
      deep_nesting(r, b);
    *heavy = true;
    break;
  case 4: {
    const char *o = FUZZ_PICK(r, odd);
    fuzz_insert(b, pos, o, *o ? strlen(o) : 1);
    break;
  }
  case 5:
    duplicate_key(r, b);
    break;
  case 6:
    fuzz_flip_bit(r, b);
    break;
  case 7:
    fuzz_delete(b, pos, 1 + fuzz_below(r, 12));
    break;
  default:
    fuzz_insert_byte(r, b, pos);
    break;
  }
}

/* --- requests --- */

/* Sends body (len bytes, may hold NUL) with the client's token unless auth is given (an
 * "Authorization: ..." line, or "" for none), plus extra headers. */
static void send_raw(struct sc_client *c, const char *method, const char *path,
                     const struct fuzz_buf *body, const char *auth, const char *const *headers,
                     struct sc_reply *out)
{
  char token[sizeof(c->token)];
  memcpy(token, c->token, sizeof(token));
  if (auth)
    c->token[0] = '\0';
  struct curl_slist *list;
  const char *all[8] = {0};
  size_t n = 0;
  if (auth && *auth)
    all[n++] = auth;
  for (size_t i = 0; headers && headers[i] && n + 1 < 8; i++)
    all[n++] = headers[i];
  memset(out, 0, sizeof(*out));
  CURL *h = sc_easy(c, method, path, NULL, all, out, &list);
  memcpy(c->token, token, sizeof(token));
  if (body) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body->data ? body->data : "");
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)body->len);
  }
  out->curl = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
  curl_easy_cleanup(h);
  curl_slist_free_all(list);
}

static bool is_json(const struct sc_reply *r)
{
  cJSON *json = r->body.data ? cJSON_ParseWithLength(r->body.data, r->body.len) : NULL;
  cJSON_Delete(json);
  return json != NULL;
}

static void check_reply(const struct sc_reply *r, const char *method, const char *path, int c,
                        const struct fuzz_buf *body)
{
  bool ok = r->curl == CURLE_OK && r->status >= 200 && r->status <= 599;
  if (ok && strcmp(method, "HEAD") != 0 && r->status != 413)
    ok = is_json(r) && utf8_valid(r->body.data, r->body.len);
  if (!ok)
    CHECK_FAIL_AT("case %d: %s %.80s -> curl %d, HTTP %ld, body \"%.200s\" (sent %zu bytes: "
                  "\"%.120s\")",
                  c, method, path, (int)r->curl, r->status, sc_body(r), body ? body->len : 0,
                  body && body->data ? body->data : "");
}

static void base_body(size_t route, int c, struct fuzz_buf *b)
{
  char buf[2048];
  const char *path = bodied_routes[route];
  if (strstr(path, "oauth2"))
    fuzz_set(b, token_body, sizeof(token_body) - 1);
  else if (strstr(path, "validations"))
    fuzz_set(b, address_body, sizeof(address_body) - 1);
  else if (strstr(path, "agreements"))
    fuzz_set(b, agreement_body, sizeof(agreement_body) - 1);
  else if (strstr(path, "invitations"))
    fuzz_set(b, "{}", 2);
  else {
    char prefix[32];
    snprintf(prefix, sizeof(prefix), "fuzz%d", c);
    sc_us_customer(buf, sizeof(buf), prefix, "");
    fuzz_set(b, buf, strlen(buf));
  }
}

/* Headers for a case: mostly the client's own token; sometimes none or garbage, a 10 KiB
 * request id, an odd content type. */
static const char *pick_auth(struct fuzz_rng *r, char *scratch, size_t cap)
{
  switch (fuzz_below(r, 12)) {
  case 0:
    return "";
  case 1:
    return "Authorization: Bearer";
  case 2:
    return "Authorization: Basic c2FuZGJveDpzZWNyZXQ=";
  case 3:
    return "Authorization: Bearer \xC3\x28\xFF garbage";
  case 4: {
    size_t n = (size_t)snprintf(scratch, cap, "Authorization: Bearer ");
    while (n + 1 < cap && n < 10240)
      scratch[n++] = (char)('a' + fuzz_below(r, 26));
    scratch[n] = '\0';
    return scratch;
  }
  default:
    return NULL; /* the client's valid token */
  }
}

static void pick_headers(struct fuzz_rng *r, char *scratch, size_t cap, const char **out)
{
  size_t n = 0;
  if (fuzz_below(r, 6) == 0) {
    size_t k = (size_t)snprintf(scratch, cap, "MS-RequestId: ");
    while (k + 1 < cap && k < 10240 + 14)
      scratch[k++] = (char)('0' + fuzz_below(r, 10));
    scratch[k] = '\0';
    out[n++] = scratch;
  }
  if (fuzz_below(r, 8) == 0)
    out[n++] = "MS-CorrelationId: \xFF\xFE not a guid";
  if (fuzz_below(r, 8) == 0)
    out[n++] = "Content-Type: text/plain; charset=ebcdic";
  if (fuzz_below(r, 10) == 0)
    out[n++] = "Accept: application/xml";
  out[n] = NULL;
}

/* A GET or HEAD on a mutated path segment. */
static void mutated_path(struct fuzz_rng *r, char *out, size_t cap)
{
  static const char *const bases[] = {"/v1/countryvalidationrules/",   "/v1/domains/",
                                      "/v1/customers?size=",           "/v1/customers/",
                                      "/v1/agreements?agreementType=", "/sandbox/state/"};
  static const char *const segs[] = {"US",      "de",
                                     "",        "%00",
                                     "%FF%FE",  "..%2F..",
                                     "x%C3%28", "contoso.onmicrosoft.com",
                                     "-1",      "99999999999999999999",
                                     "%",       "a/b/c",
                                     "?x=%zz"};
  const char *seg = FUZZ_PICK(r, segs);
  size_t n = (size_t)snprintf(out, cap, "%s%s", FUZZ_PICK(r, bases), seg);
  for (size_t k = fuzz_below(r, 3) == 0 ? fuzz_below(r, 3000) : 0; k > 0 && n + 1 < cap; k--)
    out[n++] = 'z';
  out[n] = '\0';
}

TEST(mutated_requests_get_json_answers_and_the_sandbox_survives)
{
  struct sc_client c;
  CHECK(sc_start(&c, NULL));
  struct fuzz_rng rng = {1337};
  struct fuzz_buf body = {0};
  static char auth_scratch[10300], id_scratch[10300];
  long statuses[600] = {0};
  for (int k = 0; k < CASES; k++) {
    const char *auth = pick_auth(&rng, auth_scratch, sizeof(auth_scratch));
    const char *headers[6];
    pick_headers(&rng, id_scratch, sizeof(id_scratch), headers);
    struct sc_reply r;
    int failed_before = check_case_failed;
    check_case_failed = 0;
    if (fuzz_below(&rng, 6) == 0) {
      char path[4096];
      mutated_path(&rng, path, sizeof(path));
      const char *method = fuzz_below(&rng, 3) ? "GET" : "HEAD";
      send_raw(&c, method, path, NULL, auth, headers, &r);
      check_reply(&r, method, path, k, NULL);
    } else {
      size_t route = fuzz_below(&rng, sizeof(bodied_routes) / sizeof(bodied_routes[0]));
      base_body(route, k, &body);
      bool heavy = false;
      for (size_t m = 1 + fuzz_below(&rng, 3); m > 0; m--)
        mutate(&rng, &body, &heavy);
      send_raw(&c, "POST", bodied_routes[route], &body, auth, headers, &r);
      check_reply(&r, "POST", bodied_routes[route], k, &body);
    }
    if (r.status >= 0 && r.status < 600)
      statuses[r.status]++;
    sc_reply_free(&r);
    check_case_failed |= failed_before;
  }
  printf("%d requests:", CASES);
  for (int s = 0; s < 600; s++)
    if (statuses[s])
      printf(" %d x%ld", s, statuses[s]);
  printf("\n");

  struct sc_reply r;
  sc_request(&c, "HEAD", "/v1/domains/contoso.onmicrosoft.com", NULL, NULL, &r);
  CHECK_INT_EQ(CURLE_OK, r.curl);
  CHECK(r.status == 200 || r.status == 404);
  sc_reply_free(&r);
  sc_request(&c, "GET", "/sandbox/state", NULL, NULL, &r);
  CHECK_INT_EQ(200, r.status);
  CHECK(is_json(&r));
  CHECK(utf8_valid(sc_body(&r), r.body.len));
  sc_reply_free(&r);
  fuzz_buf_free(&body);
  sc_stop(&c);
}

RUN_TESTS()
