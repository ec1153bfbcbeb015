/* A YAML file as a plain tree of nodes with their positions: the one place csponboard uses
 * libyaml. Rule files, csponboard.yaml and --map files are all read through it, and every
 * reader walks these structs, so each can be tested without YAML.
 * Tags are ignored: every scalar is text, and its style tells a plain `true` from a quoted
 * "true". Aliases are expanded. */
#ifndef CSP_YAML_TREE_H
#define CSP_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

enum ynode_type { YNODE_SCALAR, YNODE_SEQUENCE, YNODE_MAPPING };

struct ynode {
  enum ynode_type type;
  unsigned line, column; /* 1-based position of the node's first character */
  bool plain;            /* scalar written without quotes */
  const char *text;      /* scalar: NUL-terminated; tree's arena */
  size_t len;            /* scalar: bytes in text */
  struct ynode *items;   /* sequence: n items; mapping: n pairs as key, value, key, ... */
  size_t n;
};

struct ytree {
  struct arena arena;
  const char *path;   /* borrowed from the caller of ytree_load */
  struct ynode *root; /* NULL for an empty file */
  size_t nodes;
};

/* Parses the first document of the file at path (borrowed until ytree_release). A parse
 * error is logged as "path:line:column: problem" and returns CSP_E_CONFIG; a file that cannot
 * be opened returns CSP_E_IO after logging it. The tree is released by ytree_release in
 * every case. */
int ytree_load(struct ytree *tree, const char *path);
void ytree_release(struct ytree *tree);

/* A plain empty, "~" or "null" scalar. */
bool ynode_is_null(const struct ynode *node);
/* The name of a node's type for messages: "a string", "a list", "a mapping", "null". */
const char *ynode_type_name(const struct ynode *node);

/* The value of key in a mapping node, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Logs "path:line:column: message" for node (just "path: message" without one) and returns
 * CSP_E_CONFIG. */
int ytree_error(const struct ytree *tree, const struct ynode *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
