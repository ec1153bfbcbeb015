/* The map of an XLSX package: where the workbook part is (_rels/.rels), which sheets it has
 * in tab order with their parts (xl/workbook.xml and its relationships), where the shared
 * strings and styles are, and which date system it uses (date1904). */
#ifndef CSP_XLSX_WORKBOOK_H
#define CSP_XLSX_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "input/xlsx_zip.h"

struct xlsx_sheet_entry {
  const char *name;
  const char *part; /* ZIP member, e.g. "xl/worksheets/sheet1.xml"; NULL if unresolved */
  bool hidden;      /* state="hidden" or "veryHidden" */
  bool worksheet;   /* false for a chart sheet or a dialog sheet: no cells */
};

struct xlsx_workbook {
  struct arena arena; /* every string below */
  struct xlsx_sheet_entry *sheets;
  size_t nsheets;
  bool date1904;
  const char *shared_strings; /* ZIP member or NULL when the workbook has none */
  const char *styles;         /* ZIP member or NULL */
};

/* Reads the package's map. Returns 0, or CSP_E_INPUT with a sentence in err saying what is
 * missing or damaged; CSP_E_NOMEM. Call xlsx_workbook_release in every case. */
int xlsx_workbook_load(struct xlsx_workbook *wb, struct xlsx_zip *z, char *err, size_t errcap);

/* The sheet named name (exactly, else ignoring ASCII case), or with name NULL the first visible
 * sheet in tab order (the first sheet when all are hidden). NULL when there is none. */
const struct xlsx_sheet_entry *xlsx_workbook_sheet(const struct xlsx_workbook *wb,
                                                   const char *name);

/* Writes the sheet names, quoted and comma-separated, into out (cut to cap). */
void xlsx_workbook_list_sheets(const struct xlsx_workbook *wb, char *out, size_t cap);

/* Resolves a relationship target against the folder of the part that holds it ("xl/" for
 * xl/workbook.xml): "worksheets/s.xml" -> "xl/worksheets/s.xml", "/xl/s.xml" -> "xl/s.xml",
 * "../a.xml" from "xl/x/" -> "xl/a.xml". Returns the path in arena a, or NULL when it climbs
 * out of the package or the arena is full. */
const char *xlsx_resolve_target(struct arena *a, const char *base_dir, const char *target);

void xlsx_workbook_release(struct xlsx_workbook *wb);

#endif
