/* The sandbox's own per-market rule data (what GET /v1/countryvalidationrules serves and
 * what create enforces) and Partner Center's market groups. Deliberately independent of the
 * client's schemas/: the two are written separately so that they can disagree and the tests
 * notice. */
#ifndef CSP_SANDBOX_RULES_DATA_H
#define CSP_SANDBOX_RULES_DATA_H

#include <stdbool.h>
#include <stddef.h>

/* Lists are space-separated words ("en es"), empty when none. */
struct sb_market {
  const char *iso2;
  const char *default_culture;
  const char *cultures;
  const char *languages;
  bool state_required;
  const char *states;
  bool postal_required;
  const char *postal_regex; /* "" when the market has no postal codes */
  bool city_required;
  const char *phone_regex;
  const char *calling_codes;
  bool regnum_required; /* customerOrganizationRegistrationNumberRequired */
  const char *regnum_regex;
  const char *regnum_sample;
  bool phone_required; /* customerOrganizationPhoneNumberRequired */
  bool vat_supported;
  const char *vat_regex;
};

/* The markets the sandbox has rules for, and how many. */
extern const struct sb_market sb_markets[];
extern const size_t sb_market_count;

/* The market with this ISO code (case-insensitive), or NULL. */
const struct sb_market *sb_market_find(const char *iso2);
/* The name of the market group that holds the country, or NULL (unknown code, or a country
 * in no group such as RU and BY). */
const char *sb_market_group(const char *iso2);
/* True when iso2 is an ISO 3166-1 alpha-2 code the sandbox knows. */
bool sb_country_known(const char *iso2);
/* True when the space-separated list holds word (case-insensitive). */
bool sb_list_has(const char *list, const char *word);

#endif
