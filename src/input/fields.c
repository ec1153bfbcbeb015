/* Canonical field names (SPEC §5) and the header aliases that map a customer list's own
 * column names onto them: common English spellings and the Office 365 partner portal export.
 * A header is compared by its key: lower case, with spaces, '_', '-', '/' and '.' dropped. */
#include "input/fields.h"

#include <ctype.h>
#include <string.h>

static const struct {
  const char *name;
  bool required;
} fields[] = {
#define X(id, name, req) {name, req},
    CANONICAL_FIELDS(X)
#undef X
};

/* Header keys (already in key form) that mean a field, besides the field's own name.
 * The Partner Center / Office 365 partner portal customer export ("Customers.csv") has the
 * columns Microsoft ID, Company name, Primary domain name, Relationship and Tags: the first
 * three map here (Microsoft ID is the customer's tenant id); the last two pass through. Its
 * billing details use "Country/Region", "State/Province" and "ZIP/Postal code". */
static const struct {
  enum field_id field;
  const char *key;
} aliases[] = {
    {FIELD_ACTION, "operation"},
    {FIELD_COMPANY_NAME, "company"},
    {FIELD_COMPANY_NAME, "companyname"},
    {FIELD_COMPANY_NAME, "organization"},
    {FIELD_COMPANY_NAME, "organizationname"},
    {FIELD_COMPANY_NAME, "organisationname"},
    {FIELD_COMPANY_NAME, "customername"},
    {FIELD_COMPANY_NAME, "customer"},
    {FIELD_COMPANY_NAME, "legalname"},
    {FIELD_COMPANY_NAME, "legalentityname"},
    {FIELD_COMPANY_NAME, "companylegalname"},
    {FIELD_COMPANY_NAME, "customercompanyname"},
    {FIELD_COMPANY_NAME, "accountname"},
    {FIELD_COMPANY_NAME, "businessname"},
    {FIELD_DOMAIN, "domainname"},
    {FIELD_DOMAIN, "domainprefix"},
    {FIELD_DOMAIN, "primarydomain"},
    {FIELD_DOMAIN, "primarydomainname"},
    {FIELD_DOMAIN, "defaultdomain"},
    {FIELD_DOMAIN, "defaultdomainname"},
    {FIELD_DOMAIN, "onmicrosoftdomain"},
    {FIELD_DOMAIN, "tenantdomain"},
    {FIELD_DOMAIN, "tenantdomainname"},
    {FIELD_DOMAIN, "customerdomain"},
    {FIELD_DOMAIN, "customerdomainname"},
    {FIELD_TENANT_ID, "tenant"},
    {FIELD_TENANT_ID, "tenantguid"},
    {FIELD_TENANT_ID, "microsoftid"},
    {FIELD_TENANT_ID, "customertenantid"},
    {FIELD_TENANT_ID, "customerid"},
    {FIELD_TENANT_ID, "directoryid"},
    {FIELD_TENANT_ID, "aadtenantid"},
    {FIELD_TENANT_ID, "azureadtenantid"},
    {FIELD_TENANT_ID, "entratenantid"},
    {FIELD_TENANT_ID, "microsoftentratenantid"},
    {FIELD_FIRST_NAME, "firstname"},
    {FIELD_FIRST_NAME, "givenname"},
    {FIELD_FIRST_NAME, "contactfirstname"},
    {FIELD_FIRST_NAME, "primarycontactfirstname"},
    {FIELD_MIDDLE_NAME, "middlename"},
    {FIELD_LAST_NAME, "lastname"},
    {FIELD_LAST_NAME, "surname"},
    {FIELD_LAST_NAME, "familyname"},
    {FIELD_LAST_NAME, "contactlastname"},
    {FIELD_LAST_NAME, "primarycontactlastname"},
    {FIELD_EMAIL, "emailaddress"},
    {FIELD_EMAIL, "mail"},
    {FIELD_EMAIL, "contactemail"},
    {FIELD_EMAIL, "primarycontactemail"},
    {FIELD_EMAIL, "emailaddressprimarycontact"},
    {FIELD_PHONE, "phonenumber"},
    {FIELD_PHONE, "telephone"},
    {FIELD_PHONE, "telephonenumber"},
    {FIELD_PHONE, "tel"},
    {FIELD_PHONE, "contactphone"},
    {FIELD_PHONE, "primarycontactphone"},
    {FIELD_PHONE, "phonenumberprimarycontact"},
    {FIELD_PHONE, "businessphone"},
    {FIELD_PHONE, "mobile"},
    {FIELD_PHONE, "mobilephone"},
    {FIELD_ADDRESS_LINE1, "address"},
    {FIELD_ADDRESS_LINE1, "address1"},
    {FIELD_ADDRESS_LINE1, "addressline1"},
    {FIELD_ADDRESS_LINE1, "street"},
    {FIELD_ADDRESS_LINE1, "streetaddress"},
    {FIELD_ADDRESS_LINE1, "street1"},
    {FIELD_ADDRESS_LINE1, "streetaddress1"},
    {FIELD_ADDRESS_LINE1, "addressline"},
    {FIELD_ADDRESS_LINE2, "address2"},
    {FIELD_ADDRESS_LINE2, "addressline2"},
    {FIELD_ADDRESS_LINE2, "street2"},
    {FIELD_ADDRESS_LINE2, "streetaddress2"},
    {FIELD_ADDRESS_LINE3, "address3"},
    {FIELD_ADDRESS_LINE3, "addressline3"},
    {FIELD_CITY, "town"},
    {FIELD_CITY, "locality"},
    {FIELD_STATE, "province"},
    {FIELD_STATE, "region"},
    {FIELD_STATE, "stateprovince"},
    {FIELD_STATE, "stateorprovince"},
    {FIELD_STATE, "county"},
    {FIELD_STATE, "provincestate"},
    {FIELD_STATE, "stateregion"},
    {FIELD_POSTAL_CODE, "zip"},
    {FIELD_POSTAL_CODE, "zipcode"},
    {FIELD_POSTAL_CODE, "postalcode"},
    {FIELD_POSTAL_CODE, "postcode"},
    {FIELD_POSTAL_CODE, "postal"},
    {FIELD_POSTAL_CODE, "zippostalcode"},
    {FIELD_POSTAL_CODE, "postalzipcode"},
    {FIELD_POSTAL_CODE, "zippostal"},
    {FIELD_POSTAL_CODE, "postalcodezip"},
    {FIELD_COUNTRY, "countryregion"},
    {FIELD_COUNTRY, "countrycode"},
    {FIELD_COUNTRY, "countryorregion"},
    {FIELD_COUNTRY, "market"},
    {FIELD_COUNTRY, "countryname"},
    {FIELD_COUNTRY, "customercountry"},
    {FIELD_COUNTRY, "customertenantcountry"},
    {FIELD_COUNTRY, "billingcountry"},
    {FIELD_CULTURE, "locale"},
    {FIELD_LANGUAGE, "languagecode"},
    {FIELD_LANGUAGE, "preferredlanguage"},
    {FIELD_ORG_REG_NUMBER, "organizationregistrationnumber"},
    {FIELD_ORG_REG_NUMBER, "registrationnumber"},
    {FIELD_ORG_REG_NUMBER, "companyregistrationnumber"},
    {FIELD_ORG_REG_NUMBER, "inn"},
    {FIELD_ORG_REG_NUMBER, "taxid"},
    {FIELD_ASSOCIATED_PARTNER_ID, "associatedpartnerid"},
    {FIELD_ASSOCIATED_PARTNER_ID, "resellerid"},
    {FIELD_ASSOCIATED_PARTNER_ID, "resellertenantid"},
    {FIELD_ASSOCIATED_PARTNER_ID, "indirectresellerid"},
    {FIELD_MCA_ACCEPTED_AT, "mcaacceptedat"},
    {FIELD_MCA_ACCEPTED_AT, "mcaaccepted"},
    {FIELD_MCA_ACCEPTED_AT, "agreementdate"},
    {FIELD_MCA_ACCEPTED_AT, "mcadate"},
};

