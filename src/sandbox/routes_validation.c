/* POST /v1/validations/address and GET /v1/countryvalidationrules/{CC}, both from the
 * sandbox's own rule data. The address rule is deterministic, first match wins:
 *   1. no Country                                  -> 400 3000
 *   2. a country the sandbox has no rules for      -> NotValidated
 *   3. PostalCode missing where required, or not matching the country's format -> None
 *   4. State missing where required, or not one of the country's states -> InteractionRequired
 *   5. AddressLine1 without any digit (no house number) -> StreetPartial, one suggestion
 *      with house number 1 prefixed
 *   6. otherwise                                   -> VerifiedShippable */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sandbox/routes.h"

static const char *const address_keys[] = {"addressLine1", "addressLine2", "addressLine3", "city",
                                           "state",        "postalCode",   "country"};

static cJSON *address_echo(const cJSON *in)
{
  cJSON *out = cJSON_CreateObject();
  for (size_t i = 0; i < sizeof(address_keys) / sizeof(address_keys[0]); i++) {
    const char *v = sb_json_str(in, address_keys[i]);
    if (v)
      cJSON_AddStringToObject(out, address_keys[i], v);
  }
  return out;
}

static bool has_digit(const char *s)
{
  for (; s && *s; s++)
    if (isdigit((unsigned char)*s))
      return true;
  return false;
}

struct verdict {
  const char *status;
  char message[256];
  bool suggest_number;
};

static void judge(const struct sb_patterns *pats, const cJSON *addr, const char *country,
                  struct verdict *v)
{
  const struct sb_market *m = sb_market_find(country);
  const char *postal = sb_json_str(addr, "postalCode");
  const char *state = sb_json_str(addr, "state");
  v->suggest_number = false;
  v->message[0] = '\0';
  if (!m) {
    v->status = "NotValidated";
    snprintf(v->message, sizeof(v->message), "Addresses in %s are not validated.", country);
  } else if ((m->postal_required && (!postal || !*postal)) ||
             (postal && *postal && !sb_patterns_match(pats, m, SB_PAT_POSTAL, postal))) {
    v->status = "None";
    snprintf(v->message, sizeof(v->message),
             "The postal code does not match the format of %s (%s).", m->iso2, m->postal_regex);
  } else if (m->state_required && (!state || !sb_list_has(m->states, state))) {
    v->status = "InteractionRequired";
    snprintf(v->message, sizeof(v->message), "A state of %s is required.", m->iso2);
  } else if (!has_digit(sb_json_str(addr, "addressLine1"))) {
    v->status = "StreetPartial";
    v->suggest_number = true;
    snprintf(v->message, sizeof(v->message), "The street address has no house number.");
  } else {
    v->status = "VerifiedShippable";
  }
}

int sb_route_validate_address(struct sb_ctx *ctx, const struct sb_request *req,
                              struct sb_response *resp)
{
  int rc;
  cJSON *body = sb_parse_body(req);
  const char *country = sb_json_str(body, "country");
  if (!cJSON_IsObject(body)) {
    rc = sb_reply_error_named(resp, 400, "InvalidRequestBody",
                              "The request body is not a JSON object.");
    goto out;
  }
  if (!country || !*country) {
    rc = sb_reply_error(resp, 400, 3000, "The property 'Country' is required.");
    goto out;
  }
  struct verdict v;
  judge(&ctx->patterns, body, country, &v);
  cJSON *reply = cJSON_CreateObject();
  cJSON_AddItemToObject(reply, "originalAddress", address_echo(body));
  cJSON *suggestions = cJSON_AddArrayToObject(reply, "suggestedAddresses");
  if (v.suggest_number) {
    char line[512];
    cJSON *s = address_echo(body);
    const char *line1 = sb_json_str(body, "addressLine1"); /* NULL: absent or not a string */
    snprintf(line, sizeof(line), "1 %s", line1 ? line1 : "");
    cJSON *fixed = cJSON_CreateString(line);
    if (!cJSON_ReplaceItemInObject(s, "addressLine1", fixed))
      cJSON_AddItemToObject(s, "addressLine1", fixed);
    cJSON_AddItemToArray(suggestions, s);
  }
  cJSON_AddStringToObject(reply, "status", v.status);
  cJSON_AddStringToObject(reply, "validationMessage", v.message);
  rc = sb_reply_json(resp, 200, reply);
out:
  cJSON_Delete(body);
  return rc;
}

static cJSON *word_array(const char *list)
{
  cJSON *arr = cJSON_CreateArray();
  char word[32];
  for (const char *p = list; *p;) {
    size_t len = strcspn(p, " ");
    if (len && len < sizeof(word)) {
      memcpy(word, p, len);
      word[len] = '\0';
      cJSON_AddItemToArray(arr, cJSON_CreateString(word));
    }
    p += len;
    p += *p == ' ';
  }
  return arr;
}

int sb_route_country_rules(struct sb_ctx *ctx, const struct sb_request *req,
                           struct sb_response *resp)
{
  (void)ctx;
  const struct sb_market *m = sb_market_find(req->params[0]);
  if (!m)
    return sb_reply_error_named(resp, 404, "NotFound", "No country validation rules for '%s'.",
                                req->params[0]);
  cJSON *r = cJSON_CreateObject();
  cJSON_AddStringToObject(r, "iso2Code", m->iso2);
  cJSON_AddStringToObject(r, "defaultCulture", m->default_culture);
  cJSON_AddBoolToObject(r, "isStateRequired", m->state_required);
  cJSON_AddItemToObject(r, "supportedStatesList", word_array(m->states));
  cJSON_AddItemToObject(r, "supportedLanguagesList", word_array(m->languages));
  cJSON_AddItemToObject(r, "supportedCulturesList", word_array(m->cultures));
  cJSON_AddBoolToObject(r, "isPostalCodeRequired", m->postal_required);
  cJSON_AddStringToObject(r, "postalCodeRegex", m->postal_regex);
  cJSON_AddBoolToObject(r, "isCityRequired", m->city_required);
  cJSON_AddBoolToObject(r, "isVatIdSupported", m->vat_supported);
  cJSON_AddStringToObject(r, "vatIdRegex", m->vat_regex);
  cJSON_AddBoolToObject(r, "isTaxIdSupported", false);
  cJSON_AddBoolToObject(r, "isTaxIdOptional", true);
  cJSON_AddStringToObject(r, "phoneNumberRegex", m->phone_regex);
  cJSON_AddItemToObject(r, "countryCallingCodesList", word_array(m->calling_codes));
  cJSON_AddBoolToObject(r, "customerOrganizationRegistrationNumberRequired", m->regnum_required);
  cJSON_AddStringToObject(r, "customerOrganizationRegistrationNumberRegex", m->regnum_regex);
  cJSON_AddStringToObject(r, "customerOrganizationRegistrationNumberSample", m->regnum_sample);
  cJSON_AddBoolToObject(r, "customerOrganizationPhoneNumberRequired", m->phone_required);
  return sb_reply_json(resp, 200, r);
}
