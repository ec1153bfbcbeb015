/* The canonical fields of SPEC §5 and how input headers map onto them. */
#ifndef CSP_FIELDS_H
#define CSP_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

/* X(id, canonical name, required column) */
#define CANONICAL_FIELDS(X) \
  X(ACTION, "action", false) \
  X(COMPANY_NAME, "company_name", true) \
  X(DOMAIN, "domain", false) \
  X(TENANT_ID, "tenant_id", false) \
  X(FIRST_NAME, "first_name", false) \
  X(MIDDLE_NAME, "middle_name", false) \
  X(LAST_NAME, "last_name", false) \
  X(EMAIL, "email", false) \
  X(PHONE, "phone", false) \
  X(ADDRESS_LINE1, "address_line1", false) \
  X(ADDRESS_LINE2, "address_line2", false) \
  X(ADDRESS_LINE3, "address_line3", false) \
  X(CITY, "city", false) \
  X(STATE, "state", false) \
  X(POSTAL_CODE, "postal_code", false) \
  X(COUNTRY, "country", true) \
  X(CULTURE, "culture", false) \
  X(LANGUAGE, "language", false) \
  X(ORG_REG_NUMBER, "organization_registration_number", false) \
  X(ASSOCIATED_PARTNER_ID, "associated_partner_id", false) \
  X(MCA_ACCEPTED_AT, "mca_accepted_at", false)

enum field_id {
  FIELD_NONE = -1,
#define X(id, name, req) FIELD_##id,
  CANONICAL_FIELDS(X)
#undef X
      FIELD_COUNT
};

/* "company_name" for FIELD_COMPANY_NAME; "" for FIELD_NONE. */
const char *field_name(enum field_id f);
/* FIELD_x for an exact canonical name, FIELD_NONE otherwise. */
enum field_id field_by_name(const char *name);
/* True when a file without this column cannot be processed (SPEC §4: fatal before any row). */
bool field_column_required(enum field_id f);

/* Maps a header cell to a field: case-insensitive, ignoring spaces, '_', '-', '/' and '.',
 * through the canonical names and the built-in aliases (SPEC §4, incl. the Office 365 partner
 * portal export). FIELD_NONE when nothing matches. */
enum field_id field_from_header(const char *header);

/* Writes the comparison key of a header (lower case, separators dropped) into out (size cap).
 * Exposed for the mapping's "did you mean" suggestions. */
void field_header_key(const char *header, char *out, size_t cap);

/* The i-th built-in alias (from 0): its field and its key. False past the last one. Exposed
 * for the mapping's "did you mean" suggestions. */
bool field_alias(size_t i, enum field_id *field, const char **key);

#endif
