/* Tests for the shared string table on disk (src/input/xlsx_strings.c): loading from XML handed
 * over in small pieces, lookups in order, backwards and jumping about (past the cache's slots and
 * windows), strings longer than a slot or a window, the cap on the temporary files, and an empty
 * table. */
#include "input/xlsx_strings.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/errors.h"
#include "base/limits.h"

/* The XML in memory, handed over at most piece bytes at a time. */
struct mem {
  const char *p;
  size_t len, at, piece;
};

static long long mem_read(void *rctx, void *buf, size_t cap)
{
  struct mem *m = rctx;
  size_t n = m->len - m->at;
  if (n > cap)
    n = cap;
  if (n > m->piece)
    n = m->piece;
  memcpy(buf, m->p + m->at, n);
  m->at += n;
  return (long long)n;
}

/* <sst> with string i as made by text(i, ...), for i < n. */
static char *sst(size_t n, void (*text)(size_t i, FILE *f))
{
  char *xml = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&xml, &len);
  fputs("<?xml version=\"1.0\"?><sst xmlns=\"x\">", f);
  for (size_t i = 0; i < n; i++) {
    fputs("<si><t>", f);
    text(i, f);
    fputs("</t></si>", f);
  }
  fputs("</sst>", f);
  fclose(f);
  return xml;
}

static int load(struct xlsx_strings *t, const char *xml, size_t piece, char *err, size_t errcap)
{
  struct mem m = {xml, strlen(xml), 0, piece};
  return xlsx_strings_load(t, mem_read, &m, err, errcap);
}

static void numbered(size_t i, FILE *f)
{
  fprintf(f, "string number %zu", i);
}

/* Checks string i of a table of numbered() strings. */
static void check_numbered(struct xlsx_strings *t, size_t i)
{
  char want[64];
  (void)snprintf(want, sizeof(want), "string number %zu", i);
  const char *s = NULL;
  size_t len = 0;
  CHECK_INT_EQ(CSP_E_OK, xlsx_strings_get(t, i, &s, &len));
  CHECK_STR_EQ(want, s);
  CHECK_INT_EQ(strlen(want), len);
}

#define MANY (3 * CSP_XLSX_STRING_SLOTS + 17)

TEST(strings_are_read_back_in_order_backwards_and_jumping_about)
{
  char *xml = sst(MANY, numbered);
  struct xlsx_strings t;
  xlsx_strings_init(&t);
  char err[256] = "";
  CHECK_INT_EQ(CSP_E_OK, load(&t, xml, 4096, err, sizeof(err)));
  CHECK_INT_EQ(MANY, t.count);
  for (size_t i = 0; i < MANY; i++)
    check_numbered(&t, i);
  for (size_t i = MANY; i-- > 0;)
    check_numbered(&t, i);
  for (size_t k = 0, i = 0; k < MANY; k++, i = (i + 7919) % MANY)
    check_numbered(&t, i);
  for (size_t k = 0; k < 1000; k++) /* a row: a few repeated strings, then a new one */
    for (size_t i = 0; i < 4; i++)
      check_numbered(&t, i == 3 ? 100 + k : i);
  xlsx_strings_release(&t);
  free(xml);
}

static void rich(size_t i, FILE *f)
{
  if (i == 0)
    fputs("Con</t></si><si><r><t>Con</t></r><r><t>toso</t></r><rPh><t>KON</t></rPh><t>", f);
  else
    fputs("a &amp; b _x0041_", f);
}

TEST(text_in_small_pieces_is_joined_without_phonetic_guides_and_unescaped)
{
  char *xml = sst(2, rich);
  struct xlsx_strings t;
  xlsx_strings_init(&t);
  char err[256] = "";
  CHECK_INT_EQ(CSP_E_OK, load(&t, xml, 3, err, sizeof(err)));
  CHECK_INT_EQ(3, t.count);
  const char *s = NULL;
  size_t len = 0;
  CHECK_INT_EQ(CSP_E_OK, xlsx_strings_get(&t, 1, &s, &len));
  CHECK_STR_EQ("Contoso", s);
  CHECK_INT_EQ(CSP_E_OK, xlsx_strings_get(&t, 2, &s, &len));
  CHECK_STR_EQ("a & b A", s);
  CHECK_INT_EQ(CSP_E_OK, xlsx_strings_get(&t, 0, &s, &len));
  CHECK_STR_EQ("Con", s);
  xlsx_strings_release(&t);
  free(xml);
}

