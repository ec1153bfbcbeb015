/* Tests for src/seen.c: duplicate identities report the first row that had them. */
#include "seen.h"

#include <stdio.h>

#include "check.h"

TEST(a_new_identity_reports_no_earlier_row)
{
  struct seen *s;
  CHECK_INT_EQ(0, seen_open(&s));
  size_t first = 99;
  CHECK_INT_EQ(0, seen_add(s, "domain:a.onmicrosoft.com", 1, &first));
  CHECK_INT_EQ(0, first);
  seen_free(s);
}

TEST(a_repeated_identity_reports_the_first_row_even_across_batches)
{
  struct seen *s;
  CHECK_INT_EQ(0, seen_open(&s));
  size_t first = 0;
  CHECK_INT_EQ(0, seen_add(s, "tenant:x", 3, &first));
  char id[64];
  for (size_t i = 0; i < 200000; i++) { /* past several in-memory batches */
    snprintf(id, sizeof(id), "domain:d%zu", i);
    CHECK_INT_EQ(0, seen_add(s, id, 10 + i, &first));
  }
  CHECK_INT_EQ(0, seen_add(s, "tenant:x", 300000, &first));
  CHECK_INT_EQ(3, first);
  CHECK_INT_EQ(0, seen_add(s, "domain:d42", 300001, &first));
  CHECK_INT_EQ(52, first);
  CHECK_INT_EQ(0, seen_add(s, "domain:d199999", 300002, &first));
  CHECK_INT_EQ(200009, first);
  CHECK_INT_EQ(0, seen_add(s, "domain:never-seen", 300003, &first));
  CHECK_INT_EQ(0, first);
  seen_free(s);
}

TEST(freeing_null_does_nothing)
{
  seen_free(NULL);
  CHECK(1);
}

RUN_TESTS()
