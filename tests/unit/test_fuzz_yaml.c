/* Mutation tests for the YAML readers (SPEC §6, §3a, §4 --map): the shipped rule files, the
 * sample csponboard.yaml and a --map file are edited at random (bytes flipped, inserted and
 * deleted; truncation; deep nesting; huge scalars; anchors, aliases and alias bombs; tabs;
 * duplicate keys; type swaps; YAML directives and indicators) and loaded through rules_open,
 * config_load and map_file_load. Whatever the bytes: no crash or sanitizer report, and either
 * success or a clean error code whose message names the file as file:line:column. A rule set
 * that still loads must validate rows and describe its markets without trouble.
 *
 * The PRNG is seeded; a failing case is saved as /tmp/csp_fuzz_yaml_fail_CASE.yaml. */
#include <ctype.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cli/config.h"
#include "base/diag.h"
#include "base/errors.h"
#include "fuzz_mutate.h"
#include "input/map_file.h"
#include "input/mapping.h"
#include "rules/normalize_row.h"
#include "rules/rules.h"
#include "rules/validate.h"

#define CASES 1500

/* The rule set under test: a copy of schemas/ cut down to a few markets. */
static const char *const rule_files[] = {"regions.yaml",    "markets/common.yaml",
                                         "markets/DE.yaml", "markets/US.yaml",
                                         "markets/JP.yaml", "markets/BR.yaml"};
#define NRULE_FILES (sizeof(rule_files) / sizeof(rule_files[0]))

static const char map_yaml[] = "# a --map file\n"
                               "\"Firmenname\": company_name\n"
                               "PLZ: postal_code\n"
                               "'Land': country\n"
                               "Internal notes: ~\n"
                               "Domain name: domain\n";

static char dir[64];
static struct fuzz_buf originals[NRULE_FILES + 2]; /* the rule files, config, map */
static volatile sig_atomic_t current_case;

static void on_alarm(int sig)
{
  (void)sig;
  char msg[64];
  int n = snprintf(msg, sizeof(msg), "hang in fuzz case %d\n", (int)current_case);
  if (n > 0)
    (void)!write(2, msg, (size_t)n);
  _exit(3);
}

static void read_whole(const char *path, struct fuzz_buf *out)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    abort();
  char chunk[4096];
  size_t n;
  out->len = 0;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
    fuzz_insert(out, out->len, chunk, n);
  fclose(f);
}

static void write_whole(const char *path, const struct fuzz_buf *b)
{
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(b->data, 1, b->len, f) != b->len)
    abort();
  fclose(f);
}

/* The path of target t: a rule file, then the config, then the map file. */
static void target_path(size_t t, char *out, size_t cap)
{
  if (t < NRULE_FILES)
    (void)snprintf(out, cap, "%s/%s", dir, rule_files[t]);
  else
    (void)snprintf(out, cap, "%s/%s", dir, t == NRULE_FILES ? "csponboard.yaml" : "map.yaml");
}

static void setup_once(void)
{
  if (dir[0])
    return;
  (void)snprintf(dir, sizeof(dir), "/tmp/csp_fuzz_yaml_XXXXXX");
  if (!mkdtemp(dir))
    abort();
  char path[128];
  (void)snprintf(path, sizeof(path), "%s/markets", dir);
  mkdir(path, 0700);
  for (size_t t = 0; t < NRULE_FILES; t++) {
    (void)snprintf(path, sizeof(path), "schemas/%s", rule_files[t]);
    read_whole(path, &originals[t]);
  }
  read_whole("samples/csponboard.yaml", &originals[NRULE_FILES]);
  fuzz_set(&originals[NRULE_FILES + 1], map_yaml, sizeof(map_yaml) - 1);
  for (size_t t = 0; t < NRULE_FILES + 2; t++) {
    target_path(t, path, sizeof(path));
    write_whole(path, &originals[t]);
  }
  signal(SIGALRM, on_alarm);
}

/* --- mutations --- */

static size_t line_start(const struct fuzz_buf *b, size_t pos)
{
  while (pos > 0 && b->data[pos - 1] != '\n')
    pos--;
  return pos;
}

static size_t line_end(const struct fuzz_buf *b, size_t pos)
{
  while (pos < b->len && b->data[pos] != '\n')
    pos++;
  return pos;
}

/* Where the value of a "key: value" line starts, near pos; or pos. */
static size_t value_at(const struct fuzz_buf *b, size_t pos)
{
  size_t a = line_start(b, pos), z = line_end(b, pos);
  const char *colon = memchr(b->data + a, ':', z - a);
  return colon && colon + 2 <= b->data + z ? (size_t)(colon - b->data) + 2 : pos;
}