const char *field_name(enum field_id f)
{
  if (f <= FIELD_NONE || f >= FIELD_COUNT)
    return "";
  return fields[f].name;
}

enum field_id field_by_name(const char *name)
{
  for (int f = 0; f < FIELD_COUNT; f++)
    if (!strcmp(fields[f].name, name))
      return (enum field_id)f;
  return FIELD_NONE;
}

bool field_column_required(enum field_id f)
{
  return f > FIELD_NONE && f < FIELD_COUNT && fields[f].required;
}

void field_header_key(const char *header, char *out, size_t cap)
{
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)header; *p && n + 1 < cap; p++) {
    if (*p == ' ' || *p == '_' || *p == '-' || *p == '/' || *p == '.' || *p == '\t')
      continue;
    out[n++] = (char)tolower(*p);
  }
  if (cap)
    out[n] = '\0';
}

enum field_id field_from_header(const char *header)
{
  char key[128], own[128];
  field_header_key(header, key, sizeof(key));
  for (int f = 0; f < FIELD_COUNT; f++) {
    field_header_key(fields[f].name, own, sizeof(own));
    if (!strcmp(own, key))
      return (enum field_id)f;
  }
  for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
    if (!strcmp(aliases[i].key, key))
      return aliases[i].field;
  return FIELD_NONE;
}

bool field_alias(size_t i, enum field_id *field, const char **key)
{
  if (i >= sizeof(aliases) / sizeof(aliases[0]))
    return false;
  *field = aliases[i].field;
  *key = aliases[i].key;
  return true;
}
