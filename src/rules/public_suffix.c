/* The Public Suffix List, through libpsl (the one file that uses it): an invite's domain must
 * end in a real public suffix (com, co.uk, xn--p1ai, ...) with at least one label before it,
 * so `smith-solutions0026.c` is refused and `eu.contoso.com` is fine. The list is the one
 * built into Debian's libpsl (psl_builtin: compiled in, no file and no network at run time);
 * a libpsl built without one falls back to psl_latest (the system's publicsuffix file, read
 * once). Only the ICANN section counts, and without the "*" default rule, so an unknown TLD is
 * not a suffix.
 *
 * A libpsl lookup costs about half a microsecond, and an invite row would need two (is the
 * domain itself a suffix? is its TLD one?). Every public suffix sits under a TLD that is one,
 * so the TLD is asked first, through a small cache per thread (a file's domains share a few
 * TLDs), and the domain itself once. */
#include <libpsl.h>
#include <pthread.h>

#include "base/hash.h"
#include "rules/rules_internal.h"

static const psl_ctx_t *psl;
static pthread_once_t psl_once = PTHREAD_ONCE_INIT;

static void psl_open(void)
{
  psl = psl_builtin();
  if (!psl)
    psl = psl_latest(NULL); /* kept for the life of the process */
}

static bool is_suffix(const char *s)
{
  return psl_is_public_suffix2(psl, s, PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE) != 0;
}

#define TLD_CACHE_SLOTS 64
#define TLD_CACHE_KEY 32

/* This thread's answers for TLDs: key "" is a free slot. */
static _Thread_local struct {
  char key[TLD_CACHE_KEY];
  bool suffix;
} tld_cache[TLD_CACHE_SLOTS];

static bool tld_is_suffix(const char *tld)
{
  size_t len = strlen(tld);
  if (len >= TLD_CACHE_KEY)
    return is_suffix(tld);
  size_t slot = (size_t)(hash_bytes(HASH_FNV_OFFSET, tld, len) % TLD_CACHE_SLOTS);
  if (strcmp(tld_cache[slot].key, tld) != 0) {
    memcpy(tld_cache[slot].key, tld, len + 1);
    tld_cache[slot].suffix = is_suffix(tld);
  }
  return tld_cache[slot].suffix;
}

bool public_suffix_registrable(const char *s, size_t len)
{
  char name[256];
  if (len == 0 || len >= sizeof(name))
    return false;
  pthread_once(&psl_once, psl_open);
  if (!psl)
    return true; /* no list at all: the syntax check alone decides */
  for (size_t i = 0; i < len; i++)
    name[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
  name[len] = '\0';
  const char *tld = strrchr(name, '.');
  return tld && tld_is_suffix(tld + 1) && !is_suffix(name); /* co.uk itself: nothing under it */
}
