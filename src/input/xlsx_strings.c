/* sharedStrings.xml on disk (xlsx_strings.h), so that memory stays the same whatever the
 * table's size (SPEC §2). Loading streams the XML: the text of the current <si> is gathered in
 * one bounded buffer as expat hands it over; at </si> it is unescaped, cut if too long and
 * appended NUL-terminated to the data file, and where the next string will start is appended
 * to the index file (uint64_t records, so string i spans records i and i + 1). Both are
 * unlinked temporary files (tmpfile()): nothing is left behind, even after a crash.
 *
 * A lookup goes through a fixed cache (struct xlsx_strings_cache, about 1 MiB):
 * - slots: direct-mapped by index (i % CSP_XLSX_STRING_SLOTS), each holding one string of up to
 *   SLOT_TEXT bytes. Customer lists reuse few strings (countries, cities, markets), and these
 *   stay here; one is read again at most once per CSP_XLSX_STRING_SLOTS new strings.
 * - two windows over each file, copies of a stretch of it. Excel numbers shared strings in
 *   order of first use and a sheet is read in order, so a new string usually lies just past the
 *   previous one: when it lies within one window past the "ahead" window (a chunk), that window
 *   moves there and the next strings come from memory (one pread per chunk, not per string).
 *   Any other miss (a string used again after being evicted, a table in another order) refills
 *   the small "back" window (4 KiB) from there: strings used again tend to come back in their
 *   old order (a phone number every 10,000 rows), and a sheet that jumps about pays one small
 *   read per miss, never a chunk. A string longer than a window is read exactly.
 * - the last string too long for a slot, in a buffer of its own.
 * Cap: data and index together stay within t->max_bytes (CSP_MAX_SHARED_STRINGS_BYTES): this
 * is now a disk cap, against a small workbook that inflates to a huge table. */
#include "input/xlsx_strings.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/errors.h"
#include "base/grow.h"
#include "input/xlsx_values.h"
#include "base/limits.h"

/* Raw bytes kept of one string: enough to know it is too long after unescaping. */
#define RAW_CAP (CSP_MAX_FIELD_BYTES + 64)
/* The longest stored string with its NUL. */
#define LONG_CAP (CSP_MAX_FIELD_BYTES + 2)
/* A slot is 128 bytes on a 64-bit system; longer strings use long_text. */
#define SLOT_TEXT 116
#define RECORD ((uint64_t)sizeof(uint64_t))
#define INDEX_WINDOW 4096
#define BACK_WINDOW 4096

struct slot {
  size_t key; /* string index + 1; 0 when empty */
  uint32_t len;
  char text[SLOT_TEXT];
};

/* Bytes [start, start + len) of a file, read ahead. */
struct window {
  uint64_t start;
  size_t len, cap;
  char *buf;
};

/* The two windows over one temporary file. */
struct file_windows {
  FILE *f;
  struct window ahead, back;
};

struct xlsx_strings_cache {
  struct slot slots[CSP_XLSX_STRING_SLOTS];
  struct file_windows index, data;
  char index_ahead[INDEX_WINDOW], index_back[BACK_WINDOW];
  char data_ahead[CSP_READ_CHUNK], data_back[BACK_WINDOW];
  size_t long_key; /* as slot.key, for long_text */
  uint32_t long_len;
  char long_text[LONG_CAP];
};

struct strings_parse {
  struct xlsx_strings *t;
  char *buf; /* the current string's raw text */
  size_t len, cap;
  int depth_t;   /* inside <t> */
  int depth_rph; /* inside <rPh> (phonetic guide: not part of the value) */
  bool in_si;
  bool overflow; /* the current string passed RAW_CAP */
  int rc;
  const char *why; /* the message for rc == CSP_E_INPUT or CSP_E_IO */
  char too_big[64];
};

void xlsx_strings_init(struct xlsx_strings *t)
{
  memset(t, 0, sizeof(*t));
  t->max_bytes = CSP_MAX_SHARED_STRINGS_BYTES;
}

static void fail(struct strings_parse *sp, int rc, const char *why)
{
  sp->rc = rc;
  sp->why = why;
}

