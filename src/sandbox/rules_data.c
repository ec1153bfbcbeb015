/* The sandbox's own market data: per-market validation rules for the markets it serves and
 * the list of Partner Center market groups (regional authorisation overview, 2023). Written
 * from the published rules independently of the client's schemas/, on purpose. */
#include "sandbox/rules_data.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define PHONE_ANY "^\\+?[\\d \\-\\/\\.\\(\\)]{6,20}$"
#define PHONE_US \
  "^(1[ \\-\\/\\.]?)?(\\((\\d{3})\\)|(\\d{3}))[ \\-\\/\\.]?(\\d{3})[ \\-\\/\\.]?(\\d{4})$"

#define US_STATES \
  "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH " \
  "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
#define CA_STATES "AB BC MB NB NL NS NT NU ON PE QC SK YT"
#define AU_STATES "ACT NSW NT QLD SA TAS VIC WA"
#define IN_STATES \
  "AN AP AR AS BR CH CT DH DL GA GJ HP HR JH JK KA KL LA LD MH ML MN MP MZ NL OR PB PY RJ SK " \
  "TG TN TR UP UT WB"
#define BR_STATES "AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO"
#define MX_STATES \
  "AGU BCN BCS CAM CHP CHH CMX COA COL DUR GUA GRO HID JAL MEX MIC MOR NAY NLE OAX PUE QUE " \
  "ROO SLP SIN SON TAB TAM TLA VER YUC ZAC"

/* A market without states, registration number or VAT. */
#define PLAIN(cc, culture, cultures, langs, postal, calling) \
  { \
    cc, culture, cultures, langs, false, "", true, postal, true, PHONE_ANY, calling, false, "", \
        "", false, false, "" \
  }
/* A European market with a VAT id. */
#define EU(cc, culture, cultures, langs, postal, calling, vat) \
  { \
    cc, culture, cultures, langs, false, "", true, postal, true, PHONE_ANY, calling, false, "", \
        "", false, true, vat \
  }
/* A market that requires the organisation registration number and a phone (since 2020/21). */
#define REGNUM(cc, culture, cultures, langs, states, postal_req, postal, calling, reg, sample) \
  { \
    cc, culture, cultures, langs, sizeof(states) > 1, states, postal_req, postal, true, PHONE_ANY, \
        calling, true, reg, sample, true, false, "" \
  }
/* A market with required states. */
#define STATES(cc, culture, cultures, langs, states, postal, phone, calling) \
  { \
    cc, culture, cultures, langs, true, states, true, postal, true, phone, calling, false, "", "", \
        false, false, "" \
  }

const struct sb_market sb_markets[] = {
    STATES("US", "en-US", "en-US es-US", "en es", US_STATES, "^\\d{5}(-\\d{4})?$", PHONE_US, "1"),
    STATES("CA", "en-CA", "en-CA fr-CA", "en fr", CA_STATES,
           "^[A-Za-z]\\d[A-Za-z][ -]?\\d[A-Za-z]\\d$", PHONE_ANY, "1"),
    STATES("AU", "en-AU", "en-AU", "en", AU_STATES, "^\\d{4}$", PHONE_ANY, "61"),
    STATES("MX", "es-MX", "es-MX en-US", "es en", MX_STATES, "^\\d{5}$", PHONE_ANY, "52"),
    EU("GB", "en-GB", "en-GB", "en", "^(GIR ?0AA|[A-Za-z]{1,2}\\d[A-Za-z\\d]? ?\\d[A-Za-z]{2})$",
       "44", "^GB(\\d{9}|\\d{12})$"),
    EU("DE", "de-DE", "de-DE en-US", "de en", "^\\d{5}$", "49", "^DE\\d{9}$"),
    EU("FR", "fr-FR", "fr-FR en-US", "fr en", "^\\d{5}$", "33", "^FR[A-Za-z0-9]{2}\\d{9}$"),
    EU("NL", "nl-NL", "nl-NL en-US", "nl en", "^\\d{4} ?[A-Za-z]{2}$", "31", "^NL\\d{9}B\\d{2}$"),
    EU("ES", "es-ES", "es-ES ca-ES en-US", "es ca en", "^\\d{5}$", "34",
       "^ES[A-Za-z0-9]\\d{7}[A-Za-z0-9]$"),
    EU("IT", "it-IT", "it-IT en-US", "it en", "^\\d{5}$", "39", "^IT\\d{11}$"),
    EU("PT", "pt-PT", "pt-PT en-US", "pt en", "^\\d{4}(-\\d{3})?$", "351", "^PT[\\d]{9,9}$"),
    PLAIN("JP", "ja-JP", "ja-JP en-US", "ja en", "^\\d{3}-?\\d{4}$", "81"),
    REGNUM("PL", "pl-PL", "pl-PL en-US", "pl en", "", true, "^\\d{2}-\\d{3}$", "48", "^\\d{10}$",
           "5260250274"),
    REGNUM("IN", "en-IN", "en-IN hi-IN", "en hi", IN_STATES, true, "^\\d{6}$", "91",
           "^[A-Za-z0-9]{10,15}$", "AAACM1234F"),
    REGNUM("BR", "pt-BR", "pt-BR en-US", "pt en", BR_STATES, true, "^\\d{5}-?\\d{3}$", "55",
           "^\\d{14}$", "11222333000181"),
    REGNUM("RU", "ru-RU", "ru-RU en-US", "ru en", "", true, "^\\d{6}$", "7",
           "^(\\d{9}|\\d{10}|\\d{12})$", "7707083893"),
    REGNUM("UA", "uk-UA", "uk-UA ru-RU en-US", "uk ru en", "", true, "^\\d{5}$", "380",
           "^(\\d{8}|\\d{10}|\\d{12})$", "32855961"),
    REGNUM("KZ", "kk-KZ", "kk-KZ ru-RU en-US", "kk ru en", "", true, "^\\d{6}$", "7", "^\\d{12}$",
           "990140000085"),
    REGNUM("TR", "tr-TR", "tr-TR en-US", "tr en", "", true, "^\\d{5}$", "90", "^\\d{10}$",
           "1234567890"),
    REGNUM("ZA", "en-ZA", "en-ZA af-ZA", "en af", "", true, "^\\d{4}$", "27",
           "^[A-Za-z0-9]{10,14}$", "200112345607"),
    REGNUM("AE", "ar-AE", "ar-AE en-US", "ar en", "", false, "", "971", "^\\d{15}$",
           "100123456700003"),
};
const size_t sb_market_count = sizeof(sb_markets) / sizeof(sb_markets[0]);

