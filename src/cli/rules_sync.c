/* Country validation rules → the `partner_center:` block of an overlay
 * (schemas/overlay/CC.yaml), which scripts/gen-markets merges into the generated market file
 * (preferring it over the datasets). The rest of the overlay, hand-written, is kept as it is;
 * only the block is replaced. The block holds market-file keys (calling_codes,
 * default_culture, fields) plus `fetched:` (the date). The mapping, field by field:
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
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
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

void rules_sync_write(FILE *out, const struct pc_country_rules *r, const char *fetched_on)
{
  fprintf(out,
          "partner_center:\n"
          "  # Written by `csponboard rules sync %s` from Partner Center's\n"
          "  # GET /v1/countryvalidationrules/%s; scripts/gen-markets prefers it over the\n"
          "  # datasets. Rewritten by the next sync: edit the rest of this file instead.\n"
          "  fetched: '%s'\n",
          r->iso2, r->iso2, fetched_on);
  fputs("  calling_codes: ", out);
  list(out, &r->calling_codes, true);
  fputs("\n  default_culture: ", out);
  quoted(out, r->default_culture);
  fputs("\n  fields:\n", out);
  /* The field writers indent for a market file's fields: (two spaces): shifted by two. */
  char *text = NULL;
  size_t len = 0;
  FILE *fields = open_memstream(&text, &len);
  if (!fields)
    return;
  write_postal(fields, r);
  write_enum(fields, "state", &r->states, r->state_required, "a state code", r->iso2);
  write_city(fields, r);
  write_enum(fields, "culture", &r->cultures, false, "a culture", r->iso2);
  write_enum(fields, "language", &r->languages, false, "a language", r->iso2);
  write_phone(fields, r);
  write_registration(fields, r);
  fclose(fields);
  for (const char *line = text; line && *line;) {
    const char *end = strchr(line, '\n');
    size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
    fprintf(out, "  %.*s", (int)n, line);
    line += n;
  }
  free(text);
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

/* The text of the file at path (NULL when it cannot be read: absent); caller frees. */
static char *read_text(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  char buf[65536];
  for (size_t n; out && (n = fread(buf, 1, sizeof(buf), f)) > 0;)
    fwrite(buf, 1, n, out);
  if (out)
    fclose(out);
  fclose(f);
  return text;
}

/* Writes text without its top-level partner_center: block (that key's line and the indented,
 * blank or comment lines under it, up to the next line that starts in column 1). */
static void write_without_block(FILE *out, const char *text)
{
  bool inside = false;
  for (const char *line = text; line && *line;) {
    const char *end = strchr(line, '\n');
    size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
    bool top = n > 0 && line[0] != ' ' && line[0] != '\t' && line[0] != '\n' && line[0] != '#';
    if (top)
      inside = !strncmp(line, "partner_center:", 15);
    else if (inside && line[0] == '#')
      inside = false; /* a comment in column 1 belongs to what follows */
    if (!inside)
      fwrite(line, 1, n, out);
    line += n;
  }
  if (text && *text && text[strlen(text) - 1] != '\n')
    fputc('\n', out);
}

/* The overlay as it is: out_dir's, else rules_dir's (copied on first sync), else a new one. */
static char *current_overlay(const char *rules_dir, const char *out_dir, const char *cc)
{
  char path[4096];
  snprintf(path, sizeof(path), "%s/overlay/%s.yaml", out_dir, cc);
  char *text = read_text(path);
  if (!text && strcmp(rules_dir, out_dir)) {
    snprintf(path, sizeof(path), "%s/overlay/%s.yaml", rules_dir, cc);
    text = read_text(path);
  }
  if (text)
    return text;
  size_t n = 256;
  text = malloc(n);
  if (text)
    snprintf(text, n,
             "# Hand-written overlay of market %s (docs/MARKETS.md): any keys of a market file.\n",
             cc);
  return text;
}

static int write_overlay(const char *rules_dir, const char *out_dir,
                         const struct pc_country_rules *r)
{
  char path[4096], part[4120], today[32];
  snprintf(path, sizeof(path), "%s/overlay/%s.yaml", out_dir, r->iso2);
  snprintf(part, sizeof(part), "%s.part", path);
  clock_iso8601(today, sizeof(today));
  today[10] = '\0';
  char *text = current_overlay(rules_dir, out_dir, r->iso2);
  FILE *f = text ? fopen(part, "w") : NULL;
  if (!f) {
    diag_error("cannot write %s: %s", part, text ? strerror(errno) : "out of memory");
    free(text);
    return CSP_E_IO;
  }
  write_without_block(f, text);
  free(text);
  rules_sync_write(f, r, today);
  int failed = ferror(f);
  if (fclose(f) || failed || rename(part, path)) {
    diag_error("cannot write %s", path);
    return CSP_E_IO;
  }
  diag_info("wrote the partner_center block of %s", path);
  return CSP_E_OK;
}

static bool is_code(const char *s)
{
  return strlen(s) == 2 && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]);
}

static int sync_one(struct api_session *s, const char *rules_dir, const char *out_dir,
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
    rc = write_overlay(rules_dir, out_dir, &r);
  arena_release(&a);
  return rc;
}

int rules_sync(struct api_session *s, const char *rules_dir, const char *out_dir,
               const char *const *codes, size_t n)
{
  char overlay[4096];
  if (!out_dir)
    out_dir = rules_dir;
  snprintf(overlay, sizeof(overlay), "%s/overlay", out_dir);
  int rc = make_dir(out_dir);
  if (!rc)
    rc = make_dir(overlay);
  for (size_t i = 0; !rc && i < n; i++)
    rc = sync_one(s, rules_dir, out_dir, codes[i]);
  return rc;
}
