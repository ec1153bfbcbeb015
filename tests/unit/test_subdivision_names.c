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
  if (!real) {
    if (rules_load("schemas", false, &real) != 0)
      return "(load failed)";
    row_init(&row);
  }
  fixture_row(&row, ACTION_CREATE, FIELD_COMPANY_NAME, "Contoso", FIELD_EMAIL, "a@contoso.com",
              FIELD_COUNTRY, country, FIELD_STATE, state, FIELD_NONE);
  validate_row(real, &row);
  const struct violation *v = fixture_violation(&row, FIELD_STATE, 0);
  if (v && v->code != VIOLATION_CONVERTED)
    return v->message;
  return row_get(&row, FIELD_STATE);
}

TEST(german_states_by_their_english_names)
{
  CHECK_STR_EQ("HE", sent("DE", "Hesse"));
  CHECK_STR_EQ("NI", sent("DE", "Lower Saxony"));
  CHECK_STR_EQ("NW", sent("DE", "North Rhine-Westphalia"));
  CHECK_STR_EQ("RP", sent("DE", "Rhineland-Palatinate"));
  CHECK_STR_EQ("SN", sent("DE", "Saxony"));
  CHECK_STR_EQ("ST", sent("DE", "Saxony-Anhalt"));
  CHECK_STR_EQ("TH", sent("DE", "Thuringia"));
  CHECK_STR_EQ("BY", sent("DE", "Bavaria"));
  CHECK_STR_EQ("MV", sent("DE", "Mecklenburg-Western Pomerania")); /* overlay/DE.yaml */
  CHECK_STR_EQ("HE", sent("DE", "Hessen"));                        /* the local name stays */
}

TEST(english_names_in_other_european_markets)
{
  CHECK_STR_EQ("3", sent("AT", "Lower Austria"));
  CHECK_STR_EQ("9", sent("AT", "Vienna"));
  CHECK_STR_EQ("GE", sent("CH", "Geneva"));
  CHECK_STR_EQ("25", sent("IT", "Lombardy"));
  CHECK_STR_EQ("CT", sent("ES", "Catalonia"));
  CHECK_STR_EQ("VBR", sent("BE", "Flemish Brabant"));
  CHECK_STR_EQ("NH", sent("NL", "North Holland"));
}

TEST(a_name_of_no_subdivision_is_still_refused)
{
  const char *v = sent("DE", "Westphalia Lower");
  CHECK(v != NULL && strstr(v, "not one of") != NULL);
}

TEST(the_rule_set_is_released)
{
  row_release(&row);
  rules_free(real);
  real = NULL;
}

RUN_TESTS()
