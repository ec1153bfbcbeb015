/* Tests for src/rules/formats.c: email, guid, domain and domain_prefix on their edges. */
#include <string.h>

#include "check.h"
#include "rules/rules_internal.h"

#define OK(fn, s) CHECK(fn(s, strlen(s)))
#define BAD(fn, s) CHECK(!fn(s, strlen(s)))

TEST(email_takes_a_dot_atom_local_part_and_a_dns_domain)
{
  OK(format_email, "anna@contoso.com");
  OK(format_email, "o'brien+tag@mail.contoso.co.uk");
  BAD(format_email, "anna");
  BAD(format_email, "@contoso.com");
  BAD(format_email, "anna@@contoso.com");
  BAD(format_email, ".anna@contoso.com");
  BAD(format_email, "an..na@contoso.com");
  BAD(format_email, "anna smith@contoso.com");
  BAD(format_email, "anna@localhost");
  BAD(format_email, "anna@contoso.com.");
}

TEST(guid_is_8_4_4_4_12_hex_digits)
{
  OK(format_guid, "00000000-0000-0000-0000-000000000000");
  OK(format_guid, "6a8f3b2c-1d4e-4f5a-9b7c-0d1e2f3a4b5c");
  BAD(format_guid, "{6a8f3b2c-1d4e-4f5a-9b7c-0d1e2f3a4b5c}");
  BAD(format_guid, "6a8f3b2c-1d4e-4f5a-9b7c-0d1e2f3a4b5g");
  BAD(format_guid, "6a8f3b2c-1d4e-4f5a-9b7c0-d1e2f3a4b5c");
}

TEST(domain_is_a_real_dns_name)
{
  OK(format_domain, "contoso.com");
  OK(format_domain, "xn--80ak6aa92e.xn--p1ai");
  OK(format_domain, "a-b.c.de");
  BAD(format_domain, "contoso");
  BAD(format_domain, "-contoso.com");
  BAD(format_domain, "contoso-.com");
  BAD(format_domain, "contoso..com");
  BAD(format_domain, "contoso_1.com");
  BAD(format_domain, "10.0.0.1");
  BAD(format_domain,
      "a123456789012345678901234567890123456789012345678901234567890123.com"); /* 64 */
}

/* The label-by-label reading of a domain that format_domain does in one pass. */
static bool reference_domain(const char *s, size_t len)
{
  if (len == 0 || len > 253)
    return false;
  size_t labels = 0, start = 0;
  bool tld_has_letter = false;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && s[i] != '.')
      continue;
    size_t n = i - start;
    if (n == 0 || n > 63 || s[start] == '-' || s[i - 1] == '-')
      return false;
    tld_has_letter = false;
    for (size_t j = start; j < i; j++) {
      bool letter = (s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z');
      if (!letter && !(s[j] >= '0' && s[j] <= '9') && s[j] != '-')
        return false;
      tld_has_letter |= letter;
    }
    labels++;
    start = i + 1;
  }
  return labels >= 2 && tld_has_letter;
}

TEST(domain_agrees_with_a_label_by_label_reading_on_short_random_names)
{
  static const char alphabet[] = "a1-.Z_";
  char s[8];
  /* Every string of up to 6 characters from the alphabet: 6^6 + ... names. */
  for (size_t len = 0; len <= 6; len++) {
    size_t total = 1;
    for (size_t i = 0; i < len; i++)
      total *= sizeof(alphabet) - 1;
    for (size_t n = 0; n < total; n++) {
      size_t k = n;
      for (size_t i = 0; i < len; i++, k /= sizeof(alphabet) - 1)
        s[i] = alphabet[k % (sizeof(alphabet) - 1)];
      s[len] = '\0';
      if (format_domain(s, len) != reference_domain(s, len))
        CHECK_FAIL_AT("format_domain(\"%s\") is %d", s, format_domain(s, len));
    }
  }
  char long_name[300];
  memset(long_name, 'a', sizeof(long_name));
  for (size_t len = 60; len < sizeof(long_name); len++) {
    long_name[len / 2] = '.';
    CHECK(format_domain(long_name, len) == reference_domain(long_name, len));
    long_name[len / 2] = 'a';
  }
}

TEST(domain_prefix_is_up_to_27_letters_and_digits_with_or_without_the_suffix)
{
  OK(format_domain_prefix, "contoso123");
  OK(format_domain_prefix, "Contoso123.OnMicrosoft.com");
  OK(format_domain_prefix, "abcdefghijklmnopqrstuvwxyz1");
  BAD(format_domain_prefix, "abcdefghijklmnopqrstuvwxyz12");
  BAD(format_domain_prefix, "contoso-123");
  BAD(format_domain_prefix, "contoso.com");
  BAD(format_domain_prefix, ".onmicrosoft.com");
}

RUN_TESTS()
