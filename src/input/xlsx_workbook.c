/* The package map (xlsx_workbook.h). Three small parts are parsed, each streamed through
 * xlsx_xml: the package relationships (which part is the workbook: normally xl/workbook.xml),
 * the workbook (sheet names, their relationship ids, hidden state, date1904) and the workbook's
 * relationships (relationship id -> part, plus the shared strings and styles parts, found by
 * their relationship type). Relationship types are matched by their last segment, so the
 * transitional and the strict OOXML namespaces both work. */
#include "input/xlsx_workbook.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/errors.h"
#include "input/xlsx_xml.h"
#include "base/limits.h"

#define WORKBOOK_ARENA_BYTES (4 * 1024 * 1024)

struct rel {
  const char *id, *type, *target; /* type: the last segment, e.g. "worksheet" */
  struct rel *next;
};

struct load {
  struct xlsx_workbook *wb;
  struct rel *rels;
  size_t sheets_cap;
  int rc;
};

static void *nomem(struct load *ld)
{
  ld->rc = CSP_E_NOMEM;
  return NULL;
}

static const char *last_segment(const char *uri)
{
  const char *slash = strrchr(uri, '/');
  return slash ? slash + 1 : uri;
}

static void on_rel(void *ctx, const char *name, const char **attrs)
{
  struct load *ld = ctx;
  const char *id = xml_attr(attrs, "Id"), *type = xml_attr(attrs, "Type");
  const char *target = xml_attr(attrs, "Target"), *mode = xml_attr(attrs, "TargetMode");
  if (ld->rc || strcmp(name, "Relationship") || !id || !type || !target ||
      (mode && !strcmp(mode, "External")))
    return;
  struct arena *a = &ld->wb->arena;
  struct rel *r = arena_alloc(a, sizeof(*r));
  if (!r || !(r->id = arena_strdup(a, id)) || !(r->type = arena_strdup(a, last_segment(type))) ||
      !(r->target = arena_strdup(a, target))) {
    (void)nomem(ld);
    return;
  }
  r->next = ld->rels;
  ld->rels = r;
}

static void on_workbook(void *ctx, const char *name, const char **attrs)
{
  struct load *ld = ctx;
  struct xlsx_workbook *wb = ld->wb;
  if (ld->rc)
    return;
  if (!strcmp(name, "workbookPr")) {
    const char *v = xml_attr(attrs, "date1904");
    wb->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
    return;
  }
  if (strcmp(name, "sheet") || wb->nsheets >= CSP_MAX_XLSX_SHEETS)
    return;
  if (wb->nsheets == ld->sheets_cap) {
    size_t cap = ld->sheets_cap ? ld->sheets_cap * 2 : 16;
    struct xlsx_sheet_entry *grown = arena_alloc(&wb->arena, cap * sizeof(*grown));
    if (!grown) {
      (void)nomem(ld);
      return;
    }
    if (wb->nsheets)
      memcpy(grown, wb->sheets, wb->nsheets * sizeof(*grown));
    wb->sheets = grown;
    ld->sheets_cap = cap;
  }
  const char *sheet_name = xml_attr(attrs, "name"), *rid = xml_attr(attrs, "id");
  const char *state = xml_attr(attrs, "state");
  struct xlsx_sheet_entry *e = &wb->sheets[wb->nsheets++];
  e->name = arena_strdup(&wb->arena, sheet_name ? sheet_name : "");
  e->part = rid ? arena_strdup(&wb->arena, rid) : NULL; /* the id until resolved */
  e->hidden = state && strcmp(state, "visible");
  if (!e->name || (rid && !e->part))
    (void)nomem(ld);
}

/* Streams one part through the handler; a missing part is CSP_E_NOT_FOUND. */
static int parse_part(struct xlsx_zip *z, const char *part,
                      void (*start)(void *, const char *, const char **), struct load *ld,
                      char *err, size_t errcap)
{
  struct xlsx_member *m = NULL;
  int rc = xlsx_zip_member_open(z, part, &m, err, errcap);
  if (rc)
    return rc;
  const struct xml_handlers handlers = {start, NULL, NULL};
  char why[256] = "";
  rc = xml_parse_all(&handlers, ld, xlsx_member_read, m, why, sizeof(why));
  xlsx_zip_member_close(m);
  if (rc == CSP_E_INPUT)
    (void)snprintf(err, errcap, "%s is damaged: %s", part, why);
  return rc ? rc : ld->rc;
}

static const struct rel *rel_by_id(const struct load *ld, const char *id)
{
  for (const struct rel *r = ld->rels; r; r = r->next)
    if (!strcmp(r->id, id))
      return r;
  return NULL;
}

static const struct rel *rel_by_type(const struct load *ld, const char *type)
{
  for (const struct rel *r = ld->rels; r; r = r->next)
    if (!strcmp(r->type, type))
      return r;
  return NULL;
}

