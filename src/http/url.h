/* URL pieces the Partner Center mapping and the HTTP layer share: percent-encoding (paths,
 * query values, form bodies) and the loopback test that decides whether TLS verification may
 * be relaxed. Pure functions: no libcurl, no network. */
#ifndef CSP_URL_H
#define CSP_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

/* Percent-encodes s for a path segment, a query value or an application/x-www-form-urlencoded
 * field: every byte except the RFC 3986 unreserved set (A-Z a-z 0-9 - . _ ~) becomes %XX, so
 * "+", "/", "=", "&" and "%" in secrets survive the trip. Returns a string in arena a, or NULL
 * when the arena is full. */
char *http_url_escape(struct arena *a, const char *s);

/* True when url is http(s) and its host is a loopback address: 127.0.0.0/8 as a dotted quad,
 * "localhost" (any case) or [::1]. Only such URLs may skip TLS verification (SPEC §8: the local
 * sandbox). */
bool http_url_is_loopback(const char *url);

/* The same host test for a URL of any scheme ("smtp://127.0.0.1:2525"): true when url has a
 * "scheme://" and its host is loopback. Decides whether mail may go unencrypted. */
bool http_url_host_is_loopback(const char *url);

/* True when url starts with "http://" or "https://" (any case). */
bool http_url_is_absolute(const char *url);

#endif
