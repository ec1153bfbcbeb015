/* Percent-encoding and loopback detection over plain strings. The loopback test parses just
 * enough of the URL (scheme, userinfo, host, port) to refuse look-alikes such as
 * "127.0.0.1.example.com" or "localhost.evil": relaxing TLS for those would be a hole. */
#include "http/url.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static bool is_unreserved(unsigned char c)
{
  return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

char *http_url_escape(struct arena *a, const char *s)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    n += is_unreserved(*p) ? 1 : 3;
  char *out = arena_alloc(a, n + 1);
  if (!out)
    return NULL;
  char *o = out;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (is_unreserved(*p)) {
      *o++ = (char)*p;
    } else {
      *o++ = '%';
      *o++ = hex[*p >> 4];
      *o++ = hex[*p & 0x0f];
    }
  }
  *o = '\0';
  return out;
}

bool http_url_is_absolute(const char *url)
{
  return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
}

/* True when host[0..len) is a dotted quad a.b.c.d with a == 127 and every part 0..255. */
static bool is_ipv4_loopback(const char *host, size_t len)
{
  int parts = 0;
  size_t i = 0;
  while (i < len) {
    unsigned value = 0;
    size_t digits = 0;
    while (i < len && isdigit((unsigned char)host[i]) && digits < 4) {
      value = value * 10 + (unsigned)(host[i++] - '0');
      digits++;
    }
    if (digits == 0 || digits > 3 || value > 255 || (parts == 0 && value != 127))
      return false;
    parts++;
    if (i < len && (host[i] != '.' || parts == 4))
      return false;
    if (i < len)
      i++;
    else
      break;
  }
  return parts == 4 && host[len - 1] != '.';
}

bool http_url_is_loopback(const char *url)
{
  return url && http_url_is_absolute(url) && http_url_host_is_loopback(url);
}

bool http_url_host_is_loopback(const char *url)
{
  const char *scheme_end = url ? strstr(url, "://") : NULL;
  if (!scheme_end)
    return false;
  const char *host = scheme_end + 3;
  size_t auth_len = strcspn(host, "/?#");
  /* Skip userinfo: the host follows the last '@' of the authority. */
  for (size_t i = auth_len; i > 0; i--) {
    if (host[i - 1] == '@') {
      host += i;
      auth_len -= i;
      break;
    }
  }
  if (host[0] == '[') {
    size_t close = strcspn(host, "]");
    return close < auth_len && close == 4 && strncmp(host, "[::1", 4) == 0;
  }
  size_t len = strcspn(host, ":/?#");
  if (len > auth_len)
    len = auth_len;
  if (len == 9 && strncasecmp(host, "localhost", 9) == 0)
    return true;
  return len > 0 && is_ipv4_loopback(host, len);
}
