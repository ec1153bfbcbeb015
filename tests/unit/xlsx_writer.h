/* Test helper: writes small .xlsx workbooks with libzip, so each test states the exact XML of
 * its workbook in code. xlsx_book_write builds a whole package from the parts that matter (sheet
 * names and <sheetData> contents, shared strings, number formats, cell styles, date1904) and
 * fills in the boilerplate ([Content_Types].xml, relationships); xlsx_parts_write writes any
 * set of members as given, for damaged or unusual packages. Header-only. */
#ifndef CSP_TEST_XLSX_WRITER_H
#define CSP_TEST_XLSX_WRITER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define XLSX_BOOK_MAX_SHEETS 8

struct xlsx_part {
  const char *name;
  const char *data; /* NUL-terminated */
};

struct xlsx_book {
  const char *sheet_names[XLSX_BOOK_MAX_SHEETS]; /* tab order; NULL ends; none: "Sheet1" */
  const char *sheet_data[XLSX_BOOK_MAX_SHEETS];  /* the inside of each <sheetData> */
  bool sheet_hidden[XLSX_BOOK_MAX_SHEETS];
  const char *shared_strings; /* the <si> elements; NULL: no sharedStrings part */
  const char *num_fmts;       /* the <numFmt> elements; NULL: none */
  const char *cell_xfs;       /* the <xf> elements of <cellXfs>; NULL: no styles part */
  bool date1904;
};

/* Writes the members to a new archive at path; aborts the test program on failure. */
static inline void xlsx_parts_write(const char *path, const struct xlsx_part *parts, size_t n)
{
  int err = 0;
  zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z)
    abort();
  for (size_t i = 0; i < n; i++) {
    zip_source_t *src = zip_source_buffer(z, parts[i].data, strlen(parts[i].data), 0);
    if (!src || zip_file_add(z, parts[i].name, src, ZIP_FL_OVERWRITE) < 0)
      abort();
  }
  if (zip_close(z) != 0)
    abort();
}

/* printf into a new heap string. */
static inline char *xlsx_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline char *xlsx_format(const char *fmt, ...)
{
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = malloc((size_t)n + 1);
  if (!s)
    abort();
  (void)vsnprintf(s, (size_t)n + 1, fmt, again);
  va_end(again);
  return s;
}

#define XLSX_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define XLSX_REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define XLSX_PKG_NS "http://schemas.openxmlformats.org/package/2006/relationships"

/* Appends s to a growing heap string. */
static inline char *xlsx_append(char *to, const char *s)
{
  size_t a = to ? strlen(to) : 0, b = strlen(s);
  char *r = realloc(to, a + b + 1);
  if (!r)
    abort();
  memcpy(r + a, s, b + 1);
  return r;
}

/* Writes the workbook described by b to path. */
static inline void xlsx_book_write(const char *path, const struct xlsx_book *b)
{
  struct xlsx_part parts[8 + XLSX_BOOK_MAX_SHEETS];
  char *owned[8 + XLSX_BOOK_MAX_SHEETS] = {0};
  size_t n = 0, nsheets = 0;
  char *sheets = NULL, *rels = NULL, *item;
  while (nsheets < XLSX_BOOK_MAX_SHEETS && (nsheets == 0 || b->sheet_names[nsheets]))
    nsheets++;
  for (size_t i = 0; i < nsheets; i++) {
    item = xlsx_format("<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"%s/>",
                       b->sheet_names[i] ? b->sheet_names[i] : "Sheet1", i + 1, i + 1,
                       b->sheet_hidden[i] ? " state=\"hidden\"" : "");
    sheets = xlsx_append(sheets, item);
    free(item);
    item = xlsx_format("<Relationship Id=\"rId%zu\" Type=\"" XLSX_REL_NS "/worksheet\" "
                       "Target=\"worksheets/sheet%zu.xml\"/>",
                       i + 1, i + 1);
    rels = xlsx_append(rels, item);
    free(item);
  }
  if (b->shared_strings)
    rels = xlsx_append(rels, "<Relationship Id=\"rIdS\" Type=\"" XLSX_REL_NS
                             "/sharedStrings\" Target=\"sharedStrings.xml\"/>");
  if (b->cell_xfs)
    rels = xlsx_append(rels, "<Relationship Id=\"rIdY\" Type=\"" XLSX_REL_NS
                             "/styles\" Target=\"styles.xml\"/>");
  owned[n] = xlsx_format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
      "relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "</Types>");
  parts[n] = (struct xlsx_part){"[Content_Types].xml", owned[n]};
  n++;
  owned[n] = xlsx_format("<?xml version=\"1.0\"?><Relationships xmlns=\"" XLSX_PKG_NS "\">"
                         "<Relationship Id=\"rId1\" Type=\"" XLSX_REL_NS "/officeDocument\" "
                         "Target=\"xl/workbook.xml\"/></Relationships>");
  parts[n] = (struct xlsx_part){"_rels/.rels", owned[n]};
  n++;
  owned[n] =
      xlsx_format("<?xml version=\"1.0\"?><workbook xmlns=\"" XLSX_NS "\" xmlns:r=\"" XLSX_REL_NS
                  "\"><workbookPr%s/><sheets>%s</sheets></workbook>",
                  b->date1904 ? " date1904=\"1\"" : "", sheets);
  parts[n] = (struct xlsx_part){"xl/workbook.xml", owned[n]};
  n++;
  owned[n] = xlsx_format("<?xml version=\"1.0\"?><Relationships xmlns=\"" XLSX_PKG_NS "\">%s"
                         "</Relationships>",
                         rels);
  parts[n] = (struct xlsx_part){"xl/_rels/workbook.xml.rels", owned[n]};
  n++;
  if (b->shared_strings) {
    owned[n] = xlsx_format("<?xml version=\"1.0\"?><sst xmlns=\"" XLSX_NS "\">%s</sst>",
                           b->shared_strings);
    parts[n] = (struct xlsx_part){"xl/sharedStrings.xml", owned[n]};
    n++;
  }
  if (b->cell_xfs) {
    owned[n] = xlsx_format("<?xml version=\"1.0\"?><styleSheet xmlns=\"" XLSX_NS "\">"
                           "<numFmts>%s</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/>"
                           "</cellStyleXfs><cellXfs>%s</cellXfs></styleSheet>",
                           b->num_fmts ? b->num_fmts : "", b->cell_xfs);
    parts[n] = (struct xlsx_part){"xl/styles.xml", owned[n]};
    n++;
  }
  static char names[XLSX_BOOK_MAX_SHEETS][40];
  for (size_t i = 0; i < nsheets; i++) {
    (void)snprintf(names[i], sizeof(names[i]), "xl/worksheets/sheet%zu.xml", i + 1);
    owned[n] = xlsx_format("<?xml version=\"1.0\"?><worksheet xmlns=\"" XLSX_NS "\"><sheetData>"
                           "%s</sheetData></worksheet>",
                           b->sheet_data[i] ? b->sheet_data[i] : "");
    parts[n] = (struct xlsx_part){names[i], owned[n]};
    n++;
  }
  xlsx_parts_write(path, parts, n);
  for (size_t i = 0; i < n; i++)
    free(owned[i]);
  free(sheets);
  free(rels);
}

#endif
