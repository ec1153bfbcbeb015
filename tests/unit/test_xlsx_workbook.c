/* Tests for src/input/xlsx_workbook.c: relationship targets, and packages laid out other than
 * Excel's own way (absolute targets, another workbook path, namespace prefixes on every
 * element), read through the public source API. */
#include "input/xlsx_workbook.h"

#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "input/source.h"
#include "xlsx_writer.h"

static const char *resolve(const char *base, const char *target)
{
  static struct arena a;
  static char out[256];
  arena_init(&a, 4096);
  const char *r = xlsx_resolve_target(&a, base, target);
  (void)snprintf(out, sizeof(out), "%s", r ? r : "(none)");
  arena_release(&a);
  return out;
}

TEST(relationship_targets_resolve_against_the_folder_of_their_part)
{
  CHECK_STR_EQ("xl/worksheets/sheet1.xml", resolve("xl/", "worksheets/sheet1.xml"));
  CHECK_STR_EQ("xl/worksheets/sheet1.xml", resolve("xl/", "/xl/worksheets/sheet1.xml"));
  CHECK_STR_EQ("xl/a.xml", resolve("xl/x/", "../a.xml"));
  CHECK_STR_EQ("xl/a.xml", resolve("xl/", "./a.xml"));
  CHECK_STR_EQ("xl/workbook.xml", resolve("", "xl/workbook.xml"));
  CHECK_STR_EQ("(none)", resolve("", "../etc/passwd"));
}

/* A package as another producer might write it: the workbook at /book/main.xml, absolute
 * targets, and the spreadsheet namespace bound to the prefix x: everywhere. */
TEST(a_package_with_other_paths_and_namespace_prefixes_reads_the_same)
{
#define X_NS "xmlns:x=\"" XLSX_NS "\" xmlns:r=\"" XLSX_REL_NS "\""
  struct xlsx_part parts[] = {
      {"_rels/.rels",
       "<Relationships xmlns=\"" XLSX_PKG_NS "\"><Relationship Id=\"a\" Type=\"" XLSX_REL_NS
       "/officeDocument\" Target=\"/book/main.xml\"/></Relationships>"},
      {"book/main.xml", "<x:workbook " X_NS "><x:workbookPr date1904=\"true\"/><x:sheets>"
                        "<x:sheet name=\"Data\" sheetId=\"1\" r:id=\"s1\"/></x:sheets>"
                        "</x:workbook>"},
      {"book/_rels/main.xml.rels",
       "<Relationships xmlns=\"" XLSX_PKG_NS "\"><Relationship Id=\"s1\" Type=\"" XLSX_REL_NS
       "/worksheet\" Target=\"/book/data.xml\"/><Relationship Id=\"t\" Type=\"" XLSX_REL_NS
       "/sharedStrings\" Target=\"text.xml\"/></Relationships>"},
      {"book/text.xml", "<x:sst " X_NS "><x:si><x:t>name</x:t></x:si><x:si><x:t>Contoso</x:t>"
                        "</x:si></x:sst>"},
      {"book/data.xml", "<x:worksheet " X_NS "><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" "
                        "t=\"s\"><x:v>0</x:v></x:c></x:row><x:row r=\"2\"><x:c r=\"A2\" t=\"s\">"
                        "<x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"}};
#undef X_NS
  char path[] = "/tmp/csp_test_xlsx_wb_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  close(fd);
  xlsx_parts_write(path, parts, sizeof(parts) / sizeof(parts[0]));
  struct source *src = NULL;
  CHECK_INT_EQ(0, source_open(path, NULL, &src));
  unlink(path);
  if (!src)
    return;
  size_t n;
  CHECK_STR_EQ("name", source_header(src, &n)[0]);
  struct row row;
  row_init(&row);
  bool eof = false;
  CHECK_INT_EQ(0, source_next(src, &row, &eof));
  CHECK(!eof);
  CHECK_STR_EQ("Contoso", row.cells[0]);
  row_release(&row);
  source_close(src);
}

RUN_TESTS()
