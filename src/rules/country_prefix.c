/* `normalize: country_prefix` for postal codes: European lists often write the country in
 * front of the postal code, the old CEPT way: CH-8001, A-1010, D-10115, SE-111 52, F-75001.
 * Partner Center takes the national code (8001), so a leading prefix followed by a hyphen and
 * a digit is dropped when it is the market's ISO code or its international vehicle code (A
 * for AT, D for DE...). Markets whose own format starts with its code (LV-1050, LT-01100,
 * MD-2001) do not list this step (the generator leaves it out where the pattern takes
 * "CC-" before an example). */
#include "rules/rules_internal.h"

/* The international vehicle codes that differ from the ISO code (Vienna Convention). */
static const struct {
  char iso[3];
  const char *vehicle;
} vehicle_codes[] = {
    {"AT", "A"}, {"BE", "B"},   {"DE", "D"},   {"ES", "E"},  {"FI", "FIN"}, {"FR", "F"},
    {"HU", "H"}, {"IE", "IRL"}, {"IT", "I"},   {"LU", "L"},  {"NO", "N"},   {"PT", "P"},
    {"SE", "S"}, {"SI", "SLO"}, {"EE", "EST"}, {"LI", "FL"}, {"MT", "M"},   {"SM", "RSM"},
    {"VA", "V"}, {"GB", "GB"},  {"CY", "CY"},
};

/* The length of prefix p (case-insensitive) followed by '-' and a digit at s, or 0. */
static size_t prefix_at(const char *s, size_t len, const char *p)
{
  size_t n = strlen(p);
  if (n == 0 || len < n + 2 || s[n] != '-' || s[n + 1] < '0' || s[n + 1] > '9')
    return 0;
  for (size_t i = 0; i < n; i++)
    if ((s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]) != p[i])
      return 0;
  return n + 1;
}

size_t country_prefix_length(const char *s, size_t len, const struct market_rules *m)
{
  size_t n = prefix_at(s, len, m->code);
  for (size_t i = 0; n == 0 && i < sizeof(vehicle_codes) / sizeof(vehicle_codes[0]); i++)
    if (!strcmp(vehicle_codes[i].iso, m->code))
      n = prefix_at(s, len, vehicle_codes[i].vehicle);
  return n;
}
