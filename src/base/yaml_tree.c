/* Turns a rule file into a struct ytree with libyaml's document API: the parser builds its
 * own node table, which is copied into the tree's arena (positions 1-based) and dropped.
 * Node count and depth are capped so that an alias bomb or a deeply nested file fails to
 * load instead of exhausting memory. */
#include "base/yaml_tree.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "base/diag.h"
#include "base/errors.h"
#include "base/limits.h"

struct convert {
  struct ytree *tree;
  yaml_document_t *doc;
  const char *problem; /* set when a cap is hit */
};

static int convert_node(struct convert *cv, int index, struct ynode *out, int depth);

static int convert_children(struct convert *cv, yaml_node_t *node, struct ynode *out, int depth)
{
  int rc = CSP_E_OK;
  bool mapping = node->type == YAML_MAPPING_NODE;
  size_t n = mapping ? (size_t)(node->data.mapping.pairs.top - node->data.mapping.pairs.start)
                     : (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
  out->n = n;
  out->items = arena_alloc(&cv->tree->arena, (mapping ? 2 * n : n) * sizeof(*out->items) + 1);
  if (!out->items) {
    rc = CSP_E_NOMEM;
    goto out;
  }
  for (size_t i = 0; i < n && !rc; i++) {
    if (mapping) {
      yaml_node_pair_t *pair = &node->data.mapping.pairs.start[i];
      rc = convert_node(cv, pair->key, &out->items[2 * i], depth + 1);
      if (!rc)
        rc = convert_node(cv, pair->value, &out->items[2 * i + 1], depth + 1);
    } else {
      rc = convert_node(cv, node->data.sequence.items.start[i], &out->items[i], depth + 1);
    }
  }
out:
  return rc;
}

static int convert_node(struct convert *cv, int index, struct ynode *out, int depth)
{
  yaml_node_t *node = yaml_document_get_node(cv->doc, index);
  memset(out, 0, sizeof(*out));
  if (!node)
    return CSP_E_CONFIG;
  if (depth > CSP_MAX_YAML_DEPTH || ++cv->tree->nodes > CSP_MAX_YAML_NODES) {
    cv->problem = "the file is nested too deeply or has too many nodes";
    return CSP_E_LIMIT;
  }
  out->line = (unsigned)node->start_mark.line + 1;
  out->column = (unsigned)node->start_mark.column + 1;
  switch (node->type) {
  case YAML_SCALAR_NODE:
    out->type = YNODE_SCALAR;
    out->plain = node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    out->len = node->data.scalar.length;
    out->text = arena_strndup(&cv->tree->arena, (const char *)node->data.scalar.value, out->len);
    return out->text ? CSP_E_OK : CSP_E_NOMEM;
  case YAML_SEQUENCE_NODE:
    out->type = YNODE_SEQUENCE;
    return convert_children(cv, node, out, depth);
  case YAML_MAPPING_NODE:
    out->type = YNODE_MAPPING;
    return convert_children(cv, node, out, depth);
  case YAML_NO_NODE:
    break;
  }
  return CSP_E_CONFIG;
}

static void report_parser(const char *path, const yaml_parser_t *parser)
{
  const yaml_mark_t *mark = &parser->problem_mark;
  if (parser->context)
    diag_error("%s:%zu:%zu: %s %s", path, mark->line + 1, mark->column + 1,
               parser->problem ? parser->problem : "syntax error", parser->context);
  else
    diag_error("%s:%zu:%zu: %s", path, mark->line + 1, mark->column + 1,
               parser->problem ? parser->problem : "syntax error");
}

static int load_document(struct ytree *tree, FILE *file)
{
  int rc = CSP_E_OK;
  yaml_parser_t parser;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&parser))
    return CSP_E_NOMEM;
  yaml_parser_set_input_file(&parser, file);
  if (!yaml_parser_load(&parser, &doc)) {
    report_parser(tree->path, &parser);
    rc = CSP_E_CONFIG;
    goto out;
  }
  if (yaml_document_get_root_node(&doc)) {
    struct convert cv = {tree, &doc, NULL};
    tree->root = arena_alloc(&tree->arena, sizeof(*tree->root));
    rc = tree->root ? convert_node(&cv, 1, tree->root, 0) : CSP_E_NOMEM;
    if (cv.problem) {
      diag_error("%s:1:1: %s", tree->path, cv.problem);
      rc = CSP_E_CONFIG;
    }
  }
  yaml_document_delete(&doc);
out:
  yaml_parser_delete(&parser);
  return rc;
}

int ytree_load(struct ytree *tree, const char *path)
{
  int rc;
  memset(tree, 0, sizeof(*tree));
  arena_init(&tree->arena, CSP_MAX_RULES_BYTES);
  tree->path = path;
  FILE *file = fopen(path, "rb");
  if (!file) {
    diag_error("%s: cannot open: %s", path, strerror(errno));
    rc = CSP_E_IO;
    goto out;
  }
  rc = load_document(tree, file);
  fclose(file);
out:
  return rc;
}

void ytree_release(struct ytree *tree)
{
  arena_release(&tree->arena);
  tree->root = NULL;
}

bool ynode_is_null(const struct ynode *node)
{
  if (node->type != YNODE_SCALAR || !node->plain)
    return false;
  return node->len == 0 || !strcmp(node->text, "~") || !strcmp(node->text, "null") ||
         !strcmp(node->text, "Null") || !strcmp(node->text, "NULL");
}

const char *ynode_type_name(const struct ynode *node)
{
  if (ynode_is_null(node))
    return "null";
  switch (node->type) {
  case YNODE_SCALAR:
    return "a string";
  case YNODE_SEQUENCE:
    return "a list";
  case YNODE_MAPPING:
    return "a mapping";
  }
  return "?";
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
  if (!map || map->type != YNODE_MAPPING)
    return NULL;
  for (size_t i = 0; i + 1 < 2 * map->n; i += 2)
    if (map->items[i].type == YNODE_SCALAR && !strcmp(map->items[i].text, key))
      return &map->items[i + 1];
  return NULL;
}

int ytree_error(const struct ytree *tree, const struct ynode *node, const char *fmt, ...)
{
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  if (node)
    diag_error("%s:%u:%u: %s", tree->path, node->line, node->column, msg);
  else
    diag_error("%s: %s", tree->path, msg);
  return CSP_E_CONFIG;
}
