/* Tests for src/report/reason_hints.c: every reason code and every validation code of
 * errors.h has advice, so a new code without one fails here. */
#include "report/reason_hints.h"

#include "check.h"
#include "base/errors.h"

TEST(every_reason_code_has_a_hint)
{
  for (int r = 1; r < REASON_COUNT; r++) {
    const char *name = row_reason_name((enum row_reason)r);
    if (!reason_hint(name))
      CHECK_FAIL_AT("no hint for the reason %s", name);
  }
}

TEST(every_validation_code_has_a_hint_whatever_the_field)
{
  for (int v = 0; v < VIOLATION_COUNT; v++) {
    char key[64];
    snprintf(key, sizeof(key), "email:%s", violation_name((enum violation_code)v));
    if (!reason_hint(key))
      CHECK_FAIL_AT("no hint for %s", key);
  }
  CHECK_STR_EQ(reason_hint("email:missing"), reason_hint("phone:missing"));
}

TEST(an_unknown_code_has_no_hint)
{
  CHECK(reason_hint("no_such_reason") == NULL);
  CHECK(reason_hint("email:no_such_code") == NULL);
}

RUN_TESTS()
