/* libyaml's event stream folded into the node tree of yaml_doc.h. A stack of open
 * collections receives each new node; every node and string lives in the document's arena,
 * so releasing a document is one arena_release. */
#include "yaml_doc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag.h"
#include "errors.h"

#define YAML_MAX_DEPTH 32

struct builder {
  struct yaml_doc *doc;
  struct yaml_node *stack[YAML_MAX_DEPTH];
  size_t depth;
  /* Growable item lists per open collection (malloc'ed, copied into the arena on close). */
  struct yaml_node **pending[YAML_MAX_DEPTH];
  size_t npending[YAML_MAX_DEPTH], cap[YAML_MAX_DEPTH];
};

static struct yaml_node *new_node(struct builder *b, enum yaml_kind kind, const yaml_mark_t *mark)
{
  struct yaml_node *n = arena_alloc(&b->doc->arena, sizeof(*n));
  if (!n)
    return NULL;
  memset(n, 0, sizeof(*n));
  n->kind = kind;
  n->line = mark->line + 1;
  n->column = mark->column + 1;
  return n;
}

static int attach(struct builder *b, struct yaml_node *n)
{
  if (b->depth == 0) {
    b->doc->root = n;
    return CSP_E_OK;
  }
  size_t d = b->depth - 1;
  if (b->npending[d] == b->cap[d]) {
    size_t cap = b->cap[d] ? b->cap[d] * 2 : 8;
    struct yaml_node **grown = realloc(b->pending[d], cap * sizeof(*grown));
    if (!grown)
      return CSP_E_NOMEM;
    b->pending[d] = grown;
    b->cap[d] = cap;
  }
  b->pending[d][b->npending[d]++] = n;
  return CSP_E_OK;
}

static int open_collection(struct builder *b, enum yaml_kind kind, const yaml_event_t *ev)
{
  if (b->depth >= YAML_MAX_DEPTH)
    return yaml_doc_error(b->doc, NULL, "nesting deeper than %d levels", YAML_MAX_DEPTH);
  struct yaml_node *n = new_node(b, kind, &ev->start_mark);
  if (!n)
    return CSP_E_NOMEM;
  int rc = attach(b, n);
  if (rc)
    return rc;
  b->stack[b->depth] = n;
  b->npending[b->depth] = 0;
  b->depth++;
  return CSP_E_OK;
}

static int close_collection(struct builder *b)
{
  size_t d = --b->depth;
  struct yaml_node *n = b->stack[d];
  n->nitems = b->npending[d];
  if (n->nitems) {
    n->items = arena_alloc(&b->doc->arena, n->nitems * sizeof(*n->items));
    if (!n->items)
      return CSP_E_NOMEM;
    memcpy(n->items, b->pending[d], n->nitems * sizeof(*n->items));
  }
  return CSP_E_OK;
}

static int add_scalar(struct builder *b, const yaml_event_t *ev)
{
  struct yaml_node *n = new_node(b, YAML_KIND_SCALAR, &ev->start_mark);
  if (!n)
    return CSP_E_NOMEM;
  n->scalar =
      arena_strndup(&b->doc->arena, (const char *)ev->data.scalar.value, ev->data.scalar.length);
  if (!n->scalar)
    return CSP_E_NOMEM;
  n->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
              ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
  return attach(b, n);
}

static int handle_event(struct builder *b, const yaml_event_t *ev)
{
  switch (ev->type) {
  case YAML_SCALAR_EVENT:
    return add_scalar(b, ev);
  case YAML_SEQUENCE_START_EVENT:
    return open_collection(b, YAML_KIND_SEQUENCE, ev);
  case YAML_MAPPING_START_EVENT:
    return open_collection(b, YAML_KIND_MAPPING, ev);
  case YAML_SEQUENCE_END_EVENT:
  case YAML_MAPPING_END_EVENT:
    return close_collection(b);
  case YAML_ALIAS_EVENT:
    diag_error("%s:%zu:%zu: YAML aliases are not supported", b->doc->path, ev->start_mark.line + 1,
               ev->start_mark.column + 1);
    return CSP_E_CONFIG;
  default:
    return CSP_E_OK;
  }
}

static int parse_stream(struct builder *b, yaml_parser_t *parser)
{
  int rc = CSP_E_OK;
  for (bool done = false; !done && !rc;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(parser, &ev)) {
      diag_error("%s:%zu:%zu: %s", b->doc->path, parser->problem_mark.line + 1,
                 parser->problem_mark.column + 1, parser->problem ? parser->problem : "bad YAML");
      return CSP_E_CONFIG;
    }
    done = ev.type == YAML_STREAM_END_EVENT;
    rc = handle_event(b, &ev);
    yaml_event_delete(&ev);
  }
  return rc;
}

int yaml_doc_load(const char *path, struct yaml_doc *doc)
{
  memset(doc, 0, sizeof(*doc));
  doc->path = path;
  arena_init(&doc->arena, 0);
  FILE *f = fopen(path, "rb");
  if (!f) {
    diag_error("cannot open %s: %s", path, strerror(errno));
    return CSP_E_IO;
  }
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_file(&parser, f);
  struct builder b = {.doc = doc};
  int rc = parse_stream(&b, &parser);
  for (size_t d = 0; d < YAML_MAX_DEPTH; d++)
    free(b.pending[d]);
  yaml_parser_delete(&parser);
  fclose(f);
  return rc;
}

void yaml_doc_release(struct yaml_doc *doc)
{
  arena_release(&doc->arena);
  doc->root = NULL;
}

const struct yaml_node *yaml_map_get(const struct yaml_node *map, const char *key)
{
  if (!map || map->kind != YAML_KIND_MAPPING)
    return NULL;
  for (size_t i = 0; i + 1 < map->nitems; i += 2)
    if (map->items[i]->kind == YAML_KIND_SCALAR && !strcmp(map->items[i]->scalar, key))
      return map->items[i + 1];
  return NULL;
}

int yaml_doc_error(const struct yaml_doc *doc, const struct yaml_node *node, const char *fmt, ...)
{
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  if (node)
    diag_error("%s:%zu:%zu: %s", doc->path, node->line, node->column, msg);
  else
    diag_error("%s: %s", doc->path, msg);
  return CSP_E_CONFIG;
}
