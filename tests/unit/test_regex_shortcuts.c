/* Tests for src/rules/regex_shortcuts.c: wherever a shortcut is sure, it agrees with PCRE2
 * running its pattern (compiled as the loader compiles it), on tricky values and on random
 * ASCII ones; each shortcut is sure often enough to matter; a pattern finds its shortcut by
 * its exact source only. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "rules/rules_internal.h"

static const char *const tricky[] = {
    "",
    " ",
    "a",
    "UK",
    "uk",
    "GB",
    "DE",
    "D",
    "DEU",
    "UK\n",
    "AB\n",
    "Zz",
    "aaa",
    "Coool",
    "Zzz Holdings",
    "Henry VIII Ltd",
    "III",
    "...",
    "!!!",
    " - ",
    "\t\n",
    "a.b",
    "x,y",
    "Inc",
    "inc.",
    " LLC ",
    "l.l.c",
    "Incorporated",
    " ,Incorporated., ",
    "incorporatedd",
    "Pty Ltd",
    "sp. z o.o",
    "sp z oo",
    "d.o.o",
    "doo",
    "GmbH & Co. KG",
    "Contoso GmbH",
    "Contoso.com",
    "contoso.COM ",
    "Contoso.co.uk",
    "Contoso .io\t",
    "Contoso Co.",
    "Contoso Com",
    "A.B. Holdings",
    "anna@microsoft.com",
    "anna@MICROSOFT.COM",
    "anna@notmicrosoft.com",
    "anna@mail.microsoft.com",
    "microsoft.com",
    "@microsoft.com",
    "anna@microsoft.com ",
    "anna@microsoft.co",
    "Litware Manufacturing LLP",
    "Graphic Design Engineering Co.",
    "12345",
    "---",
    "a--",
    "\v\v\v",
    "\r\r\r",
    "\n\n\n",
    "xxxxxxxxxxxxxxxxxxxx",
    "ab ab ab",
    "abcabcabc",
};

static bool regex_matches(pcre2_code *code, pcre2_match_data *md, const char *s, size_t len)
{
  return pcre2_match(code, (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0;
}

/* A random ASCII value from characters the patterns care about. */
static size_t random_value(uint64_t *state, char *out, size_t cap)
{
  static const char alphabet[] = "aAcCiIkKlLmMnNoOsSuUzZ.,@ -/\t\n\r\v!0129";
  *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
  size_t len = (size_t)(*state >> 59) % cap;
  for (size_t i = 0; i < len; i++) {
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    out[i] = alphabet[(*state >> 33) % (sizeof(alphabet) - 1)];
  }
  out[len] = '\0';
  return len;
}

/* Counts the values the shortcut is sure about; fails on any disagreement. */
static size_t agree(const struct regex_shortcut *sc, pcre2_code *code, pcre2_match_data *md,
                    const char *s, size_t len)
{
  enum shortcut_verdict v = sc->decide(s, len);
  if (v == SHORTCUT_UNSURE)
    return 0;
  bool expected = regex_matches(code, md, s, len);
  if (expected != (v == SHORTCUT_MATCH))
    CHECK_FAIL_AT("%s: the shortcut says %s for \"%s\", the regex %s", sc->source,
                  v == SHORTCUT_MATCH ? "match" : "no match", s, expected ? "matches" : "does not");
  return 1;
}

TEST(every_shortcut_agrees_with_its_regex_wherever_it_is_sure)
{
  pcre2_match_data *md = pcre2_match_data_create(1, NULL);
  for (const struct regex_shortcut *sc = regex_shortcuts; sc->source; sc++) {
    int err;
    PCRE2_SIZE offset;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)sc->source, PCRE2_ZERO_TERMINATED,
                                     RULES_REGEX_OPTIONS, &err, &offset, NULL);
    CHECK(code != NULL);
    if (!code)
      continue;
    size_t sure = 0;
    for (size_t i = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++)
      sure += agree(sc, code, md, tricky[i], strlen(tricky[i]));
    uint64_t state = 42;
    char value[40];
    for (int i = 0; i < 200000; i++) {
      size_t len = random_value(&state, value, sizeof(value) - 1);
      sure += agree(sc, code, md, value, len);
    }
    if (sure < 1000)
      CHECK_FAIL_AT("%s: sure about only %zu values", sc->source, sure);
    pcre2_code_free(code);
  }
  pcre2_match_data_free(md);
}

TEST(a_pattern_finds_its_shortcut_by_its_exact_source_only)
{
  CHECK(regex_shortcut_find("^[A-Z]{2}$") != NULL);
  CHECK(regex_shortcut_find("^UK$") != NULL);
  CHECK(regex_shortcut_find("^[A-Z]{3}$") == NULL);
  CHECK(regex_shortcut_find("^uk$") == NULL);
  CHECK(regex_shortcut_find("") == NULL);
}

TEST(the_shipped_company_name_patterns_have_their_shortcuts)
{
  struct rules *rules = NULL;
  CHECK_INT_EQ(0, rules_open("schemas", false, &rules));
  if (!rules)
    return;
  const struct field_rules *fr = &rules->common.fields[FIELD_COMPANY_NAME];
  size_t patterns = 0, shortcuts = 0;
  for (size_t r = 0; r < fr->n; r++)
    for (size_t c = 0; c < fr->rules[r].nchecks; c++)
      if (fr->rules[r].checks[c].kind->param == PARAM_REGEX) {
        patterns++;
        shortcuts += fr->rules[r].checks[c].p.regex.shortcut != NULL;
      }
  CHECK(patterns > 0);
  CHECK_INT_EQ(patterns, shortcuts);
  rules_close(rules);
}

RUN_TESTS()
