/* A link Partner Center hands back for the next call, such as a customer list's
 * "links.next": where to go, with which method, and which headers to send along verbatim
 * (MS-ContinuationToken). Parsed by responses.c, followed by requests.c. */
#ifndef CSP_PC_LINK_H
#define CSP_PC_LINK_H

#include <stddef.h>

#include "http/http.h"

#define PC_LINK_MAX_HEADERS 4

/* Every string lives in the arena the response was parsed into. */
struct pc_link {
  const char *uri;    /* as given: relative ("/customers?…") or absolute; NULL: no link */
  const char *method; /* "GET" when the response names none */
  struct http_header headers[PC_LINK_MAX_HEADERS];
  size_t nheaders;
};

#endif
