/* Tests for src/input/line_scan.c: delimiter positions and flags, and the 16-byte version
 * agreeing with the byte loop on random lines of every length around the 16-byte steps. */
#include "input/line_scan.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

TEST(delimiters_are_found_in_order_and_a_plain_line_raises_no_flag)
{
  const char *line = "Contoso,,DE,12345 Berlin,x,y,z,last cell past sixteen";
  uint32_t cuts[16];
  size_t n;
  CHECK_INT_EQ(0, line_scan(line, strlen(line), ',', cuts, 16, &n));
  CHECK_INT_EQ(7, n);
  CHECK_INT_EQ(7, cuts[0]);
  CHECK_INT_EQ(8, cuts[1]);
  CHECK_INT_EQ(11, cuts[2]);
  CHECK_INT_EQ(30, cuts[6]);
}

TEST(quotes_breaks_non_ascii_and_nul_each_raise_their_flag_anywhere_in_the_line)
{
  uint32_t cuts[4];
  size_t n;
  char line[40];
  static const struct {
    char byte;
    unsigned flag;
  } cases[] = {{'"', LINE_SCAN_QUOTE},
               {'\r', LINE_SCAN_BREAK},
               {'\n', LINE_SCAN_BREAK},
               {(char)0xC3, LINE_SCAN_NON_ASCII},
               {'\0', LINE_SCAN_NUL}};
  for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
    for (size_t at = 0; at < sizeof(line); at++) {
      memset(line, 'a', sizeof(line));
      line[at] = cases[c].byte;
      CHECK_INT_EQ(cases[c].flag, line_scan(line, sizeof(line), ';', cuts, 4, &n));
      CHECK_INT_EQ(0, n);
    }
}

TEST(past_the_room_given_delimiters_are_counted_but_not_stored)
{
  char line[300];
  memset(line, ',', sizeof(line));
  uint32_t cuts[10] = {0};
  size_t n;
  CHECK_INT_EQ(0, line_scan(line, sizeof(line), ',', cuts, 9, &n));
  CHECK_INT_EQ(300, n);
  CHECK_INT_EQ(8, cuts[8]);
  CHECK_INT_EQ(0, cuts[9]); /* untouched */
}

TEST(the_sixteen_byte_scan_gives_what_the_byte_loop_gives)
{
  static const char alphabet[] = {'a',  'b',  ',', ';',        '\t',       '|',        '"', '\r',
                                  '\n', '\0', ' ', (char)0x80, (char)0xE9, (char)0xFF, '1', ','};
  unsigned seed = 2024;
  char line[200];
  uint32_t fast[64], slow[64];
  for (int round = 0; round < 20000; round++) {
    size_t len = (size_t)(rand_r(&seed) % sizeof(line));
    for (size_t i = 0; i < len; i++)
      line[i] = alphabet[rand_r(&seed) % sizeof(alphabet)];
    char delim = ",;\t|"[rand_r(&seed) % 4];
    size_t nfast, nslow;
    unsigned ffast = line_scan(line, len, delim, fast, 64, &nfast);
    unsigned fslow = line_scan_bytewise(line, len, delim, slow, 64, &nslow);
    size_t stored = nslow < 64 ? nslow : 64;
    if (ffast != fslow || nfast != nslow || memcmp(fast, slow, stored * sizeof(fast[0]))) {
      CHECK_INT_EQ(fslow, ffast);
      CHECK_INT_EQ(nslow, nfast);
      CHECK(!memcmp(fast, slow, stored * sizeof(fast[0])));
      return;
    }
  }
}

RUN_TESTS()
