/* Version-4 UUIDs (RFC 9562 §5.4): 122 random bits, the version nibble 4 and the variant bits
 * 10. uuid_gen draws them from a splitmix64 sequence seeded once from getrandom() (or
 * /dev/urandom where the syscall is missing); uuid_random asks the kernel every time. Neither
 * keeps global state: a generator belongs to its caller. */
#include "base/uuid.h"

#include <errno.h>
#include <stdio.h>
#include <sys/random.h>

#include "base/errors.h"
#include "base/hash.h"

int random_kernel_bytes(void *buf, size_t len)
{
  ssize_t n;
  do {
    n = getrandom(buf, len, 0);
  } while (n < 0 && errno == EINTR);
  if (n == (ssize_t)len)
    return CSP_E_OK;

  int rc = CSP_E_IO;
  FILE *f = fopen("/dev/urandom", "rb");
  if (!f)
    goto out;
  if (fread(buf, 1, len, f) == len)
    rc = CSP_E_OK;
  fclose(f);
out:
  return rc;
}

/* Sets the version and variant bits of 16 random bytes and prints them in 8-4-4-4-12 form. */
static void format_v4(unsigned char b[16], char out[UUID_STR_SIZE])
{
  static const char hex[] = "0123456789abcdef";
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
  size_t o = 0;
  for (size_t i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      out[o++] = '-';
    out[o++] = hex[b[i] >> 4];
    out[o++] = hex[b[i] & 0x0f];
  }
  out[o] = '\0';
}

int uuid_gen_init(struct uuid_gen *g)
{
  uint64_t seed = 0;
  int rc = random_kernel_bytes(&seed, sizeof(seed));
  if (rc == CSP_E_OK)
    g->state = seed;
  return rc;
}

void uuid_gen_seed(struct uuid_gen *g, uint64_t seed)
{
  g->state = seed;
}

void uuid_gen_next(struct uuid_gen *g, char out[UUID_STR_SIZE])
{
  unsigned char b[16];
  uint64_t hi = splitmix64_next(&g->state), lo = splitmix64_next(&g->state);
  for (size_t i = 0; i < 8; i++) {
    b[i] = (unsigned char)(hi >> (8 * i));
    b[8 + i] = (unsigned char)(lo >> (8 * i));
  }
  format_v4(b, out);
}

int uuid_random(char out[UUID_STR_SIZE])
{
  unsigned char b[16];
  int rc = random_kernel_bytes(b, sizeof(b));
  if (rc == CSP_E_OK)
    format_v4(b, out);
  return rc;
}
