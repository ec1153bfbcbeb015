/* Identifiers: seeded hashing for everything that must replay (customer ids, fault draws),
 * the kernel's random source for everything that must not be guessable (access tokens,
 * temporary passwords). */
#include "sandbox/ids.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "base/errors.h"
#include "base/hash.h"

uint64_t sb_hash64(uint64_t seed, const void *data, size_t len)
{
  return hash_mix64(hash_bytes(HASH_FNV_OFFSET ^ hash_mix64(seed), data, len));
}

double sb_unit(uint64_t x)
{
  return (double)(x >> 11) * (1.0 / 9007199254740992.0);
}

void sb_guid_format(uint64_t hi, uint64_t lo, char *out)
{
  hi = (hi & ~0xf000ULL) | 0x4000ULL;             /* version 4 */
  lo = (lo & ~(0xc0ULL << 56)) | (0x80ULL << 56); /* RFC 4122 variant */
  snprintf(out, SB_GUID_LEN + 1, "%08x-%04x-%04x-%04x-%012llx", (unsigned)(hi >> 32),
           (unsigned)((hi >> 16) & 0xffff), (unsigned)(hi & 0xffff), (unsigned)(lo >> 48),
           (unsigned long long)(lo & 0xffffffffffffULL));
}

void sb_guid_for(uint64_t seed, const char *key, char *out)
{
  size_t len = strlen(key);
  sb_guid_format(sb_hash64(seed, key, len), sb_hash64(seed ^ 0x5bd1e995ULL, key, len), out);
}

bool sb_is_guid(const char *s)
{
  static const int group_len[] = {8, 4, 4, 4, 12};
  for (int g = 0; g < 5; g++) {
    for (int i = 0; i < group_len[g]; i++, s++)
      if (!isxdigit((unsigned char)*s))
        return false;
    if (*s != (g == 4 ? '\0' : '-'))
      return false;
    s++;
  }
  return true;
}

int sb_random_text(char *out, size_t len, const char *alphabet)
{
  size_t n = strlen(alphabet);
  unsigned char buf[256];
  size_t done = 0;
  while (done < len) {
    size_t want = len - done < sizeof(buf) ? len - done : sizeof(buf);
    ssize_t got = getrandom(buf, want, 0);
    if (got <= 0)
      return CSP_E_IO;
    for (ssize_t i = 0; i < got; i++)
      out[done++] = alphabet[buf[i] % n];
  }
  out[len] = '\0';
  return 0;
}

void sb_lower(char *s)
{
  for (; *s; s++)
    *s = (char)tolower((unsigned char)*s);
}
