/* The Public Suffix List, through libpsl (the one file that uses it): an invite's domain must
 * end in a real public suffix (com, co.uk, xn--p1ai, ...) with at least one label before it,
 * so `smith-solutions0026.c` is refused and `eu.contoso.com` is fine. The list is the one
 * built into Debian's libpsl (psl_builtin: compiled in, no file and no network at run time);
 * a libpsl built without one falls back to psl_latest (the system's publicsuffix file, read
 * once). Only the ICANN section counts, and without the "*" default rule, so an unknown TLD is
 * not a suffix. */
#include <libpsl.h>
#include <pthread.h>

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
  if (is_suffix(name))
    return false; /* co.uk itself: nothing registered under it */
  for (const char *dot = strchr(name, '.'); dot; dot = strchr(dot + 1, '.'))
    if (is_suffix(dot + 1))
      return true;
  return false;
}
