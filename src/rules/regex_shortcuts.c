/* Shortcuts for patterns that every row meets (common.yaml's company_name, email and country
 * patterns): a plain C look at an ASCII value that settles most values without PCRE2. A
 * shortcut is tied to its pattern's exact source text, so a rule file that changes the
 * pattern simply loses the shortcut (validation stays right, only slower). Each shortcut
 * says SHORTCUT_UNSURE whenever it cannot be certain, and the regex then decides; where it
 * is certain it must agree with the regex, which tests/unit/test_regex_shortcuts.c checks on
 * tricky and random values. Non-ASCII values always go to the regex (in UTF mode a caseless
 * "s" also matches U+017F, "k" U+212A), so every shortcut below reasons about bytes < 0x80. */
#include "rules/rules_internal.h"

/* PCRE2's \s (space, \t, \n, \v, \f, \r), and possibly more: a shortcut that reasons about
 * "characters outside \s" stays sound with a superset. */
static bool blank(char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool ascii_alnum(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* `(?!ООО)(.)\1\1`: a character three times in a row. An ASCII value with no byte repeated
 * three times cannot match; one that has a run leaves it to the regex. */
static enum shortcut_verdict tripled_character(const char *s, size_t len)
{
  for (size_t i = 2; i < len; i++)
    if (s[i] == s[i - 1] && s[i] == s[i - 2])
      return SHORTCUT_UNSURE;
  return SHORTCUT_NO_MATCH;
}

/* `^[\s!-/:-@\[-`{-~]*$`: only blanks and punctuation. Any ASCII letter or digit is outside
 * that class, so the value cannot match. */
static enum shortcut_verdict only_punctuation(const char *s, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if (ascii_alnum(s[i]))
      return SHORTCUT_NO_MATCH;
  return SHORTCUT_UNSURE;
}

/* Characters of the longest legal form the pattern below lists ("incorporated"). */
#define LONGEST_LEGAL_FORM 12

/* `(?i)^[\s.,]*(inc|...|incorporated|...)[\s.,]*$`: the whole value is one legal form
 * between blanks, dots and commas. Every character outside [\s.,] then belongs to the legal
 * form, so a value with more of them than the longest form has cannot match. */
static enum shortcut_verdict only_legal_form(const char *s, size_t len)
{
  size_t letters = 0;
  for (size_t i = 0; i < len; i++)
    letters += !blank(s[i]) && s[i] != '.' && s[i] != ',';
  return letters > LONGEST_LEGAL_FORM ? SHORTCUT_NO_MATCH : SHORTCUT_UNSURE;
}

/* `(?i)\.(com|net|...)\s*$`: a web suffix at the end. Without a dot there is none. */
static enum shortcut_verdict web_suffix(const char *s, size_t len)
{
  return memchr(s, '.', len) ? SHORTCUT_UNSURE : SHORTCUT_NO_MATCH;
}

#define MICROSOFT_COM "microsoft.com"

/* `(?i)[@.]microsoft\.com$`: an address at Microsoft. A value that does not end in
 * microsoft.com (in any case) cannot match. */
static enum shortcut_verdict microsoft_address(const char *s, size_t len)
{
  size_t n = sizeof(MICROSOFT_COM) - 1;
  if (len < n)
    return SHORTCUT_NO_MATCH;
  for (size_t i = 0; i < n; i++) {
    char c = s[len - n + i];
    if ((c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c) != MICROSOFT_COM[i])
      return SHORTCUT_NO_MATCH;
  }
  return SHORTCUT_UNSURE;
}

/* `^[A-Z]{2}$`: exactly two upper-case ASCII letters (no (?i), no newline before $). */
static enum shortcut_verdict two_capitals(const char *s, size_t len)
{
  bool two = len == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
  return two ? SHORTCUT_MATCH : SHORTCUT_NO_MATCH;
}

/* `^UK$`: the value is UK. */
static enum shortcut_verdict uk(const char *s, size_t len)
{
  return len == 2 && s[0] == 'U' && s[1] == 'K' ? SHORTCUT_MATCH : SHORTCUT_NO_MATCH;
}

const struct regex_shortcut regex_shortcuts[] = {
    {"(?!ООО)(.)\\1\\1", tripled_character},
    {"^[\\s!-/:-@\\[-`{-~]*$", only_punctuation},
    {"(?i)^[\\s.,]*(inc|incorporated|llc|l\\.l\\.c|llp|ltd|limited|corp|corporation|co|company|"
     "plc|gmbh|mbh|ag|kg|ug|sa|s\\.a|sas|sarl|srl|s\\.r\\.l|spa|s\\.p\\.a|bv|b\\.v|nv|n\\.v|oy|"
     "ab|as|a/s|aps|kk|pty|pty ltd|ooo|ltda|kft|zrt|d\\.?o\\.?o|sp\\.? z o\\.?o)[\\s.,]*$",
     only_legal_form},
    {"(?i)\\.(com|net|org|biz|info|io|online|app|dev|ai|co\\.[a-z]{2}|com\\.[a-z]{2})\\s*$",
     web_suffix},
    {"(?i)[@.]microsoft\\.com$", microsoft_address},
    {"^[A-Z]{2}$", two_capitals},
    {"^UK$", uk},
    {NULL, NULL},
};

const struct regex_shortcut *regex_shortcut_find(const char *source)
{
  for (const struct regex_shortcut *sc = regex_shortcuts; sc->source; sc++)
    if (!strcmp(sc->source, source))
      return sc;
  return NULL;
}
