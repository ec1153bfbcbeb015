/* Country validation rules → market files. The mapping, field by field:
 *   postal_code   postalCodeRegex (+ required for creates when isPostalCodeRequired)
 *   state         supportedStatesList as an enum (+ required when isStateRequired)
 *   city          required for creates when isCityRequired
 *   culture       supportedCulturesList;  language  supportedLanguagesList
 *   phone         normalize: phone + phoneNumberRegex (+ required when
 *                 customerOrganizationPhoneNumberRequired)
 *   organization_registration_number   its regex (+ required when
 *                 customerOrganizationRegistrationNumberRequired); a market that takes none
 *                 gets forbidden with severity warning (dropped, not sent: error 600002).
 * Strings are written single-quoted (a regex needs no escaping there but '' for a quote). */
#include "cli/rules_sync.h"

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "base/clock.h"
#include "execute/api_reads.h"
#include "base/diag.h"
#include "base/errors.h"

static void quoted(FILE *out, const char *s)
{
  fputc('\'', out);
  for (; *s; s++) {
    if (*s == '\'')
      fputc('\'', out);
    if (*s != '\n' && *s != '\r')
      fputc(*s, out);
  }
  fputc('\'', out);
}

static void list(FILE *out, const struct pc_strings *l, bool strip_plus)
{
  fputc('[', out);
  for (size_t i = 0; i < l->n; i++) {
    if (i)
      fputs(", ", out);
    const char *s = l->items[i];
    quoted(out, strip_plus && *s == '+' ? s + 1 : s);
  }
  fputc(']', out);
}

static void required_for_creates(FILE *out, bool required)
{
  if (required)
    fputs("    required_if: {action: create}\n", out);
}

static void write_postal(FILE *out, const struct pc_country_rules *r)
{
  if (!*r->postal_regex && !r->postal_required)
    return;
  fputs("  postal_code:\n", out);
  required_for_creates(out, r->postal_required);
  fputs("    normalize: [trim, upper]\n", out);
  if (*r->postal_regex) {
    fputs("    pattern: ", out);
    quoted(out, r->postal_regex);
    fputc('\n', out);
  }
  fprintf(out, "    message: the postal code format Partner Center uses in %s\n", r->iso2);
}

static void write_enum(FILE *out, const char *field, const struct pc_strings *l, bool required,
                       const char *what, const char *cc)
{
  if (!l->n)
    return;
  fprintf(out, "  %s:\n", field);
  required_for_creates(out, required);
  fputs("    normalize: trim\n    case_insensitive: true\n    enum: ", out);
  list(out, l, false);
  fprintf(out, "\n    message: %s Partner Center supports in %s\n", what, cc);
}

static void write_city(FILE *out, const struct pc_country_rules *r)
{
  if (!r->city_required)
    return;
  fputs("  city:\n", out);
  required_for_creates(out, true);
  fputs("    normalize: trim\n    max_length: 100\n    message: at most 100 characters\n", out);
}

static void write_phone(FILE *out, const struct pc_country_rules *r)
{
  fputs("  phone:\n", out);
  required_for_creates(out, r->phone_required);
  fputs("    normalize: phone\n", out);
  if (*r->phone_regex) {
    fputs("    pattern: ", out);
    quoted(out, r->phone_regex);
    fputc('\n', out);
  }
  fprintf(out, "    message: a phone number Partner Center accepts in %s\n", r->iso2);
}

static void write_registration(FILE *out, const struct pc_country_rules *r)
{
  fputs("  organization_registration_number:\n", out);
  if (!r->registration_required && !*r->registration_regex) {
    fprintf(out,
            "    forbidden: true\n    severity: warning\n"
            "    message: empty (Partner Center takes no registration number in %s, error "
            "600002)\n",
            r->iso2);
    return;
  }
  required_for_creates(out, r->registration_required);
  fputs("    normalize: [trim, upper]\n", out);
  if (*r->registration_regex) {
    fputs("    pattern: ", out);
    quoted(out, r->registration_regex);
    fputc('\n', out);
  }
  fprintf(out, "    message: the registration number Partner Center expects in %s%s%s\n", r->iso2,
          *r->registration_sample ? ", e.g. " : "", r->registration_sample);
}

void rules_sync_write(FILE *out, const struct pc_country_rules *r, const char *name,
                      const char *trunk_prefix, const char *fetched_on)
{
  fprintf(out,
          "# Written by `csponboard rules sync %s` on %s from Partner Center's\n"
          "# GET /v1/countryvalidationrules/%s. Review before use: the API gives formats,\n"
          "# not the words of a message.\n",
          r->iso2, fetched_on, r->iso2);
  fputs("market: ", out);
  quoted(out, r->iso2);
  fputs("\nname: ", out);
  quoted(out, name);
  fputs("\ncalling_codes: ", out);
  list(out, &r->calling_codes, true);
  fputs("\ntrunk_prefix: ", out);
  quoted(out, trunk_prefix);
  fputs("\ndefault_culture: ", out);
  quoted(out, r->default_culture);
  fputs("\nfields:\n", out);
  write_postal(out, r);
  write_enum(out, "state", &r->states, r->state_required, "a state code", r->iso2);
  write_city(out, r);
  write_enum(out, "culture", &r->cultures, false, "a culture", r->iso2);
  write_enum(out, "language", &r->languages, false, "a language", r->iso2);
  write_phone(out, r);
  write_registration(out, r);
}

