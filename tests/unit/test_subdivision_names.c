/* Tests of the generated schemas/ (scripts/gen-markets with CLDR's subdivision names): the
 * English names of subdivisions that iso-codes gives only in the local language (Hessen,
 * Niedersachsen, Thüringen...) are accepted and sent as the code, in the largest European
 * markets; a hand alias in overlay/DE.yaml covers the one name no dataset has. */
#include "rules/validate.h"

#include "check.h"
#include "rules_fixture.h"

static struct rules *real;
static struct row row;

/* The value the state of a create row in country is sent as, or the finding that refuses it
 * (an error, or a warning where the state is optional as in DE). */
static const char *sent(const char *country, const char *state)
{
  if (!fixture_schemas_row(&real, &row, country, FIELD_STATE, state))
    return "(schemas/ does not load)";
  const struct violation *v = fixture_violation(&row, FIELD_STATE, 0);
  if (v && v->code != VIOLATION_CONVERTED)
    return v->message;
  return row_get(&row, FIELD_STATE);
}

/* country, name, the code it is sent as */
static const char *const english[][3] = {
    {"DE", "Hesse", "HE"},
    {"DE", "Lower Saxony", "NI"},
    {"DE", "North Rhine-Westphalia", "NW"},
    {"DE", "Rhineland-Palatinate", "RP"},
    {"DE", "Saxony", "SN"},
    {"DE", "Saxony-Anhalt", "ST"},
    {"DE", "Thuringia", "TH"},
    {"DE", "Bavaria", "BY"},
    {"DE", "Mecklenburg-Western Pomerania", "MV"}, /* overlay/DE.yaml */
    {"DE", "Hessen", "HE"},                        /* the local name stays */
    {"AT", "Lower Austria", "Niederösterreich"},   /* numeric ISO codes: the name is sent */
    {"AT", "Vienna", "Wien"},
    {"AT", "AT-9", "Wien"},
    {"CH", "Geneva", "GE"},
    {"IT", "Lombardy", "Lombardia"},
    {"ES", "Catalonia", "CT"},
    {"BE", "Flemish Brabant", "VBR"},
    {"NL", "North Holland", "NH"},
};

TEST(states_by_their_english_names_are_sent_as_their_codes)
{
  for (size_t i = 0; i < sizeof(english) / sizeof(english[0]); i++)
    CHECK_STR_EQ(english[i][2], sent(english[i][0], english[i][1]));
}

TEST(a_name_of_no_subdivision_is_still_refused)
{
  const char *v = sent("DE", "Westphalia Lower");
  CHECK(v != NULL && strstr(v, "not one of") != NULL);
}

TEST(the_rule_set_is_released)
{
  row_release(&row);
  rules_close(real);
  real = NULL;
}

RUN_TESTS()
