/* Values that cannot be right: a line break or a control character inside a company name, a
 * person's name, an email, a phone, a domain, a city, a state, a postal code, a country or
 * any other single-line field makes the row invalid (such a value usually means a stray quote
 * or a paste that swallowed part of another cell). Only an address line may hold a line break
 * (Excel's Alt+Enter): it becomes a space, with a warning. */
#ifndef CSP_CONTROL_CHARS_H
#define CSP_CONTROL_CHARS_H

#include "pipeline/row.h"

/* Checks every canonical value of row (after trimming): appends field:control_character
 * violations, and rewrites address lines whose line breaks become spaces. */
void check_control_chars(struct row *row);

#endif
