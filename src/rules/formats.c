/* The built-in formats of `format:`: email, guid, domain and domain_prefix. Each is a pure
 * predicate on a value (no allocation, no regex) with the words a violation message uses.
 * They accept what Partner Center accepts, not everything RFCs allow: ASCII only (an
 * internationalised domain is written in its xn-- form). `domain` also wants a real public
 * suffix (public_suffix.c); an email's domain is checked for its shape only (every row has an
 * email: the list is consulted for the rarer invite domain). */
#include <ctype.h>
#include <strings.h>

#include "rules/rules_internal.h"

#define ONMICROSOFT_SUFFIX ".onmicrosoft.com"
#define DOMAIN_PREFIX_MAX 27 /* partner-center.md: at most 27 characters before the suffix */

static bool is_alnum(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_letter(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The label s[start..end) is 1-63 characters without a hyphen at either end (its characters
 * were checked as they were read). */
static bool label_shape(const char *s, size_t start, size_t end)
{
  return end > start && end - start <= 63 && s[start] != '-' && s[end - 1] != '-';
}

/* A DNS name of at least two labels of letters, digits and inner hyphens whose last label
 * (the TLD) is not all digits. One pass: each label's shape is checked at its dot. */
bool format_domain(const char *s, size_t len)
{
  if (len == 0 || len > 253)
    return false;
  size_t labels = 1, start = 0;
  bool label_has_letter = false;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '.') {
      if (!label_shape(s, start, i))
        return false;
      labels++;
      start = i + 1;
      label_has_letter = false;
    } else if (is_letter(s[i])) {
      label_has_letter = true;
    } else if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '-') {
      return false;
    }
  }
  return label_shape(s, start, len) && labels >= 2 && label_has_letter;
}

/* An existing domain (an invite's): a DNS name as format_domain that ends in a public suffix
 * of the Public Suffix List with at least one label before it (public_suffix.c). */
bool format_public_domain(const char *s, size_t len)
{
  return format_domain(s, len) && public_suffix_registrable(s, len);
}

/* The prefix of a new tenant's .onmicrosoft.com domain, given with or without the suffix:
 * 1-27 ASCII letters and digits. */
bool format_domain_prefix(const char *s, size_t len)
{
  size_t suffix = sizeof(ONMICROSOFT_SUFFIX) - 1;
  if (len > suffix && !strncasecmp(s + len - suffix, ONMICROSOFT_SUFFIX, suffix))
    len -= suffix;
  if (len == 0 || len > DOMAIN_PREFIX_MAX)
    return false;
  for (size_t i = 0; i < len; i++)
    if (!is_alnum(s[i]))
      return false;
  return true;
}

static bool email_local_char(char c)
{
  return is_alnum(c) || (c && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

/* local@domain: a dot-atom local part of 1-64 characters and a domain as format_domain. */
bool format_email(const char *s, size_t len)
{
  const char *at = memchr(s, '@', len);
  if (!at || len > 254)
    return false;
  size_t local = (size_t)(at - s);
  if (local == 0 || local > 64 || s[0] == '.' || s[local - 1] == '.')
    return false;
  for (size_t i = 0; i < local; i++) {
    if (s[i] == '.' && s[i + 1] == '.')
      return false;
    if (s[i] != '.' && !email_local_char(s[i]))
      return false;
  }
  return format_domain(at + 1, len - local - 1);
}

/* 8-4-4-4-12 hexadecimal digits, either case, no braces. */
bool format_guid(const char *s, size_t len)
{
  if (len != 36)
    return false;
  for (size_t i = 0; i < len; i++) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
      return false;
  }
  return true;
}

const struct named_check rule_formats[] = {
    {"email", format_email, "an email address (name@example.com)"},
    {"guid", format_guid, "a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"},
    {"domain", format_public_domain, "a domain name ending in a public suffix (contoso.com)"},
    {"domain_prefix", format_domain_prefix, "an .onmicrosoft.com prefix (1-27 letters and digits)"},
    {NULL, NULL, NULL},
};
