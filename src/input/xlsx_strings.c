/* sharedStrings.xml into one block (xlsx_strings.h). Text is appended to the block as expat
 * hands it over; at </si> the string is unescaped in place, cut if too long, NUL-terminated and
 * its end recorded. The XML itself is streamed, never held whole. */
#include "input/xlsx_strings.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "grow.h"
#include "input/xlsx_values.h"
#include "limits.h"

/* Raw bytes kept of one string: enough to know it is too long after unescaping. */
#define RAW_CAP (CSP_MAX_FIELD_BYTES + 64)

struct strings_parse {
  struct xlsx_strings *t;
  size_t start;  /* where the current <si> began in bytes */
  int depth_t;   /* inside <t> */
  int depth_rph; /* inside <rPh> (phonetic guide: not part of the value) */
  bool in_si;
  bool overflow; /* the current string passed RAW_CAP */
  int rc;
  const char *why; /* the message for rc == CSP_E_INPUT */
};

void xlsx_strings_init(struct xlsx_strings *t)
{
  memset(t, 0, sizeof(*t));
}

/* Fails the load when the table would pass its cap. */
static bool too_big(struct strings_parse *sp, size_t more_bytes)
{
  const struct xlsx_strings *t = sp->t;
  if (t->nbytes + more_bytes + (t->count + 2) * sizeof(uint32_t) <= CSP_MAX_SHARED_STRINGS_BYTES)
    return false;
  sp->rc = CSP_E_INPUT;
  sp->why = "its shared strings take more than 256 MiB";
  return true;
}

static void on_start(void *ctx, const char *name, const char **attrs)
{
  struct strings_parse *sp = ctx;
  (void)attrs;
  if (!strcmp(name, "si")) {
    sp->in_si = true;
    sp->overflow = false;
    sp->start = sp->t->nbytes;
  } else if (!strcmp(name, "t")) {
    sp->depth_t++;
  } else if (!strcmp(name, "rPh")) {
    sp->depth_rph++;
  }
}

static void on_text(void *ctx, const char *s, size_t len)
{
  struct strings_parse *sp = ctx;
  struct xlsx_strings *t = sp->t;
  if (sp->rc || !sp->in_si || !sp->depth_t || sp->depth_rph)
    return;
  size_t have = t->nbytes - sp->start;
  if (have + len > RAW_CAP) {
    sp->overflow = true;
    len = have < RAW_CAP ? RAW_CAP - have : 0;
  }
  if (too_big(sp, len + 1))
    return;
  sp->rc = grow_array((void **)&t->bytes, &t->bytes_cap, t->nbytes + len + 1, 1);
  if (sp->rc)
    return;
  memcpy(t->bytes + t->nbytes, s, len);
  t->nbytes += len;
}

/* Closes the current string: unescape, cut, terminate, record. */
static void finish_string(struct strings_parse *sp)
{
  struct xlsx_strings *t = sp->t;
  sp->in_si = false;
  if (too_big(sp, 1) ||
      (sp->rc = grow_array((void **)&t->bytes, &t->bytes_cap, t->nbytes + 1, 1)) ||
      (sp->rc = grow_array((void **)&t->offsets, &t->offsets_cap, t->count + 2, sizeof(uint32_t))))
    return;
  char *s = t->bytes + sp->start;
  s[t->nbytes - sp->start] = '\0';
  size_t len = xlsx_unescape(s, t->nbytes - sp->start);
  if (sp->overflow || len > CSP_MAX_FIELD_BYTES + 1)
    len = CSP_MAX_FIELD_BYTES + 1;
  s[len] = '\0';
  t->offsets[t->count] = (uint32_t)sp->start;
  t->nbytes = sp->start + len + 1;
  t->offsets[++t->count] = (uint32_t)t->nbytes;
}

static void on_end(void *ctx, const char *name)
{
  struct strings_parse *sp = ctx;
  if (sp->rc)
    return;
  if (!strcmp(name, "si"))
    finish_string(sp);
  else if (!strcmp(name, "t") && sp->depth_t > 0)
    sp->depth_t--;
  else if (!strcmp(name, "rPh") && sp->depth_rph > 0)
    sp->depth_rph--;
}

int xlsx_strings_load(struct xlsx_strings *t, xml_read_fn read, void *rctx, char *err,
                      size_t errcap)
{
  static const struct xml_handlers handlers = {on_start, on_end, on_text};
  struct strings_parse sp = {.t = t};
  int rc = xml_parse_all(&handlers, &sp, read, rctx, err, errcap);
  if (!rc && sp.rc == CSP_E_INPUT)
    (void)snprintf(err, errcap, "%s", sp.why);
  return rc ? rc : sp.rc;
}

const char *xlsx_strings_get(const struct xlsx_strings *t, size_t i, size_t *len)
{
  if (i >= t->count)
    return NULL;
  *len = t->offsets[i + 1] - t->offsets[i] - 1;
  return t->bytes + t->offsets[i];
}

size_t xlsx_strings_memory(const struct xlsx_strings *t)
{
  return t->bytes_cap + t->offsets_cap * sizeof(uint32_t);
}

void xlsx_strings_release(struct xlsx_strings *t)
{
  free(t->bytes);
  free(t->offsets);
  xlsx_strings_init(t);
}
