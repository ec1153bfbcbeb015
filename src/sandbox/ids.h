/* Identifiers for the sandbox: seeded hashes (deterministic ids and fault draws), GUIDs, and
 * secrets from the kernel's random source (tokens, passwords, never seeded). */
#ifndef CSP_SANDBOX_IDS_H
#define CSP_SANDBOX_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SB_GUID_LEN 36

/* A 64-bit hash of len bytes of data, keyed by seed (base/hash.h's FNV-1a, mixed). */
uint64_t sb_hash64(uint64_t seed, const void *data, size_t len);
/* A uniform double in [0, 1) from a 64-bit value. */
double sb_unit(uint64_t x);
/* Writes a version-4-shaped GUID made of hi and lo into out (SB_GUID_LEN + 1 bytes). */
void sb_guid_format(uint64_t hi, uint64_t lo, char *out);
/* The GUID derived from seed and a text key (same seed and key: same GUID). */
void sb_guid_for(uint64_t seed, const char *key, char *out);
/* True when s is a GUID (8-4-4-4-12 hex digits). */
bool sb_is_guid(const char *s);
/* Fills out with len random characters from alphabet (kernel randomness) and a NUL.
 * Returns 0 or CSP_E_IO. */
int sb_random_text(char *out, size_t len, const char *alphabet);
/* Lower-cases s in place (ASCII). */
void sb_lower(char *s);

#endif
