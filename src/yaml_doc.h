/* A YAML file as a small tree of scalars, sequences and mappings, each node knowing its
 * line and column, so that configuration readers can say "file:line:column: what is wrong".
 * It wraps libyaml for csponboard.yaml and --map files; nothing else needs to know libyaml's
 * event API. Anchors, aliases and tags are refused (no config needs them). */
#ifndef CSP_YAML_DOC_H
#define CSP_YAML_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

enum yaml_kind { YAML_KIND_SCALAR, YAML_KIND_SEQUENCE, YAML_KIND_MAPPING };

struct yaml_node {
  enum yaml_kind kind;
  size_t line, column;      /* 1-based position of the node's start */
  const char *scalar;       /* the text, for scalars */
  bool quoted;              /* scalar was written in quotes (so "1" is a string) */
  struct yaml_node **items; /* sequence items, or mapping keys and values interleaved */
  size_t nitems;            /* number of items (for mappings: 2 × pairs) */
};

struct yaml_doc {
  const char *path;       /* borrowed from the caller until yaml_doc_release */
  struct yaml_node *root; /* NULL for an empty file */
  struct arena arena;     /* owns every node and string */
};

/* Parses path. On error logs "path:line:column: problem" and returns CSP_E_CONFIG (or
 * CSP_E_IO when the file cannot be opened). */
int yaml_doc_load(const char *path, struct yaml_doc *doc);
void yaml_doc_release(struct yaml_doc *doc);

/* The value of key in a mapping node, or NULL. */
const struct yaml_node *yaml_map_get(const struct yaml_node *map, const char *key);

/* Logs "path:line:column: message" for node and returns CSP_E_CONFIG. */
int yaml_doc_error(const struct yaml_doc *doc, const struct yaml_node *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