static void insert_nesting(struct fuzz_rng *r, struct fuzz_buf *b, size_t pos)
{
  static const size_t depths[] = {30, 31, 32, 33, 34, 200, 20000};
  size_t depth = FUZZ_PICK(r, depths);
  struct fuzz_buf nest = {0};
  switch (fuzz_below(r, 3)) {
  case 0:
    fuzz_insert_repeat(&nest, 0, "[", depth);
    fuzz_insert_repeat(&nest, nest.len, "]", depth);
    break;
  case 1:
    fuzz_insert_repeat(&nest, 0, "{a: ", depth);
    fuzz_insert_repeat(&nest, nest.len, "}", depth);
    break;
  default: /* block mappings, two more spaces a level */
    depth = depth > 300 ? 300 : depth;
    fuzz_insert(&nest, 0, "\n", 1);
    for (size_t d = 1; d <= depth; d++) {
      fuzz_insert_repeat(&nest, nest.len, "  ", d);
      fuzz_insert(&nest, nest.len, "k:\n", 3);
    }
    break;
  }
  fuzz_insert(b, pos, nest.data, nest.len);
  fuzz_buf_free(&nest);
}

static void insert_huge_scalar(struct fuzz_rng *r, struct fuzz_buf *b, size_t pos)
{
  static const size_t sizes[] = {4096, 65536, 1 << 20, 3 << 20};
  static const char *const quotes[] = {"", "'", "\""};
  static const char *const units[] = {"x", "\\d", "é"};
  const char *q = FUZZ_PICK(r, quotes), *unit = FUZZ_PICK(r, units);
  struct fuzz_buf s = {0};
  fuzz_insert(&s, 0, q, strlen(q));
  fuzz_insert_repeat(&s, s.len, unit, FUZZ_PICK(r, sizes) / strlen(unit));
  fuzz_insert(&s, s.len, q, strlen(q));
  fuzz_insert(b, pos, s.data, s.len);
  fuzz_buf_free(&s);
}

/* A billion-laughs document tail: each level lists the previous one ten times. */
static void append_alias_bomb(struct fuzz_buf *b, size_t levels)
{
  char line[256];
  fuzz_insert(b, b->len, "\nbomb0: &b0 [x, x, x, x, x, x, x, x, x, x]\n", 42);
  for (size_t i = 1; i < levels; i++) {
    int n = snprintf(line, sizeof(line), "bomb%zu: &b%zu [", i, i);
    for (int k = 0; k < 10; k++)
      n += snprintf(line + n, sizeof(line) - (size_t)n, "%s*b%zu", k ? ", " : "", i - 1);
    n += snprintf(line + n, sizeof(line) - (size_t)n, "]\n");
    fuzz_insert(b, b->len, line, (size_t)n);
  }
}

static void insert_alias(struct fuzz_rng *r, struct fuzz_buf *b)
{
  static const char *const refs[] = {"*a", "*a", "*undefined", "&a [*a]", "&a {k: *a}", "<<: *a"};
  size_t at = value_at(b, fuzz_below(r, b->len + 1));
  fuzz_insert(b, at, "&a ", 3);
  size_t to = value_at(b, fuzz_below(r, b->len + 1));
  const char *ref = FUZZ_PICK(r, refs);
  fuzz_insert(b, to, ref, strlen(ref));
  if (fuzz_below(r, 3) == 0)
    append_alias_bomb(b, 3 + fuzz_below(r, 7));
}

static void copy_line(struct fuzz_rng *r, struct fuzz_buf *b, size_t pos)
{
  size_t a = line_start(b, fuzz_below(r, b->len + 1)), z = line_end(b, a);
  size_t n = z - a + (z < b->len);
  char *copy = malloc(n + 1);
  memcpy(copy, b->data + a, n);
  fuzz_insert(b, line_start(b, pos), copy, n);
  free(copy);
}

static void swap_type(struct fuzz_rng *r, struct fuzz_buf *b, size_t pos)
{
  static const char *const wraps[][2] = {{"[", "]"},    {"{k: ", "}"}, {"- ", ""},
                                         {"\"", "\""},  {"~ #", ""},   {"!!binary ", ""},
                                         {"|\n  ", ""}, {"? ", ""}};
  size_t at = value_at(b, pos), end = line_end(b, at);
  size_t i = fuzz_below(r, sizeof(wraps) / sizeof(wraps[0]));
  fuzz_insert(b, end, wraps[i][1], strlen(wraps[i][1]));
  fuzz_insert(b, at, wraps[i][0], strlen(wraps[i][0]));
}

