/* Tests for src/rules/enum_table.c: a lookup finds exactly what a scan of the list with
 * strcmp (or strcasecmp, folded) finds, returns the listed spelling, and works for lists of
 * any length. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "rules/rules_internal.h"

static struct rules rules;
static struct load_ctx lc = {&rules, "test", NULL, 0};

static struct string_list list_of(const char **values, size_t n, bool folded)
{
  struct string_list l = {values, values, NULL, 0, n};
  CHECK(enum_table_build(&lc, &l, folded));
  return l;
}

static const char *scan(const char **values, size_t n, const char *value, bool folded)
{
  for (size_t i = 0; i < n; i++)
    if (folded ? !strcasecmp(values[i], value) : !strcmp(values[i], value))
      return values[i];
  return NULL;
}

static void check_agrees(const struct string_list *l, const char *value, bool folded)
{
  const char *want = scan(l->values, l->n, value, folded);
  const char *got = enum_find(l, value, strlen(value), folded);
  if (want != got)
    CHECK_FAIL_AT("\"%s\" (%s): the scan finds %s, the table %s", value,
                  folded ? "folded" : "exact", want ? want : "nothing", got ? got : "nothing");
}

static const char *const probes[] = {"",      "WA",    "wa",    "Wa", "wA", "W",     "WAA",
                                     "de-DE", "DE-de", "de_DE", "en", "EN", "En-us", "en-US ",
                                     "x",     "ÄÖ",    "äö",    "@",  "`",  "[",     "{"};

TEST(a_lookup_finds_what_a_scan_of_the_list_finds)
{
  arena_init(&rules.arena, 1 << 20);
  static const char *states[] = {"AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE",
                                 "FL", "GA", "HI", "IA", "ID", "IL", "IN", "KS", "KY",
                                 "LA", "MA", "WA", "WI", "WV", "WY", "ÄÖ"};
  static const char *cultures[] = {"de-DE", "en-US", "@", "[", "en"};
  for (int folded = 0; folded < 2; folded++) {
    struct string_list a = list_of(states, sizeof(states) / sizeof(states[0]), folded);
    struct string_list b = list_of(cultures, sizeof(cultures) / sizeof(cultures[0]), folded);
    for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
      check_agrees(&a, probes[i], folded);
      check_agrees(&b, probes[i], folded);
    }
    for (size_t i = 0; i < a.n; i++)
      check_agrees(&a, states[i], folded);
  }
  arena_release(&rules.arena);
}

TEST(a_folded_lookup_returns_the_listed_spelling)
{
  arena_init(&rules.arena, 1 << 20);
  static const char *cultures[] = {"de-DE", "en-US"};
  struct string_list l = list_of(cultures, 2, true);
  CHECK_STR_EQ("de-DE", enum_find(&l, "DE-de", 5, true));
  CHECK(enum_find(&l, "DE-de", 5, false) == NULL);
  arena_release(&rules.arena);
}

TEST(long_lists_fill_their_table_and_find_every_value)
{
  arena_init(&rules.arena, 1 << 20);
  static char names[CSP_MAX_ENUM_VALUES][8];
  static const char *values[CSP_MAX_ENUM_VALUES];
  for (size_t i = 0; i < CSP_MAX_ENUM_VALUES; i++) {
    snprintf(names[i], sizeof(names[i]), "v%zu", i);
    values[i] = names[i];
  }
  struct string_list l = list_of(values, CSP_MAX_ENUM_VALUES, true);
  CHECK(l.mask + 1 >= 2 * CSP_MAX_ENUM_VALUES);
  for (size_t i = 0; i < CSP_MAX_ENUM_VALUES; i++)
    check_agrees(&l, names[i], true);
  check_agrees(&l, "v512", true);
  check_agrees(&l, "V7", true);
  arena_release(&rules.arena);
}

RUN_TESTS()