static void on_start(void *ctx, const char *name, const char **attrs)
{
  struct strings_parse *sp = ctx;
  (void)attrs;
  if (!strcmp(name, "si")) {
    sp->in_si = true;
    sp->overflow = false;
    sp->len = 0;
  } else if (!strcmp(name, "t")) {
    sp->depth_t++;
  } else if (!strcmp(name, "rPh")) {
    sp->depth_rph++;
  }
}

static void on_text(void *ctx, const char *s, size_t len)
{
  struct strings_parse *sp = ctx;
  if (sp->rc || !sp->in_si || !sp->depth_t || sp->depth_rph)
    return;
  if (sp->len + len > RAW_CAP) {
    sp->overflow = true;
    len = sp->len < RAW_CAP ? RAW_CAP - sp->len : 0;
  }
  sp->rc = grow_array((void **)&sp->buf, &sp->cap, sp->len + len + 1, 1);
  if (sp->rc)
    return;
  memcpy(sp->buf + sp->len, s, len);
  sp->len += len;
}

/* Appends one index record: where the next string starts. */
static bool write_record(struct xlsx_strings *t)
{
  uint64_t at = t->nbytes;
  return fwrite(&at, sizeof(at), 1, t->index) == 1;
}

/* Closes the current string: unescape, cut, terminate, append. */
static void finish_string(struct strings_parse *sp)
{
  struct xlsx_strings *t = sp->t;
  sp->in_si = false;
  if ((sp->rc = grow_array((void **)&sp->buf, &sp->cap, sp->len + 1, 1)))
    return;
  sp->buf[sp->len] = '\0';
  size_t len = xlsx_unescape(sp->buf, sp->len);
  if (sp->overflow || len > CSP_MAX_FIELD_BYTES + 1)
    len = CSP_MAX_FIELD_BYTES + 1;
  sp->buf[len] = '\0';
  if (t->nbytes + len + 1 + (t->count + 2) * RECORD > t->max_bytes) {
    (void)snprintf(sp->too_big, sizeof(sp->too_big), "its shared strings take more than %llu MiB",
                   (unsigned long long)(t->max_bytes >> 20));
    fail(sp, CSP_E_INPUT, sp->too_big);
    return;
  }
  if (fwrite(sp->buf, 1, len + 1, t->data) != len + 1) {
    fail(sp, CSP_E_IO, "the shared strings cannot be written to a temporary file");
    return;
  }
  t->nbytes += len + 1;
  t->count++;
  if (!write_record(t))
    fail(sp, CSP_E_IO, "the shared strings cannot be written to a temporary file");
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

/* The temporary files with the first index record, and the cache. */
static int start_table(struct xlsx_strings *t, struct strings_parse *sp)
{
  t->cache = calloc(1, sizeof(*t->cache));
  if (!t->cache)
    return CSP_E_NOMEM;
  struct xlsx_strings_cache *c = t->cache;
  t->data = tmpfile();
  t->index = t->data ? tmpfile() : NULL;
  c->index = (struct file_windows){t->index,
                                   {0, 0, sizeof(c->index_ahead), c->index_ahead},
                                   {0, 0, sizeof(c->index_back), c->index_back}};
  c->data = (struct file_windows){t->data,
                                  {0, 0, sizeof(c->data_ahead), c->data_ahead},
                                  {0, 0, sizeof(c->data_back), c->data_back}};
  if (!t->index || !write_record(t)) {
    fail(sp, CSP_E_IO, "the shared strings need a temporary file, which cannot be created");
    return CSP_E_IO;
  }
  return CSP_E_OK;
}

int xlsx_strings_load(struct xlsx_strings *t, xml_read_fn read, void *rctx, char *err,
                      size_t errcap)
{
  static const struct xml_handlers handlers = {on_start, on_end, on_text};
  struct strings_parse sp = {.t = t};
  int rc = start_table(t, &sp);
  if (!rc)
    rc = xml_parse_all(&handlers, &sp, read, rctx, err, errcap);
  if (!rc && !sp.rc && (fflush(t->data) || fflush(t->index)))
    fail(&sp, CSP_E_IO, "the shared strings cannot be written to a temporary file");
  if (!rc)
    rc = sp.rc;
  if (rc && sp.why)
    (void)snprintf(err, errcap, "%s", sp.why);
  free(sp.buf);
  return rc;
}

/* Reads exactly n bytes at offset at. */
static bool read_at(FILE *f, void *dst, size_t n, uint64_t at)
{
  char *p = dst;
  while (n > 0) {
    ssize_t got = pread(fileno(f), p, n, (off_t)at);
    if (got <= 0)
      return false;
    p += got;
    n -= (size_t)got;
    at += (uint64_t)got;
  }
  return true;
}

static bool holds(const struct window *w, uint64_t at, size_t n)
{
  return at >= w->start && at + n <= w->start + w->len;
}

/* Refills w from offset at of f (size bytes long), then copies n bytes from it. */
static int refill(FILE *f, uint64_t size, struct window *w, uint64_t at, size_t n, void *dst)
{
  size_t want = size - at < w->cap ? (size_t)(size - at) : w->cap;
  w->len = 0;
  if (!read_at(f, w->buf, want, at))
    return CSP_E_IO;
  w->start = at;
  w->len = want;
  memcpy(dst, w->buf, n);
  return CSP_E_OK;
}

/* Copies bytes [at, at + n) of one file (size bytes long) into dst through its windows: from
 * one that holds them; else ahead moves there when they lie within one window past it, back
 * takes any other miss, and what fits neither is read exactly. */
static int read_through(struct file_windows *fw, uint64_t size, uint64_t at, size_t n, void *dst)
{
  struct window *ahead = &fw->ahead, *back = &fw->back;
  if (holds(ahead, at, n) || holds(back, at, n)) {
    const struct window *w = holds(ahead, at, n) ? ahead : back;
    memcpy(dst, w->buf + (at - w->start), n);
    return CSP_E_OK;
  }
  if (at >= ahead->start && at < ahead->start + ahead->len + ahead->cap && n <= ahead->cap)
    return refill(fw->f, size, ahead, at, n, dst);
  if (n <= back->cap)
    return refill(fw->f, size, back, at, n, dst);
  return read_at(fw->f, dst, n, at) ? CSP_E_OK : CSP_E_IO;
}

/* Reads string i (not cached) into its slot or long_text; *s and *len as xlsx_strings_get. */
static int read_string(struct xlsx_strings *t, size_t i, const char **s, size_t *len)
{
  struct xlsx_strings_cache *c = t->cache;
  uint64_t span[2];
  int rc = read_through(&c->index, (t->count + 1) * RECORD, i * RECORD, sizeof(span), span);
  if (rc)
    return rc;
  if (span[1] <= span[0] || span[1] > t->nbytes || span[1] - span[0] > LONG_CAP)
    return CSP_E_IO; /* the index does not match the data: the file was changed */
  size_t n = (size_t)(span[1] - span[0]);
  struct slot *slot = &c->slots[i % CSP_XLSX_STRING_SLOTS];
  char *dst = n <= SLOT_TEXT ? slot->text : c->long_text;
  size_t *key = n <= SLOT_TEXT ? &slot->key : &c->long_key;
  *key = 0;
  rc = read_through(&c->data, t->nbytes, span[0], n, dst);
  if (rc)
    return rc;
  dst[n - 1] = '\0';
  *key = i + 1;
  if (n <= SLOT_TEXT)
    slot->len = (uint32_t)(n - 1);
  else
    c->long_len = (uint32_t)(n - 1);
  *s = dst;
  *len = n - 1;
  return CSP_E_OK;
}

int xlsx_strings_get(struct xlsx_strings *t, size_t i, const char **s, size_t *len)
{
  *s = NULL;
  *len = 0;
  if (i >= t->count)
    return CSP_E_OK;
  struct xlsx_strings_cache *c = t->cache;
  const struct slot *slot = &c->slots[i % CSP_XLSX_STRING_SLOTS];
  if (slot->key == i + 1) {
    *s = slot->text;
    *len = slot->len;
    return CSP_E_OK;
  }
  if (c->long_key == i + 1) {
    *s = c->long_text;
    *len = c->long_len;
    return CSP_E_OK;
  }
  return read_string(t, i, s, len);
}

size_t xlsx_strings_memory(const struct xlsx_strings *t)
{
  return t->cache ? sizeof(*t->cache) : 0;
}

void xlsx_strings_release(struct xlsx_strings *t)
{
  if (t->data)
    (void)fclose(t->data);
  if (t->index)
    (void)fclose(t->index);
  free(t->cache);
  xlsx_strings_init(t);
}