/* --- fetching and files --- */

static int build_rules(const struct pc_call *pc, void *ctx, struct http_request *req)
{
  return pc_request_country_rules(pc, ctx, req);
}

static int fetch(struct api_session *s, const char *cc, struct arena *a,
                 struct pc_country_rules *out)
{
  char what[64];
  snprintf(what, sizeof(what), "country validation rules for %s", cc);
  struct http_response res;
  http_response_init(&res);
  int rc = api_get(s, a, what, build_rules, (void *)cc, &res);
  if (!rc && pc_parse_country_rules(res.body, res.body_len, a, out)) {
    diag_error("%s: the answer is not the country rules JSON", what);
    rc = CSP_E_PROTOCOL;
  }
  http_response_release(&res);
  return rc;
}

static int make_dir(const char *path)
{
  if (mkdir(path, 0755) == 0 || errno == EEXIST)
    return CSP_E_OK;
  diag_error("cannot create %s: %s", path, strerror(errno));
  return CSP_E_IO;
}

/* Copies from/name to to/name unless to/name exists. */
static int copy_if_missing(const char *from, const char *to, const char *name)
{
  char src[4096], dst[4096];
  snprintf(src, sizeof(src), "%s/%s", from, name);
  snprintf(dst, sizeof(dst), "%s/%s", to, name);
  struct stat st;
  if (stat(dst, &st) == 0)
    return CSP_E_OK;
  FILE *in = fopen(src, "rb"), *out = in ? fopen(dst, "wb") : NULL;
  int rc = in && out ? CSP_E_OK : CSP_E_IO;
  char buf[65536];
  for (size_t n; !rc && (n = fread(buf, 1, sizeof(buf), in)) > 0;)
    rc = fwrite(buf, 1, n, out) == n ? CSP_E_OK : CSP_E_IO;
  if (out && fclose(out))
    rc = CSP_E_IO;
  if (in)
    fclose(in);
  if (rc)
    diag_error("cannot copy %s to %s", src, dst);
  return rc;
}

static int write_market(const char *out_dir, const struct pc_country_rules *r,
                        const struct rules *rules)
{
  char path[4096], part[4120], today[32];
  snprintf(path, sizeof(path), "%s/markets/%s.yaml", out_dir, r->iso2);
  snprintf(part, sizeof(part), "%s.part", path);
  clock_iso8601(today, sizeof(today));
  today[10] = '\0';
  const struct market_rules *known = rules ? rules_market(rules, r->iso2) : NULL;
  FILE *f = fopen(part, "w");
  if (!f) {
    diag_error("cannot write %s: %s", part, strerror(errno));
    return CSP_E_IO;
  }
  rules_sync_write(f, r, known ? market_rules_name(known) : r->iso2,
                   known ? market_rules_trunk_prefix(known) : "", today);
  int failed = ferror(f);
  if (fclose(f) || failed || rename(part, path)) {
    diag_error("cannot write %s", path);
    return CSP_E_IO;
  }
  diag_info("wrote %s", path);
  return CSP_E_OK;
}

static bool is_code(const char *s)
{
  return strlen(s) == 2 && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]);
}

static int sync_one(struct api_session *s, const struct rules *rules, const char *out_dir,
                    const char *code)
{
  if (!is_code(code)) {
    diag_error("rules sync takes ISO alpha-2 market codes such as US or DE, got '%s'", code);
    return CSP_E_USAGE;
  }
  char cc[3] = {(char)toupper((unsigned char)code[0]), (char)toupper((unsigned char)code[1]), 0};
  struct arena a;
  arena_init(&a, 0);
  struct pc_country_rules r;
  int rc = fetch(s, cc, &a, &r);
  if (!rc)
    rc = write_market(out_dir, &r, rules);
  arena_release(&a);
  return rc;
}

int rules_sync(struct api_session *s, const struct rules *rules, const char *rules_dir,
               const char *out_dir, const char *const *codes, size_t n)
{
  char markets[4096];
  snprintf(markets, sizeof(markets), "%s/markets", out_dir);
  int rc = make_dir(out_dir);
  if (!rc)
    rc = make_dir(markets);
  if (!rc && strcmp(rules_dir, out_dir))
    rc = copy_if_missing(rules_dir, out_dir, "regions.yaml");
  char common_from[4096];
  snprintf(common_from, sizeof(common_from), "%s/markets", rules_dir);
  if (!rc && strcmp(rules_dir, out_dir))
    rc = copy_if_missing(common_from, markets, "common.yaml");
  for (size_t i = 0; !rc && i < n; i++)
    rc = sync_one(s, rules, out_dir, codes[i]);
  return rc;
}