/* String i is i % 4 of: short, longer than a slot, longer than the back window, too long. */
static const size_t lengths[] = {5, 300, 9000, CSP_MAX_FIELD_BYTES + 500};

static void of_length(size_t i, FILE *f)
{
  for (size_t k = 0; k < lengths[i % 4]; k++)
    fputc('a' + (int)((i + k) % 26), f);
}

static void check_of_length(struct xlsx_strings *t, size_t i)
{
  size_t want = lengths[i % 4] > CSP_MAX_FIELD_BYTES ? CSP_MAX_FIELD_BYTES + 1 : lengths[i % 4];
  const char *s = NULL;
  size_t len = 0;
  CHECK_INT_EQ(CSP_E_OK, xlsx_strings_get(t, i, &s, &len));
  CHECK_INT_EQ(want, len);
  CHECK(s && strlen(s) == len);
  CHECK(s && s[0] == 'a' + (int)(i % 26) && s[len - 1] == 'a' + (int)((i + len - 1) % 26));
}

TEST(long_strings_are_read_back_whole_and_a_too_long_one_keeps_one_byte_more_than_the_limit)
{
  char *xml = sst(40, of_length);
  struct xlsx_strings t;
  xlsx_strings_init(&t);
  char err[256] = "";
  CHECK_INT_EQ(CSP_E_OK, load(&t, xml, CSP_READ_CHUNK, err, sizeof(err)));
  for (size_t i = 0; i < 40; i++)
    check_of_length(&t, i);
  for (size_t i = 40; i-- > 0;)
    check_of_length(&t, i);
  for (size_t i = 0; i < 40; i++) /* the same long string twice in a row */
    for (int twice = 0; twice < 2; twice++)
      check_of_length(&t, i);
  xlsx_strings_release(&t);
  free(xml);
}

TEST(an_index_past_the_table_and_an_empty_table_give_no_string)
{
  struct xlsx_strings t;
  xlsx_strings_init(&t);
  const char *s = "x";
  size_t len = 9;
  CHECK_INT_EQ(CSP_E_OK, xlsx_strings_get(&t, 0, &s, &len));
  CHECK(s == NULL);
  CHECK_INT_EQ(0, xlsx_strings_memory(&t));
  char *xml = sst(3, numbered);
  char err[256] = "";
  CHECK_INT_EQ(CSP_E_OK, load(&t, xml, 4096, err, sizeof(err)));
  CHECK_INT_EQ(CSP_E_OK, xlsx_strings_get(&t, 3, &s, &len));
  CHECK(s == NULL);
  check_numbered(&t, 2);
  xlsx_strings_release(&t);
  free(xml);
}

TEST(memory_is_the_same_for_a_small_and_a_large_table)
{
  struct xlsx_strings small, large;
  xlsx_strings_init(&small);
  xlsx_strings_init(&large);
  char *a = sst(10, numbered), *b = sst(MANY, numbered);
  char err[256] = "";
  CHECK_INT_EQ(CSP_E_OK, load(&small, a, 4096, err, sizeof(err)));
  CHECK_INT_EQ(CSP_E_OK, load(&large, b, 4096, err, sizeof(err)));
  CHECK_INT_EQ(xlsx_strings_memory(&small), xlsx_strings_memory(&large));
  CHECK(xlsx_strings_memory(&large) < 2u * 1024 * 1024);
  xlsx_strings_release(&small);
  xlsx_strings_release(&large);
  free(a);
  free(b);
}

TEST(a_table_over_its_cap_is_refused_with_a_sentence)
{
  char *xml = sst(80, of_length); /* 20 strings of 64 KiB */
  struct xlsx_strings t;
  xlsx_strings_init(&t);
  t.max_bytes = 1024 * 1024;
  char err[256] = "";
  CHECK_INT_EQ(CSP_E_INPUT, load(&t, xml, 4096, err, sizeof(err)));
  CHECK_STR_EQ("its shared strings take more than 1 MiB", err);
  xlsx_strings_release(&t);
  free(xml);
}

TEST(damaged_xml_is_refused_with_where)
{
  const char *xml = "<sst><si><t>a</t></si><si><t>b</sst>";
  struct xlsx_strings t;
  xlsx_strings_init(&t);
  char err[256] = "";
  CHECK_INT_EQ(CSP_E_INPUT, load(&t, xml, 4096, err, sizeof(err)));
  CHECK_CONTAINS(err, "line 1");
  xlsx_strings_release(&t);
}

RUN_TESTS()
