/* A --map file: the user's own header -> canonical field table, in YAML:
 *
 *   "Firmenname": company_name
 *   "PLZ": postal_code
 *   "Internal notes": ~        # null, "" or none: never map this column
 *
 * Loaded once, read-only afterwards. Every entry remembers where it was written, so that the
 * mapping can name file:line:column in its messages. */
#ifndef CSP_MAP_FILE_H
#define CSP_MAP_FILE_H

#include <stddef.h>

#include "input/fields.h"

struct map_entry {
  char *header;        /* as written in the file; owned by the map_file */
  enum field_id field; /* FIELD_NONE: the column is deliberately left unmapped */
  size_t line, column; /* 1-based position of the entry's key */
};

struct map_file {
  const char *path; /* borrowed from the caller of map_file_load */
  struct map_entry *entries;
  size_t nentries;
};

/* Reads path. Returns 0, CSP_E_IO (cannot open) or CSP_E_CONFIG (not YAML, not a flat
 * mapping of strings, an unknown canonical field or a field mapped twice), with a message
 * "path:line:column: ..." logged. Release out with map_file_release in every case. */
int map_file_load(const char *path, struct map_file *out);

void map_file_release(struct map_file *mf);

#endif