struct market_group {
  const char *name;
  const char *members;
};

static const struct market_group groups[] = {
    {"United States", "US AS GU MP UM"},
    {"Canada", "CA"},
    {"Brazil", "BR"},
    {"India", "IN"},
    {"Japan", "JP"},
    {"Korea", "KR"},
    {"Taiwan", "TW"},
    {"China", "CN"},
    {"Australia", "AU CX CC HM NF"},
    {"New Zealand", "NZ WS VU CK NU TK"},
    {"Europe", "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
               "IS LI NO GB CH AD MC SM VA GI GG JE IM FO GL AX SJ BV"},
    {"Latin America and Caribbean",
     "MX AR BO CL CO CR EC SV GT HN NI PA PY PE UY VE BZ GY SR GF AG AI AW BB BS BM BQ CW DM DO "
     "GD GP HT JM KN KY LC MF MQ MS SX TC TT VC VG PR VI FK AQ BL"},
    {"Middle East, Central and Eastern Europe",
     "AL AM AZ BA BH DZ EG GE IL IQ JO KZ KG KW LB LY MA ME MD MK OM PK PS QA RS SA TJ TN TM TR "
     "UA UZ AE YE ZA AF"},
    {"Asia and Pacific", "BD BN BT KH FJ HK ID LA MO MY MV MN MM NP PH SG LK TH TL VN PG SB TO KI "
                         "FM MH NR PW"},
    {"Africa", "AO BJ BW BF BI CM CV CF TD KM CG CD CI DJ GQ ER SZ ET GA GM GH GN GW KE LS LR MG "
               "MW ML MR MU YT MZ NA NE NG RE RW SH ST SN SC SL SO SS SD TZ TG UG EH ZM ZW"},
};

/* Countries in no group today (Partner Center stopped selling there). */
static const char *const no_group = "RU BY";

bool sb_list_has(const char *list, const char *word)
{
  size_t n = strlen(word);
  if (!n)
    return false;
  for (const char *p = list; *p;) {
    while (*p == ' ')
      p++;
    size_t len = strcspn(p, " ");
    if (len == n && !strncasecmp(p, word, n))
      return true;
    p += len;
  }
  return false;
}

const struct sb_market *sb_market_find(const char *iso2)
{
  for (size_t i = 0; i < sb_market_count; i++)
    if (!strcasecmp(sb_markets[i].iso2, iso2))
      return &sb_markets[i];
  return NULL;
}

static bool is_alpha2(const char *iso2)
{
  return strlen(iso2) == 2 && isalpha((unsigned char)iso2[0]) && isalpha((unsigned char)iso2[1]);
}

const char *sb_market_group(const char *iso2)
{
  if (!is_alpha2(iso2))
    return NULL;
  for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
    if (sb_list_has(groups[i].members, iso2))
      return groups[i].name;
  return NULL;
}

bool sb_country_known(const char *iso2)
{
  return sb_market_group(iso2) || (is_alpha2(iso2) && sb_list_has(no_group, iso2));
}