static void mutate(struct fuzz_rng *r, struct fuzz_buf *b, bool *heavy)
{
  static const char *const tokens[] = {
      "---\n", "...\n", "%YAML 1.1\n", "%TAG ! x\n", "? ", "- ",  ": ", "#", "|",
      ">",     "'",     "\"",          "&",          "*",  "!",   "{",  "}", "[",
      "]",     ",",     "@",           "`",          "\\", "\\u", "\\x"};
  static const char *const odd[] = {"\0", "\xEF\xBB\xBF", "\xFF\xFE",     "\xC3", "\xED\xA0\x80",
                                    "\r", "\x85",         "\xE2\x80\xA8", "\x1B", "\x7F"};
  size_t pos = fuzz_below(r, b->len + 1);
  switch (fuzz_below(r, 13)) {
  case 0:
    fuzz_flip_bit(r, b);
    break;
  case 1:
    fuzz_insert_byte(r, b, pos);
    break;
  case 2:
    fuzz_delete(b, pos, 1 + fuzz_below(r, 16));
    break;
  case 3:
    fuzz_truncate(b, pos);
    break;
  case 4:
    if (!*heavy)
      insert_nesting(r, b, fuzz_below(r, 2) ? value_at(b, pos) : line_start(b, pos));
    *heavy = true;
    break;
  case 5:
    if (!*heavy)
      insert_huge_scalar(r, b, value_at(b, pos));
    *heavy = true;
    break;
  case 6:
    insert_alias(r, b);
    break;
  case 7:
    fuzz_insert(b, fuzz_below(r, 2) ? line_start(b, pos) : value_at(b, pos), "\t", 1);
    break;
  case 8: /* a line again: duplicate keys */
    copy_line(r, b, pos);
    break;
  case 9:
    swap_type(r, b, pos);
    break;
  case 10: {
    const char *o = FUZZ_PICK(r, odd);
    fuzz_insert(b, pos, o, *o ? strlen(o) : 1);
    break;
  }
  case 11: {
    const char *t = FUZZ_PICK(r, tokens);
    fuzz_insert(b, fuzz_below(r, 2) ? pos : value_at(b, pos), t, strlen(t));
    break;
  }
  default: { /* an indentation change */
    size_t a = line_start(b, pos);
    if (fuzz_below(r, 2))
      fuzz_insert(b, a, " ", 1);
    else if (a < b->len && b->data[a] == ' ')
      fuzz_delete(b, a, 1);
    break;
  }
  }
}

/* --- the invariants --- */

static char *log_text;
static size_t log_len;
static FILE *log_stream;

static void log_begin(void)
{
  log_stream = open_memstream(&log_text, &log_len);
  diag_setup(DIAG_TEXT, DIAG_ERROR, log_stream);
}

static void log_end(void)
{
  fflush(log_stream);
}

static void log_release(void)
{
  diag_setup(DIAG_TEXT, DIAG_ERROR, NULL);
  fclose(log_stream);
  free(log_text);
  log_text = NULL;
}

/* True when the log holds "DIR/...yaml:LINE:COLUMN: " for a file of the test folder. */
static bool names_position(const char *log)
{
  for (const char *p = strstr(log, dir); p; p = strstr(p + 1, dir)) {
    const char *colon = strstr(p, ".yaml:");
    if (!colon || memchr(p, '\n', (size_t)(colon - p)))
      continue;
    const char *q = colon + 6;
    if (!isdigit((unsigned char)*q))
      continue;
    while (isdigit((unsigned char)*q))
      q++;
    if (*q++ != ':' || !isdigit((unsigned char)*q))
      continue;
    while (isdigit((unsigned char)*q))
      q++;
    if (*q == ':')
      return true;
  }
  return false;
}

/* The config's checks after loading (a required key absent, an empty file) have no place to
 * point at: they name the file and the key instead. */
static bool names_absence(const char *log)
{
  return strstr(log, dir) && (strstr(log, "missing required key '") || strstr(log, "is empty") ||
                              strstr(log, "' must be"));
}

static void check_error(int rc, int expected, const char *what, int c)
{
  if (rc == CSP_E_OK)
    return;
  const char *log = log_text ? log_text : "";
  if (rc != expected)
    CHECK_FAIL_AT("case %d: %s returned %s", c, what, csp_error_name(rc));
  else if (!names_position(log) && !(expected == CSP_E_CONFIG && names_absence(log)))
    CHECK_FAIL_AT("case %d: %s failed without file:line:column: %s", c, what,
                  log_text ? log_text : "(no message)");
}

