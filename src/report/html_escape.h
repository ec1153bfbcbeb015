/* The one HTML escaping of the summary page: every text that came from a report, a journal or
 * a configuration goes through it, in element content and in quoted attribute values alike. */
#ifndef CSP_HTML_ESCAPE_H
#define CSP_HTML_ESCAPE_H

#include <stdio.h>

/* Writes s with & < > " ' as character references; NULL writes nothing. Bytes that are not
 * valid UTF-8 (a report from elsewhere) are written as U+FFFD, and control characters other
 * than tab and line feed as a space, so the page is always well-formed. */
void html_escape(FILE *out, const char *s);

#endif
