/* The program's version and its libraries', for `csponboard --version` (support asks for it:
 * a Debian package runs with whatever libcurl or SQLite the system has). The one file that
 * includes every library's header, only for the version call; everything else stays in the
 * library's wrapper. */
#include "cli/version.h"

#include <cjson/cJSON.h>
#include <csv.h>
#include <curl/curl.h>
#include <expat.h>
#include <microhttpd.h>
#include <sqlite3.h>
#include <yaml.h>
#include <zip.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

void version_print(FILE *out)
{
  char pcre[48] = "";
  (void)pcre2_config(PCRE2_CONFIG_VERSION, pcre);
  fprintf(out, "csponboard %s\n", CSP_VERSION);
  fprintf(out, "  libcurl %s\n", curl_version());
  fprintf(out, "  cJSON %s\n", cJSON_Version());
  fprintf(out, "  libyaml %s\n", yaml_get_version_string());
  fprintf(out, "  PCRE2 %s\n", pcre);
  fprintf(out, "  SQLite %s\n", sqlite3_libversion());
  fprintf(out, "  libmicrohttpd %s\n", MHD_get_version());
  fprintf(out, "  libzip %s\n", zip_libzip_version());
  fprintf(out, "  %s\n", XML_ExpatVersion());
  fprintf(out, "  libcsv %d.%d.%d (compiled against)\n", CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
}
