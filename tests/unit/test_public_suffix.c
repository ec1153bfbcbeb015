/* Tests for src/rules/public_suffix.c and the `domain` format: an invite's domain ends in a
 * real public suffix (Debian libpsl's built-in list, no network) with a label before it. */
#include "check.h"
#include "rules/rules_internal.h"

#define OK(s) CHECK(format_public_domain(s, strlen(s)))
#define BAD(s) CHECK(!format_public_domain(s, strlen(s)))

TEST(a_domain_under_a_real_public_suffix_is_accepted)
{
  OK("contoso.com");
  OK("eu.contoso.com");
  OK("contoso.co.uk");
  OK("fabrikam.com.br");
  OK("xn--80ak6aa92e.xn--p1ai"); /* .рф in its xn-- form */
  OK("Contoso.COM");
}

TEST(an_unknown_suffix_or_a_bare_suffix_is_refused)
{
  BAD("smith-solutions0026.c");
  BAD("contoso.local");
  BAD("co.uk");
  BAD("com");
  BAD("contoso");
  BAD("contoso..com");
}

TEST(an_email_domain_keeps_the_shape_check_only)
{
  CHECK(format_email("a@contoso.local", 15)); /* the list is for invite domains */
}

RUN_TESTS()