const char *xlsx_resolve_target(struct arena *a, const char *base_dir, const char *target)
{
  char path[1024];
  int n = target[0] == '/' ? snprintf(path, sizeof(path), "%s", target + 1)
                           : snprintf(path, sizeof(path), "%s%s", base_dir, target);
  if (n < 0 || (size_t)n >= sizeof(path))
    return NULL;
  /* Rebuild segment by segment, dropping "." and resolving "..". */
  char out[1024];
  size_t len = 0;
  for (char *seg = path, *next; seg; seg = next) {
    next = strchr(seg, '/');
    if (next)
      *next++ = '\0';
    if (!*seg || !strcmp(seg, "."))
      continue;
    if (!strcmp(seg, "..")) {
      if (!len)
        return NULL;
      while (len && out[len - 1] != '/')
        len--;
      len = len ? len - 1 : 0;
      continue;
    }
    len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s", len ? "/" : "", seg);
  }
  return len ? arena_strndup(a, out, len) : NULL;
}

/* The folder of a part, with its trailing slash: "xl/workbook.xml" -> "xl/". */
static const char *folder_of(struct arena *a, const char *part)
{
  const char *slash = strrchr(part, '/');
  return arena_strndup(a, part, slash ? (size_t)(slash - part) + 1 : 0);
}

/* Where the workbook part is: the package relationship of type officeDocument. */
static int find_workbook_part(struct load *ld, struct xlsx_zip *z, const char **part, char *err,
                              size_t errcap)
{
  int rc = parse_part(z, "_rels/.rels", on_rel, ld, err, errcap);
  if (rc && rc != CSP_E_NOT_FOUND)
    return rc;
  const struct rel *r = rel_by_type(ld, "officeDocument");
  *part = r ? xlsx_resolve_target(&ld->wb->arena, "", r->target) : "xl/workbook.xml";
  ld->rels = NULL;
  if (!*part || !xlsx_zip_has(z, *part)) {
    (void)snprintf(err, errcap, "this ZIP archive is not an Excel workbook (it has no %s)",
                   *part ? *part : "workbook part");
    return CSP_E_INPUT;
  }
  return CSP_E_OK;
}

/* Resolves every sheet's relationship id to its part, and finds strings and styles. */
static int resolve_parts(struct load *ld, const char *dir)
{
  struct xlsx_workbook *wb = ld->wb;
  for (size_t i = 0; i < wb->nsheets; i++) {
    struct xlsx_sheet_entry *e = &wb->sheets[i];
    const struct rel *r = e->part ? rel_by_id(ld, e->part) : NULL;
    e->worksheet = r && !strcmp(r->type, "worksheet");
    e->part = r ? xlsx_resolve_target(&wb->arena, dir, r->target) : NULL;
  }
  const struct rel *strings = rel_by_type(ld, "sharedStrings");
  const struct rel *styles = rel_by_type(ld, "styles");
  wb->shared_strings = strings ? xlsx_resolve_target(&wb->arena, dir, strings->target) : NULL;
  wb->styles = styles ? xlsx_resolve_target(&wb->arena, dir, styles->target) : NULL;
  return CSP_E_OK;
}

int xlsx_workbook_load(struct xlsx_workbook *wb, struct xlsx_zip *z, char *err, size_t errcap)
{
  memset(wb, 0, sizeof(*wb));
  arena_init(&wb->arena, WORKBOOK_ARENA_BYTES);
  struct load ld = {.wb = wb};
  const char *part = NULL;
  int rc = find_workbook_part(&ld, z, &part, err, errcap);
  if (rc)
    return rc;
  rc = parse_part(z, part, on_workbook, &ld, err, errcap);
  if (rc)
    return rc;
  const char *dir = folder_of(&wb->arena, part);
  const char *slash = strrchr(part, '/');
  char rels[1024];
  (void)snprintf(rels, sizeof(rels), "%s_rels/%s.rels", dir ? dir : "", slash ? slash + 1 : part);
  rc = parse_part(z, rels, on_rel, &ld, err, errcap);
  if (rc == CSP_E_NOT_FOUND) {
    (void)snprintf(err, errcap, "the workbook is damaged: it has no %s", rels);
    return CSP_E_INPUT;
  }
  if (rc || !dir)
    return rc ? rc : CSP_E_NOMEM;
  if (!wb->nsheets) {
    (void)snprintf(err, errcap, "the workbook has no sheets");
    return CSP_E_INPUT;
  }
  return resolve_parts(&ld, dir);
}

const struct xlsx_sheet_entry *xlsx_workbook_sheet(const struct xlsx_workbook *wb, const char *name)
{
  for (size_t i = 0; name && i < wb->nsheets; i++)
    if (!strcmp(wb->sheets[i].name, name))
      return &wb->sheets[i];
  for (size_t i = 0; name && i < wb->nsheets; i++)
    if (!strcasecmp(wb->sheets[i].name, name))
      return &wb->sheets[i];
  if (name)
    return NULL;
  for (size_t i = 0; i < wb->nsheets; i++)
    if (!wb->sheets[i].hidden)
      return &wb->sheets[i];
  return wb->nsheets ? &wb->sheets[0] : NULL;
}

void xlsx_workbook_list_sheets(const struct xlsx_workbook *wb, char *out, size_t cap)
{
  size_t len = 0;
  out[0] = '\0';
  for (size_t i = 0; i < wb->nsheets && len < cap; i++) {
    int n = snprintf(out + len, cap - len, "%s'%s'%s", i ? ", " : "", wb->sheets[i].name,
                     wb->sheets[i].hidden ? " (hidden)" : "");
    if (n < 0)
      break;
    len += (size_t)n;
  }
}

void xlsx_workbook_release(struct xlsx_workbook *wb)
{
  arena_release(&wb->arena);
}
