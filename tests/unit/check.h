/* The unit-test harness: TEST(name) defines a case whose name is a sentence, CHECK_* macros
 * print both sides on failure, and RUN_TESTS() runs every case and ends with the line
 * "N passed, N failed". Header-only, no dependency. */
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
static struct check_case check_cases[CHECK_MAX_CASES];
static int check_ncases;
static int check_case_failed;

#define TEST(fn_name) \
  static void fn_name(void); \
  __attribute__((constructor)) static void register_##fn_name(void) \
  { \
    if (check_ncases < CHECK_MAX_CASES) \
      check_cases[check_ncases++] = (struct check_case){#fn_name, fn_name}; \
  } \
  static void fn_name(void)

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
  int passed = 0, failed = 0;
  for (int i = 0; i < check_ncases; i++) {
    check_case_failed = 0;
    check_cases[i].fn();
    if (check_case_failed) {
      fprintf(stderr, "FAIL %s\n", check_cases[i].name);
      failed++;
    } else {
      passed++;
    }
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#define RUN_TESTS() \
  int main(void) \
  { \
    return check_run_all(); \
  }

#endif