/* A rule set that loads must serve: validate a row per market and describe each market. */
static void use_rules(const struct rules *rules)
{
  static const char *const countries[] = {"DE", "US", "JP", "BR", "FR", ""};
  struct row row;
  row_init(&row);
  for (size_t i = 0; i < sizeof(countries) / sizeof(countries[0]); i++) {
    row_reset(&row);
    row.action = ACTION_CREATE;
    (void)row_set(&row, FIELD_COUNTRY, countries[i]);
    (void)row_set(&row, FIELD_POSTAL_CODE, "10115");
    (void)row_set(&row, FIELD_PHONE, "+49 30 1234567");
    (void)row_set(&row, FIELD_DOMAIN, "contoso");
    (void)row_set(&row, FIELD_EMAIL, "a@b.example");
    (void)row_set(&row, FIELD_CULTURE, "de-DE");
    validate_row(rules, &row);
  }
  row_release(&row);
  FILE *null = fopen("/dev/null", "w");
  for (size_t i = 0; i < rules_market_count(rules); i++)
    rules_describe(rules, rules_market_code(rules, i), null);
  fclose(null);
}

static size_t loads_ok, loads_failed;

static void count(int rc)
{
  if (rc == CSP_E_OK)
    loads_ok++;
  else
    loads_failed++;
}

static void load_target(size_t t, const char *path, int c)
{
  log_begin();
  if (t < NRULE_FILES) {
    struct rules *rules = NULL;
    int rc = rules_open(dir, false, &rules);
    log_end();
    check_error(rc, CSP_E_RULES, "rules_open", c);
    count(rc);
    if (rules)
      use_rules(rules);
    rules_close(rules);
  } else if (t == NRULE_FILES) {
    struct config cfg;
    config_init(&cfg);
    int rc = config_load(&cfg, path);
    log_end();
    check_error(rc, CSP_E_CONFIG, "config_load", c);
    count(rc);
    config_release(&cfg);
  } else {
    struct map_file mf = {0};
    int rc = map_file_load(path, &mf);
    log_end();
    check_error(rc, CSP_E_CONFIG, "map_file_load", c);
    count(rc);
    map_file_release(&mf);
    static const char *const header[] = {"Firmenname", "PLZ", "Land", "Domain name"};
    struct mapping map = {0};
    (void)mapping_init(header, 4, path, &map);
    mapping_release(&map);
  }
  log_release();
}

TEST(mutated_rule_config_and_map_files_load_or_fail_with_their_position)
{
  setup_once();
  struct fuzz_rng rng = {4242};
  struct fuzz_buf b = {0};
  char path[128];
  for (int c = 0; c < CASES; c++) {
    current_case = c;
    size_t t = fuzz_below(&rng, NRULE_FILES + 2);
    target_path(t, path, sizeof(path));
    fuzz_set(&b, originals[t].data, originals[t].len);
    bool heavy = false;
    for (size_t m = 1 + fuzz_below(&rng, 4); m > 0; m--)
      mutate(&rng, &b, &heavy);
    write_whole(path, &b);
    int failed_before = check_case_failed;
    check_case_failed = 0;
    alarm(60);
    load_target(t, path, c);
    alarm(0);
    if (check_case_failed) {
      char saved[96];
      (void)snprintf(saved, sizeof(saved), "/tmp/csp_fuzz_yaml_fail_%d.yaml", c);
      write_whole(saved, &b);
      fprintf(stderr, "  %s saved as %s\n", path, saved);
    }
    check_case_failed |= failed_before;
    write_whole(path, &originals[t]);
  }
  printf("%d mutated files: %zu loaded, %zu refused\n", CASES, loads_ok, loads_failed);
  fuzz_buf_free(&b);
}

TEST(the_unmutated_copies_load)
{
  setup_once();
  struct rules *rules = NULL;
  CHECK_INT_EQ(CSP_E_OK, rules_open(dir, false, &rules));
  CHECK_INT_EQ(4, rules_market_count(rules));
  rules_close(rules);
  struct config cfg;
  char path[128];
  config_init(&cfg);
  target_path(NRULE_FILES, path, sizeof(path));
  CHECK_INT_EQ(CSP_E_OK, config_load(&cfg, path));
  config_release(&cfg);
  struct map_file mf = {0};
  target_path(NRULE_FILES + 1, path, sizeof(path));
  CHECK_INT_EQ(CSP_E_OK, map_file_load(path, &mf));
  CHECK_INT_EQ(5, mf.nentries);
  map_file_release(&mf);
}

/* After every case: removes the test folder. */
AFTER_ALL(remove_the_test_folder)
{
  char path[128];
  for (size_t t = 0; t < NRULE_FILES + 2; t++) {
    target_path(t, path, sizeof(path));
    unlink(path);
    fuzz_buf_free(&originals[t]);
  }
  (void)snprintf(path, sizeof(path), "%s/markets", dir);
  rmdir(path);
  rmdir(dir);
}

RUN_TESTS()
