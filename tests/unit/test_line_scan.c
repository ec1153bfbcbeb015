/* Tests for src/input/line_scan.c: delimiter and quote positions and flags, and the 16-byte
 * version agreeing with the byte loop on random lines of every length around the 16-byte
 * steps. */
#include "input/line_scan.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

TEST(delimiters_are_found_in_order_and_a_plain_line_raises_no_flag)
{
  const char *line = "Contoso,,DE,12345 Berlin,x,y,z,last cell past sixteen";
  struct line_marks m;
  CHECK_INT_EQ(0, line_scan(line, strlen(line), ',', &m));
  CHECK_INT_EQ(7, m.ncuts);
  CHECK_INT_EQ(0, m.nquotes);
  CHECK_INT_EQ(7, m.cuts[0]);
  CHECK_INT_EQ(8, m.cuts[1]);
  CHECK_INT_EQ(11, m.cuts[2]);
  CHECK_INT_EQ(30, m.cuts[6]);
}

TEST(quotes_are_found_in_order_with_their_flag)
{
  const char *line = "\"Nod Retail, LLC\",x,\"say \"\"hi\"\"\",y";
  struct line_marks m;
  CHECK_INT_EQ(LINE_SCAN_QUOTE, line_scan(line, strlen(line), ',', &m));
  CHECK_INT_EQ(8, m.nquotes);
  CHECK_INT_EQ(0, m.quotes[0]);
  CHECK_INT_EQ(16, m.quotes[1]);
  CHECK_INT_EQ(20, m.quotes[2]);
  CHECK_INT_EQ(31, m.quotes[7]);
  CHECK_INT_EQ(4, m.ncuts); /* the one inside the quotes too */
}

TEST(breaks_non_ascii_and_nul_each_raise_their_flag_anywhere_in_the_line)
{
  struct line_marks m;
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
      CHECK_INT_EQ(cases[c].flag, line_scan(line, sizeof(line), ';', &m));
      CHECK_INT_EQ(0, m.ncuts);
    }
}

TEST(past_the_room_marks_are_counted_but_not_stored)
{
  char line[LINE_SCAN_MARKS + 44];
  memset(line, ',', sizeof(line));
  static struct line_marks m;
  memset(&m, 0, sizeof(m));
  CHECK_INT_EQ(0, line_scan(line, sizeof(line), ',', &m));
  CHECK_INT_EQ(sizeof(line), m.ncuts);
  CHECK_INT_EQ(LINE_SCAN_MARKS - 1, m.cuts[LINE_SCAN_MARKS - 1]);
  CHECK_INT_EQ(0, m.nquotes);
}

/* Whether two scans found the same marks (the stored ones). */
static bool same_marks(const struct line_marks *a, const struct line_marks *b)
{
  size_t cuts = a->ncuts < LINE_SCAN_MARKS ? a->ncuts : LINE_SCAN_MARKS;
  size_t quotes = a->nquotes < LINE_SCAN_MARKS ? a->nquotes : LINE_SCAN_MARKS;
  return a->ncuts == b->ncuts && a->nquotes == b->nquotes &&
         !memcmp(a->cuts, b->cuts, cuts * sizeof(a->cuts[0])) &&
         !memcmp(a->quotes, b->quotes, quotes * sizeof(a->quotes[0]));
}

TEST(the_sixteen_byte_scan_gives_what_the_byte_loop_gives)
{
  static const char alphabet[] = {'a',  'b',  ',', ';',        '\t',       '|',        '"', '\r',
                                  '\n', '\0', ' ', (char)0x80, (char)0xE9, (char)0xFF, '1', ','};
  unsigned seed = 2024;
  char line[600];
  static struct line_marks fast, slow;
  for (int round = 0; round < 20000; round++) {
    size_t len = (size_t)(rand_r(&seed) % (round % 10 ? 200 : sizeof(line)));
    for (size_t i = 0; i < len; i++)
      line[i] = alphabet[rand_r(&seed) % sizeof(alphabet)];
    char delim = ",;\t|"[rand_r(&seed) % 4];
    unsigned ffast = line_scan(line, len, delim, &fast);
    unsigned fslow = line_scan_bytewise(line, len, delim, &slow);
    if (ffast != fslow || !same_marks(&fast, &slow)) {
      CHECK_INT_EQ(fslow, ffast);
      CHECK(same_marks(&fast, &slow));
      return;
    }
  }
}

RUN_TESTS()
