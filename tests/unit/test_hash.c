/* Tests for src/base/hash.h: FNV-1a's published values, splitmix64's reference sequence, and
 * the two ways of hashing text agreeing. */
#include "base/hash.h"

#include <string.h>

#include "check.h"

TEST(fnv1a_gives_the_published_64_bit_values)
{
  CHECK(hash_text("") == 0xcbf29ce484222325ULL);
  CHECK(hash_text("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(hash_text("foobar") == 0x85944171f73967e8ULL);
}

TEST(hashing_bytes_from_the_offset_equals_hashing_the_text)
{
  const char *s = "domain:fabrikam.com";
  CHECK(hash_bytes(HASH_FNV_OFFSET, s, strlen(s)) == hash_text(s));
  uint64_t h = hash_bytes(HASH_FNV_OFFSET, s, 7);
  CHECK(hash_bytes(h, s + 7, strlen(s) - 7) == hash_text(s)); /* it continues a hash */
}

TEST(splitmix64_from_seed_0_gives_the_reference_sequence)
{
  uint64_t state = 0;
  CHECK(splitmix64_next(&state) == 0xe220a8397b1dcdafULL);
  CHECK(splitmix64_next(&state) == 0x6e789e6aa1b965f4ULL);
  CHECK(splitmix64_next(&state) == 0x06c45d188009454fULL);
}

TEST(mixing_a_value_is_the_sequence_output_for_that_state)
{
  uint64_t state = 1234;
  uint64_t first = hash_mix64(1234);
  CHECK(splitmix64_next(&state) == first);
  CHECK(hash_mix64(1234 + HASH_GOLDEN_GAMMA) == splitmix64_next(&state));
  CHECK(hash_mix64(1) != hash_mix64(2));
}

RUN_TESTS()
