/* Tests for the password lost_passwords.c generates for a reset: length, every character
 * class, a letter first, no repeats over many draws, and a short length refused. (The reset
 * itself runs end to end against the sandbox: tests/shell/test_run_lost_passwords.sh.) */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "base/errors.h"
#include "check.h"
#include "execute/lost_passwords.h"

TEST(a_generated_password_is_long_mixed_and_starts_with_a_letter)
{
  static char seen[500][21];
  for (int i = 0; i < 500; i++) {
    char *p = seen[i];
    CHECK_INT_EQ(CSP_E_OK, lost_password_generate(p, 20));
    CHECK_INT_EQ(20, (int)strlen(p));
    CHECK(isalpha((unsigned char)p[0]));
    bool upper = false, lower = false, digit = false, symbol = false;
    for (const char *c = p; *c; c++) {
      upper |= isupper((unsigned char)*c) != 0;
      lower |= islower((unsigned char)*c) != 0;
      digit |= isdigit((unsigned char)*c) != 0;
      symbol |= strchr("!#$%*+-=?@^_", *c) != NULL;
      CHECK(*c > ' ' && *c < 127 && *c != '"' && *c != ',');
    }
    CHECK(upper && lower && digit && symbol);
    for (int j = 0; j < i; j++)
      CHECK(strcmp(seen[j], p) != 0);
  }
}

TEST(a_short_password_is_refused)
{
  char p[16];
  CHECK_INT_EQ(CSP_E_USAGE, lost_password_generate(p, 15));
}

RUN_TESTS()
