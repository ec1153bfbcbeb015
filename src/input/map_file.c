/* Loads a --map file (map_file.h) with libyaml's document API: the file is a handful of lines,
 * so the whole document is loaded, checked to be one flat mapping of strings, and copied into
 * map entries that remember their line and column. Nothing else in the input stage sees YAML. */
#include "input/map_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag.h"
#include "errors.h"

static int error_at(const char *path, yaml_mark_t mark, const char *what, const char *detail)
{
  diag_error("%s:%zu:%zu: %s%s", path, mark.line + 1, mark.column + 1, what, detail);
  return CSP_E_CONFIG;
}

static bool means_unmapped(const yaml_node_t *value)
{
  static const char *const nulls[] = {"", "~", "null", "Null", "NULL", "none"};
  const char *v = (const char *)value->data.scalar.value;
  if (value->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return v[0] == '\0';
  for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
    if (!strcmp(v, nulls[i]))
      return true;
  return false;
}

/* The field a value names: a canonical name, or failing that any header spelling of one. */
static int value_field(const struct map_file *mf, const yaml_node_t *value, enum field_id *f)
{
  const char *v = (const char *)value->data.scalar.value;
  *f = FIELD_NONE;
  if (means_unmapped(value))
    return CSP_E_OK;
  *f = field_by_name(v);
  if (*f == FIELD_NONE)
    *f = field_from_header(v);
  if (*f != FIELD_NONE)
    return CSP_E_OK;
  diag_error("%s:%zu:%zu: '%s' is not a canonical field (see SPEC §5: company_name, domain, "
             "tenant_id, country, postal_code, ...; ~ leaves the column unmapped)",
             mf->path, value->start_mark.line + 1, value->start_mark.column + 1, v);
  return CSP_E_CONFIG;
}

static int add_entry(struct map_file *mf, yaml_node_t *key, yaml_node_t *value)
{
  int rc = CSP_E_OK;
  if (!key || key->type != YAML_SCALAR_NODE)
    return error_at(mf->path, key ? key->start_mark : value->start_mark, "expected a header name",
                    "");
  if (!value || value->type != YAML_SCALAR_NODE)
    return error_at(mf->path, value ? value->start_mark : key->start_mark,
                    "expected a canonical field name after the header ", "");
  enum field_id f;
  rc = value_field(mf, value, &f);
  for (size_t i = 0; rc == CSP_E_OK && f != FIELD_NONE && i < mf->nentries; i++)
    if (mf->entries[i].field == f)
      rc = error_at(mf->path, key->start_mark, "two headers map to ", field_name(f));
  if (rc)
    return rc;
  struct map_entry *e = &mf->entries[mf->nentries];
  e->header = strdup((const char *)key->data.scalar.value);
  if (!e->header)
    return CSP_E_NOMEM;
  e->field = f;
  e->line = key->start_mark.line + 1;
  e->column = key->start_mark.column + 1;
  mf->nentries++;
  return CSP_E_OK;
}

static int load_document(struct map_file *mf, yaml_document_t *doc)
{
  int rc = CSP_E_OK;
  yaml_node_t *root = yaml_document_get_root_node(doc);
  if (!root || (root->type == YAML_SCALAR_NODE && !root->data.scalar.length))
    return CSP_E_OK; /* an empty file maps nothing */
  if (root->type != YAML_MAPPING_NODE)
    return error_at(mf->path, root->start_mark,
                    "expected a mapping of \"Their header\": canonical_field", "");
  size_t n = (size_t)(root->data.mapping.pairs.top - root->data.mapping.pairs.start);
  mf->entries = calloc(n ? n : 1, sizeof(*mf->entries));
  if (!mf->entries)
    return CSP_E_NOMEM;
  for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
       rc == CSP_E_OK && p < root->data.mapping.pairs.top; p++)
    rc = add_entry(mf, yaml_document_get_node(doc, p->key), yaml_document_get_node(doc, p->value));
  return rc;
}

int map_file_load(const char *path, struct map_file *out)
{
  int rc = CSP_E_OK;
  memset(out, 0, sizeof(*out));
  out->path = path;
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    diag_error("%s: cannot open the map file: %s", path, strerror(errno));
    return CSP_E_IO;
  }
  yaml_parser_t parser;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&parser)) {
    rc = CSP_E_NOMEM;
    goto out_file;
  }
  yaml_parser_set_input_file(&parser, fp);
  if (!yaml_parser_load(&parser, &doc)) {
    rc = error_at(path, parser.problem_mark,
                  "not valid YAML: ", parser.problem ? parser.problem : "parse error");
    goto out_parser;
  }
  rc = load_document(out, &doc);
  yaml_document_delete(&doc);
out_parser:
  yaml_parser_delete(&parser);
out_file:
  (void)fclose(fp);
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
