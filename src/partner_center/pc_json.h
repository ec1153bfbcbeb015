/* cJSON helpers private to src/partner_center/ (responses.c and auth.c): BOM-tolerant parsing
 * and typed lookups that return NULL instead of trusting the shape of server bytes. Nothing
 * outside partner_center/ includes this header, so cJSON stays wrapped in one folder. */
#ifndef CSP_PC_JSON_H
#define CSP_PC_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "base/arena.h"

/* Parses len bytes of body (a leading UTF-8 BOM is skipped). Returns a tree the caller frees
 * with cJSON_Delete, or NULL when the bytes are not one complete JSON value. */
cJSON *pc_json_parse(const char *body, size_t len);

/* The member key of obj (case-insensitive, as the API treats keys) when it is an object, or
 * NULL. obj may be NULL. */
const cJSON *pc_json_object(const cJSON *obj, const char *key);

/* The member key of obj when it is an array, or NULL. obj may be NULL. */
const cJSON *pc_json_array(const cJSON *obj, const char *key);

/* The member key of obj when it is a string, or NULL. obj may be NULL. */
const char *pc_json_string(const cJSON *obj, const char *key);

/* The member key of obj as a string: a string as it is, a number in its shortest integral
 * form ("600049") or %g; NULL when absent or of another type. Numbers are formatted into a. */
const char *pc_json_scalar(struct arena *a, const cJSON *obj, const char *key);

/* Copies s (may be NULL) into a: *out is the copy or NULL. Returns 0 or CSP_E_LIMIT. */
int pc_json_copy(struct arena *a, const char *s, const char **out);

/* The member key of root as a count of seconds: a number, or a string of digits only (as
 * Microsoft's v1 token endpoint sends expires_in); -1 when absent or not a count. */
long long pc_json_seconds(const cJSON *root, const char *key);

#endif
