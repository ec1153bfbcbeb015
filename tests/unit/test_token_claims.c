/* Tests for src/partner_center/token_claims.c: the payload of a JWT read for display (upn
 * before unique_name, name, tid, mfa among amr, exp), base64url without padding, and
 * anything that is not a JWT refused without a crash. */
#include "partner_center/token_claims.h"

#include "check.h"
#include "base/errors.h"

/* {"upn":"a@b.c","name":"Ann","tid":"t-1","amr":["pwd","mfa"],"exp":1700000000} */
#define PAYLOAD \
  "eyJ1cG4iOiJhQGIuYyIsIm5hbWUiOiJBbm4iLCJ0aWQiOiJ0LTEiLCJhbXIiOlsicHdkIiwibWZhIl0sImV4cCI6MTc" \
  "wMDAwMDAwMH0"
/* {"unique_name":"u@x.y","amr":["pwd"]} */
#define PAYLOAD_NO_MFA "eyJ1bmlxdWVfbmFtZSI6InVAeC55IiwiYW1yIjpbInB3ZCJdfQ"

TEST(the_claims_of_a_jwt_payload_are_read_for_display)
{
  struct token_claims c;
  CHECK_INT_EQ(0, token_claims_read("eyJhbGciOiJub25lIn0." PAYLOAD ".sig", &c));
  CHECK_STR_EQ("a@b.c", c.account);
  CHECK_STR_EQ("Ann", c.name);
  CHECK_STR_EQ("t-1", c.tenant);
  CHECK(c.mfa);
  CHECK_INT_EQ(1700000000LL, c.expires_at_s);
  CHECK_INT_EQ(0, token_claims_read("h." PAYLOAD_NO_MFA ".s", &c));
  CHECK_STR_EQ("u@x.y", c.account);
  CHECK(!c.mfa);
}

TEST(a_token_that_is_not_a_jwt_is_refused_without_a_crash)
{
  struct token_claims c;
  CHECK_INT_EQ(CSP_E_PROTOCOL, token_claims_read("opaque-token", &c));
  CHECK_INT_EQ(CSP_E_PROTOCOL, token_claims_read("a.!!!.b", &c));
  CHECK_INT_EQ(CSP_E_PROTOCOL, token_claims_read("a.bm90IGpzb24.b", &c));
  CHECK_INT_EQ(CSP_E_PROTOCOL, token_claims_read(NULL, &c));
  CHECK_STR_EQ("", c.account);
}

RUN_TESTS()
