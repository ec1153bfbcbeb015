/* Loads a --map file (map_file.h) through the YAML tree (yaml_tree.h): the document must be one
 * flat mapping of strings, copied into map entries that remember their line and column. */
#include "input/map_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/errors.h"
#include "base/yaml_tree.h"

static bool means_unmapped(const struct ynode *value)
{
  static const char *const nulls[] = {"", "~", "null", "Null", "NULL", "none"};
  if (!value->plain)
    return value->text[0] == '\0';
  for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
    if (!strcmp(value->text, nulls[i]))
      return true;
  return false;
}

/* The field a value names: a canonical name, or failing that any header spelling of one. */
static int value_field(const struct ytree *tree, const struct ynode *value, enum field_id *f)
{
  *f = FIELD_NONE;
  if (means_unmapped(value))
    return CSP_E_OK;
  *f = field_by_name(value->text);
  if (*f == FIELD_NONE)
    *f = field_from_header(value->text);
  if (*f != FIELD_NONE)
    return CSP_E_OK;
  return ytree_error(tree, value,
                     "'%s' is not a canonical field (see SPEC §5: company_name, domain, "
                     "tenant_id, country, postal_code, ...; ~ leaves the column unmapped)",
                     value->text);
}

static int add_entry(struct map_file *mf, const struct ytree *tree, const struct ynode *key,
                     const struct ynode *value)
{
  if (key->type != YNODE_SCALAR)
    return ytree_error(tree, key, "expected a header name");
  if (value->type != YNODE_SCALAR)
    return ytree_error(tree, value, "expected a canonical field name after the header");
  enum field_id f;
  int rc = value_field(tree, value, &f);
  for (size_t i = 0; rc == CSP_E_OK && f != FIELD_NONE && i < mf->nentries; i++)
    if (mf->entries[i].field == f)
      rc = ytree_error(tree, key, "two headers map to %s", field_name(f));
  if (rc)
    return rc;
  struct map_entry *e = &mf->entries[mf->nentries];
  e->header = strdup(key->text);
  if (!e->header)
    return CSP_E_NOMEM;
  e->field = f;
  e->line = key->line;
  e->column = key->column;
  mf->nentries++;
  return CSP_E_OK;
}

static int load_entries(struct map_file *mf, const struct ytree *tree)
{
  const struct ynode *root = tree->root;
  if (!root || (root->type == YNODE_SCALAR && ynode_is_null(root)))
    return CSP_E_OK; /* an empty file maps nothing */
  if (root->type != YNODE_MAPPING)
    return ytree_error(tree, root, "expected a mapping of \"Their header\": canonical_field");
  mf->entries = calloc(root->n ? root->n : 1, sizeof(*mf->entries));
  if (!mf->entries)
    return CSP_E_NOMEM;
  int rc = CSP_E_OK;
  for (size_t i = 0; rc == CSP_E_OK && i < root->n; i++)
    rc = add_entry(mf, tree, &root->items[2 * i], &root->items[2 * i + 1]);
  return rc;
}

int map_file_load(const char *path, struct map_file *out)
{
  memset(out, 0, sizeof(*out));
  out->path = path;
  struct ytree tree;
  int rc = ytree_load(&tree, path);
  if (!rc)
    rc = load_entries(out, &tree);
  ytree_release(&tree);
  return rc;
}

void map_file_release(struct map_file *mf)
{
  for (size_t i = 0; i < mf->nentries; i++)
    free(mf->entries[i].header);
  free(mf->entries);
  mf->entries = NULL;
  mf->nentries = 0;
}
