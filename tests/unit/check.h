/* The unit-test harness: TEST(name) defines a case whose name is a sentence, CHECK_* macros
 * print both sides on failure, SKIP(why) ends a case that cannot run here as skipped,
 * AFTER_ALL(name) defines a teardown run once after every case (not a case itself), and
 * RUN_TESTS() runs every case and ends with the line "N passed, N failed, N skipped". The exit
 * status is 1 when a case failed (or more cases were defined than CHECK_MAX_CASES: the harness
 * refuses to drop any silently), else CHECK_SKIP_EXIT (ctest's SKIP_RETURN_CODE, so that ctest
 * reports the program as skipped) when a case was skipped, else 0. Header-only, no
 * dependency. */
#ifndef CSP_CHECK_H
#define CSP_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct check_case {
  const char *name;
  void (*fn)(void);
};

#define CHECK_MAX_CASES 512
#define CHECK_SKIP_EXIT 77 /* the SKIP_RETURN_CODE CMakeLists.txt gives ctest */
static struct check_case check_cases[CHECK_MAX_CASES];
static int check_ncases;
static int check_cases_dropped; /* defined past CHECK_MAX_CASES: a failure, not a silence */
static int check_case_failed;
static int check_case_skipped;
static void (*check_after_all)(void);

#define TEST(fn_name) \
  static void fn_name(void); \
  __attribute__((constructor)) static void register_##fn_name(void) \
  { \
    if (check_ncases < CHECK_MAX_CASES) \
      check_cases[check_ncases++] = (struct check_case){#fn_name, fn_name}; \
    else \
      check_cases_dropped++; \
  } \
  static void fn_name(void)

/* A teardown run once after every case, whatever their outcome (one per test program). */
#define AFTER_ALL(fn_name) \
  static void fn_name(void); \
  __attribute__((constructor)) static void register_##fn_name(void) \
  { \
    check_after_all = fn_name; \
  } \
  static void fn_name(void)

/* Ends the current case as skipped (something it needs is missing here), saying why. */
#define SKIP(...) \
  do { \
    fprintf(stderr, "  %s:%d: skipped: ", __FILE__, __LINE__); \
    fprintf(stderr, __VA_ARGS__); \
    fputc('\n', stderr); \
    check_case_skipped = 1; \
    return; \
  } while (0)

#define CHECK_FAIL_AT(...) \
  do { \
    fprintf(stderr, "  %s:%d: ", __FILE__, __LINE__); \
    fprintf(stderr, __VA_ARGS__); \
    fputc('\n', stderr); \
    check_case_failed = 1; \
  } while (0)

#define CHECK(cond) \
  do { \
    if (!(cond)) \
      CHECK_FAIL_AT("expected %s", #cond); \
  } while (0)

#define CHECK_INT_EQ(expected, actual) \
  do { \
    long long check_e_ = (long long)(expected), check_a_ = (long long)(actual); \
    if (check_e_ != check_a_) \
      CHECK_FAIL_AT("%s == %s: expected %lld, got %lld", #expected, #actual, check_e_, check_a_); \
  } while (0)

#define CHECK_STR_EQ(expected, actual) \
  do { \
    const char *check_e_ = (expected), *check_a_ = (actual); \
    if (!check_e_ || !check_a_ || strcmp(check_e_, check_a_) != 0) \
      CHECK_FAIL_AT("%s == %s: expected \"%s\", got \"%s\"", #expected, #actual, \
                    check_e_ ? check_e_ : "(null)", check_a_ ? check_a_ : "(null)"); \
  } while (0)

#define CHECK_CONTAINS(haystack, needle) \
  do { \
    const char *check_h_ = (haystack), *check_n_ = (needle); \
    if (!check_h_ || !strstr(check_h_, check_n_)) \
      CHECK_FAIL_AT("expected \"%s\" in \"%s\"", check_n_, check_h_ ? check_h_ : "(null)"); \
  } while (0)

static inline int check_run_all(void)
{
  int passed = 0, failed = 0, skipped = 0;
  if (check_cases_dropped) {
    fprintf(stderr, "FAIL: %d cases past CHECK_MAX_CASES (%d) would not run: raise it\n",
            check_cases_dropped, CHECK_MAX_CASES);
    return EXIT_FAILURE;
  }
  for (int i = 0; i < check_ncases; i++) {
    check_case_failed = check_case_skipped = 0;
    check_cases[i].fn();
    if (check_case_failed) {
      fprintf(stderr, "FAIL %s\n", check_cases[i].name);
      failed++;
    } else if (check_case_skipped) {
      fprintf(stderr, "SKIP %s\n", check_cases[i].name);
      skipped++;
    } else {
      passed++;
    }
  }
  if (check_after_all)
    check_after_all();
  printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  return failed ? EXIT_FAILURE : skipped ? CHECK_SKIP_EXIT : EXIT_SUCCESS;
}

#define RUN_TESTS() \
  int main(void) \
  { \
    return check_run_all(); \
  }

#endif
