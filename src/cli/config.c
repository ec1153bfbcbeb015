/* Loads csponboard.yaml through a key table: each "section.key" names its type and where it
 * lands in struct config. Walking the document against the table gives every error its
 * file:line:column for free, and adding a key is adding a table row. */
#include "cli/config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli/data_dir.h"
#include "base/diag.h"
#include "base/errors.h"
#include "base/limits.h"
#include "base/text_distance.h"
#include "base/yaml_tree.h"
#include "http/ratelimit.h"
#include "partner_center/clouds.h"
#include "rules/rules.h"

/* KEY_PATH: a file or folder, relative to the configuration file's folder. KEY_ENV: the name
 * of an environment variable (a secret's value must never be in the file). KEY_RATE: N/s or
 * N/min. KEY_MARKET: two upper-case letters (checked against the rules by config_check_market). */
enum key_type {
  KEY_STRING,
  KEY_PATH,
  KEY_ENV,
  KEY_RATE,
  KEY_MARKET,
  KEY_INT,
  KEY_BOOL,
  KEY_PARTNER_TYPE,
  KEY_GRANT,
  KEY_CHECK_MODE
};

struct config_key {
  const char *section;
  const char *key;
  enum key_type type;
  size_t offset;
};

#define KEY(sec, name, type, member) \
  { \
    sec, name, type, offsetof(struct config, member) \
  }

/* A section of "" is a key at the top level (rules: DIR). */
static const struct config_key keys[] = {
    KEY("", "rules", KEY_PATH, rules_dir),
    KEY("partner", "type", KEY_PARTNER_TYPE, partner.type),
    KEY("partner", "id", KEY_STRING, partner.id),
    KEY("partner", "tenant_id", KEY_STRING, partner.tenant_id),
    KEY("partner", "market", KEY_MARKET, partner.market),
    KEY("api", "cloud", KEY_STRING, api.cloud),
    KEY("api", "base_url", KEY_STRING, api.base_url),
    KEY("api", "authority", KEY_STRING, api.authority),
    KEY("api", "token_url", KEY_STRING, api.token_url),
    KEY("api", "resource", KEY_STRING, api.resource),
    KEY("api", "scope", KEY_STRING, api.scope),
    KEY("api", "proxy", KEY_STRING, api.proxy),
    KEY("auth", "grant", KEY_GRANT, auth.grant),
    KEY("auth", "client_id", KEY_STRING, auth.client_id),
    KEY("auth", "client_secret_env", KEY_ENV, auth.client_secret_env),
    KEY("auth", "client_secret_file", KEY_PATH, auth.client_secret_file),
    KEY("auth", "client_secret_command", KEY_STRING, auth.client_secret_command),
    KEY("auth", "client_secret_timeout_s", KEY_INT, auth.client_secret_timeout_s),
    KEY("auth", "refresh_token_env", KEY_ENV, auth.refresh_token_env),
    KEY("auth", "token_store", KEY_PATH, auth.token_store),
    KEY("limits", "concurrency", KEY_INT, limits.concurrency),
    KEY("limits", "rate", KEY_RATE, limits.rate),
    KEY("limits", "burst", KEY_INT, limits.burst),
    KEY("limits", "max_attempts", KEY_INT, limits.max_attempts),
    KEY("limits", "timeout_s", KEY_INT, limits.timeout_s),
    KEY("create", "enable_gdap_by_default", KEY_BOOL, create.enable_gdap_by_default),
    KEY("create", "attest_mca", KEY_BOOL, create.attest_mca),
    KEY("checks", "mode", KEY_CHECK_MODE, checks.mode),
    KEY("checks", "max_age_hours", KEY_INT, checks.max_age_hours),
    KEY("invites", "send", KEY_BOOL, invites.send),
    KEY("invites", "smtp_url", KEY_STRING, invites.smtp_url),
    KEY("invites", "smtp_user_env", KEY_ENV, invites.smtp_user_env),
    KEY("invites", "smtp_password_env", KEY_ENV, invites.smtp_password_env),
    KEY("invites", "from", KEY_STRING, invites.from),
    KEY("invites", "template", KEY_PATH, invites.template_path),
    KEY("sandbox", "tenants", KEY_PATH, sandbox.tenants_path),
    KEY("report", "bom", KEY_BOOL, report.bom),
};

static const char *const partner_types[] = {"direct", "indirect_provider", "indirect_reseller",
                                            "advisor"};
static const char *const grants[] = {"refresh_token", "client_credentials"};
static const char *const check_modes[] = {"cached", "fresh", "none"};

bool check_mode_parse(const char *text, enum check_mode *out)
{
  for (size_t i = 0; i < sizeof(check_modes) / sizeof(check_modes[0]); i++)
    if (!strcmp(text, check_modes[i])) {
      *out = (enum check_mode)i;
      return true;
    }
  return false;
}

const char *partner_type_name(enum partner_type type)
{
  return partner_types[type];
}

void config_init(struct config *cfg)
{
  memset(cfg, 0, sizeof(*cfg));
  arena_init(&cfg->arena, 0);
  cfg->partner.type = PARTNER_DIRECT;
  cfg->partner.id = cfg->partner.tenant_id = cfg->partner.market = "";
  cfg->api.cloud = "public";
  cfg->api.base_url = cfg->api.authority = cfg->api.token_url = cfg->api.resource = "";
  cfg->api.scope = cfg->api.proxy = "";
  cfg->auth.grant = CONFIG_GRANT_REFRESH_TOKEN;
  cfg->auth.client_id = "";
  cfg->auth.client_secret_env = "CSPONBOARD_CLIENT_SECRET";
  cfg->auth.client_secret_file = cfg->auth.client_secret_command = "";
  cfg->auth.client_secret_timeout_s = CSP_SECRET_COMMAND_TIMEOUT_S;
  cfg->auth.refresh_token_env = "CSPONBOARD_REFRESH_TOKEN";
  cfg->auth.token_store = "";
  cfg->limits.concurrency = CSP_DEFAULT_CONCURRENCY;
  cfg->limits.rate = CSP_DEFAULT_RATE;
  cfg->limits.burst = CSP_DEFAULT_BURST;
  cfg->limits.max_attempts = CSP_DEFAULT_MAX_ATTEMPTS;
  cfg->limits.timeout_s = CSP_DEFAULT_TIMEOUT_S;
  cfg->checks.mode = CHECKS_CACHED;
  cfg->checks.max_age_hours = CSP_DEFAULT_CHECK_MAX_AGE_HOURS;
  cfg->create.enable_gdap_by_default = true;
  cfg->invites.smtp_url = "";
  cfg->invites.smtp_user_env = "CSPONBOARD_SMTP_USER";
  cfg->invites.smtp_password_env = "CSPONBOARD_SMTP_PASSWORD";
  cfg->invites.from = "";
  cfg->invites.template_path = "";
  cfg->sandbox.tenants_path = "";
  cfg->rules_dir = NULL;
  (void)config_apply_cloud(cfg, NULL);
}

/* Fills the endpoints left empty from the api.cloud preset: base URL, authority, resource,
 * and the token URL from the authority (v2 when a scope is set). */
int config_apply_cloud(struct config *cfg, const char *path)
{
  const struct cloud *cloud = cloud_find(cfg->api.cloud);
  if (!cloud) {
    diag_error("%s: 'api.cloud' must be one of %s, got '%s'", path ? path : "configuration",
               cloud_names(), cfg->api.cloud);
    return CSP_E_CONFIG;
  }
  if (!*cfg->api.base_url)
    cfg->api.base_url = cloud->base_url;
  if (!*cfg->api.authority)
    cfg->api.authority = cloud->authority;
  if (!*cfg->api.resource)
    cfg->api.resource = cloud->resource;
  if (!*cfg->api.token_url) {
    char url[512];
    if (cloud_token_url(cfg->api.authority, *cfg->api.scope != '\0', url, sizeof(url)) ||
        !(cfg->api.token_url = arena_strdup(&cfg->arena, url)))
      return CSP_E_LIMIT;
  }
  return CSP_E_OK;
}

void config_release(struct config *cfg)
{
  arena_release(&cfg->arena);
}

static int pick_name(const struct ytree *doc, const struct ynode *v, const char *const *names,
                     size_t count, const char *key, int *out)
{
  for (size_t i = 0; i < count; i++)
    if (!strcmp(v->text, names[i])) {
      *out = (int)i;
      return CSP_E_OK;
    }
  char choices[256] = "";
  for (size_t i = 0; i < count; i++) {
    size_t len = strlen(choices);
    snprintf(choices + len, sizeof(choices) - len, "%s%s", i ? ", " : "", names[i]);
  }
  return ytree_error(doc, v, "%s: '%s' is not one of %s", key, v->text, choices);
}

static int parse_bool(const struct ytree *doc, const struct ynode *v, const char *key, bool *out)
{
  if (!strcmp(v->text, "true") || !strcmp(v->text, "yes"))
    *out = true;
  else if (!strcmp(v->text, "false") || !strcmp(v->text, "no"))
    *out = false;
  else
    return ytree_error(doc, v, "%s: expected true or false, got '%s'", key, v->text);
  return CSP_E_OK;
}

static int parse_int(const struct ytree *doc, const struct ynode *v, const char *key, int *out)
{
  char *end;
  errno = 0;
  long n = strtol(v->text, &end, 10);
  if (errno || end == v->text || *end || n < 0 || n > 1000000)
    return ytree_error(doc, v, "%s: expected a whole number, got '%s'", key, v->text);
  *out = (int)n;
  return CSP_E_OK;
}

/* A path as the configuration file means it: relative to its folder (cron runs elsewhere). */
static int store_path(struct config *cfg, const struct ytree *doc, const struct ynode *v,
                      void *field)
{
  char path[4096];
  if (!config_relative(doc->path, v->text, path, sizeof(path)))
    return ytree_error(doc, v, "path too long");
  const char *copy = arena_strdup(&cfg->arena, *v->text ? path : "");
  if (!copy)
    return CSP_E_NOMEM;
  *(const char **)field = copy;
  return CSP_E_OK;
}

/* An environment variable's name: a letter or _, then letters, digits and _ (at most 64). */
static bool is_env_name(const char *s)
{
  size_t n = 0;
  if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
    return false;
  for (; s[n]; n++)
    if (!((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z') ||
          (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
      return false;
  return n <= 64;
}

/* Checks a value before it is kept: a variable name, a rate, a market code. The value of a
 * *_env key that is not a name may be the secret itself: it is never printed. */
static int check_value(const struct ytree *doc, const struct config_key *k, const struct ynode *v,
                       const char *full)
{
  double rate;
  if (k->type == KEY_ENV && !is_env_name(v->text))
    return ytree_error(doc, v,
                       "%s must name an environment variable (letters, digits and _) that holds "
                       "the secret, and this value does not look like one (not shown): if it is "
                       "the secret itself, remove it from the file and replace the secret",
                       full);
  if (k->type == KEY_RATE && ratelimit_parse_rate(v->text, &rate))
    return ytree_error(doc, v, "%s: expected N/s or N/min (e.g. 400/min), got '%s'", full, v->text);
  if (k->type == KEY_MARKET && !(strlen(v->text) == 2 && v->text[0] >= 'A' && v->text[0] <= 'Z' &&
                                 v->text[1] >= 'A' && v->text[1] <= 'Z'))
    return ytree_error(doc, v,
                       "%s: expected the partner's country as ISO alpha-2 in upper case "
                       "(e.g. US), got '%s'",
                       full, v->text);
  return CSP_E_OK;
}

static int store_value(struct config *cfg, const struct ytree *doc, const struct config_key *k,
                       const struct ynode *v)
{
  char full[64];
  snprintf(full, sizeof(full), "%s%s%s", k->section, *k->section ? "." : "", k->key);
  if (v->type != YNODE_SCALAR)
    return ytree_error(doc, v, "%s: expected a single value", full);
  void *field = (char *)cfg + k->offset;
  int choice = 0, rc = check_value(doc, k, v, full);
  if (rc)
    return rc;
  if (k->type == KEY_MARKET) {
    cfg->partner.market_line = v->line;
    cfg->partner.market_column = v->column;
  }
  switch (k->type) {
  case KEY_STRING:
  case KEY_ENV:
  case KEY_RATE:
  case KEY_MARKET: {
    const char *copy = arena_strdup(&cfg->arena, v->text);
    if (!copy)
      return CSP_E_NOMEM;
    *(const char **)field = copy;
    return CSP_E_OK;
  }
  case KEY_PATH:
    return store_path(cfg, doc, v, field);
  case KEY_INT:
    return parse_int(doc, v, full, field);
  case KEY_BOOL:
    return parse_bool(doc, v, full, field);
  case KEY_PARTNER_TYPE:
    rc = pick_name(doc, v, partner_types, 4, full, &choice);
    *(enum partner_type *)field = (enum partner_type)choice;
    return rc;
  case KEY_GRANT:
    rc = pick_name(doc, v, grants, 2, full, &choice);
    *(enum config_grant *)field = (enum config_grant)choice;
    return rc;
  case KEY_CHECK_MODE:
    rc = pick_name(doc, v, check_modes, 3, full, &choice);
    *(enum check_mode *)field = (enum check_mode)choice;
    return rc;
  }
  return CSP_E_CONFIG;
}

static const struct config_key *find_key(const char *section, const char *key)
{
  for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
    if (!strcmp(keys[i].section, section) && !strcmp(keys[i].key, key))
      return &keys[i];
  return NULL;
}

/* "section.key" of the known key closest to section.key (or to the section alone when key is
 * NULL), or NULL when none is close. */
static const char *closest_key(const char *section, const char *key, char *buf, size_t cap)
{
  char typed[128];
  snprintf(typed, sizeof(typed), "%s%s%s", section, key ? "." : "", key ? key : "");
  size_t best_d = strlen(typed) / 3 + 1;
  const char *best = NULL;
  for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
    char cand[128];
    snprintf(cand, sizeof(cand), "%s%s%s", keys[i].section, key && *keys[i].section ? "." : "",
             key ? keys[i].key : "");
    if (!key && !*keys[i].section)
      snprintf(cand, sizeof(cand), "%s", keys[i].key);
    size_t d = text_distance(typed, strlen(typed), cand);
    if (d < best_d) {
      best_d = d;
      snprintf(buf, cap, "%s", cand);
      best = buf;
    }
  }
  return best;
}

static bool known_section(const char *section)
{
  for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
    if (!strcmp(keys[i].section, section))
      return true;
  return false;
}

static int load_section(struct config *cfg, const struct ytree *doc, const char *section,
                        const struct ynode *map)
{
  if (map->type != YNODE_MAPPING)
    return ytree_error(doc, map, "%s: expected a mapping of keys", section);
  for (size_t i = 0; i < map->n; i++) {
    const struct ynode *k = &map->items[2 * i];
    const struct config_key *entry = find_key(section, k->text);
    if (!entry && !strcmp(section, "auth") &&
        (!strcmp(k->text, "client_secret") || !strcmp(k->text, "refresh_token")))
      return ytree_error(doc, k,
                         "auth.%s: secrets are never written in the configuration file; use "
                         "client_secret_file, client_secret_command or client_secret_env "
                         "(and 'csponboard auth login' for the refresh token)",
                         k->text);
    char hint[128];
    if (!entry && closest_key(section, k->text, hint, sizeof(hint)))
      return ytree_error(doc, k, "unknown key '%s.%s'; did you mean '%s'?", section, k->text, hint);
    if (!entry)
      return ytree_error(doc, k, "unknown key '%s.%s'", section, k->text);
    int rc = store_value(cfg, doc, entry, &map->items[2 * i + 1]);
    if (rc)
      return rc;
  }
  return CSP_E_OK;
}

static int load_root(struct config *cfg, const struct ytree *doc)
{
  const struct ynode *root = doc->root;
  if (!root)
    return ytree_error(doc, NULL, "the file is empty; it needs at least a partner: section");
  if (root->type != YNODE_MAPPING)
    return ytree_error(doc, root, "expected a mapping of sections (partner:, api:, ...)");
  for (size_t i = 0; i < root->n; i++) {
    const struct ynode *k = &root->items[2 * i];
    const struct config_key *top = k->type == YNODE_SCALAR ? find_key("", k->text) : NULL;
    if (top) {
      int rc = store_value(cfg, doc, top, &root->items[2 * i + 1]);
      if (rc)
        return rc;
      continue;
    }
    char hint[128];
    if (k->type == YNODE_SCALAR && !known_section(k->text) &&
        closest_key(k->text, NULL, hint, sizeof(hint)))
      return ytree_error(doc, k, "unknown section '%s'; did you mean '%s'?", k->text, hint);
    if (k->type != YNODE_SCALAR || !known_section(k->text))
      return ytree_error(doc, k,
                         "unknown section '%s' (expected rules, partner, api, auth, limits, "
                         "create, invites, report or sandbox)",
                         k->type == YNODE_SCALAR ? k->text : "?");
    int rc = load_section(cfg, doc, k->text, &root->items[2 * i + 1]);
    if (rc)
      return rc;
  }
  if (!ynode_get(root, "partner"))
    return ytree_error(doc, root,
                       "missing required section 'partner' (type, id, tenant_id, "
                       "market)");
  return CSP_E_OK;
}

/* The shipped file for a path the configuration leaves empty, when there is one. */
static int default_data(struct config *cfg, const char **field, const char *rel)
{
  char path[4096];
  if (**field || !data_path(rel, path, sizeof(path)))
    return CSP_E_OK;
  *field = arena_strdup(&cfg->arena, path);
  return *field ? CSP_E_OK : CSP_E_NOMEM;
}

static int fill_data_defaults(struct config *cfg)
{
  int rc = default_data(cfg, &cfg->invites.template_path, "samples/invite-email.txt");
  return rc ? rc : default_data(cfg, &cfg->sandbox.tenants_path, "samples/sandbox-tenants.json");
}

int config_load(struct config *cfg, const char *path)
{
  struct ytree doc;
  int rc = ytree_load(&doc, path);
  /* The endpoints the file leaves empty come from its cloud, whichever order keys come in. */
  if (!rc) {
    cfg->api.base_url = cfg->api.authority = cfg->api.token_url = cfg->api.resource = "";
    rc = load_root(cfg, &doc);
  }
  if (!rc)
    rc = config_apply_cloud(cfg, path);
  if (!rc)
    rc = fill_data_defaults(cfg);
  if (!rc) {
    cfg->loaded = true;
    rc = config_check_partner(cfg, path);
  }
  ytree_release(&doc);
  return rc;
}

static bool is_upper_alpha2(const char *s)
{
  return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

int config_check_market(const struct config *cfg, const char *path, const struct rules *rules)
{
  if (!cfg->loaded || rules_market_group(rules, cfg->partner.market))
    return CSP_E_OK;
  diag_error("%s:%u:%u: partner.market '%s' is in no market group of the rules (regions.yaml): "
             "every row would be rejected as outside the partner's market group; see "
             "'csponboard rules list'",
             path, cfg->partner.market_line, cfg->partner.market_column, cfg->partner.market);
  return CSP_E_CONFIG;
}

int config_check_partner(const struct config *cfg, const char *path)
{
  if (!*cfg->partner.tenant_id) {
    diag_error("%s: missing required key 'partner.tenant_id' (the partner's own tenant GUID)",
               path);
    return CSP_E_CONFIG;
  }
  if (!is_upper_alpha2(cfg->partner.market)) {
    diag_error("%s: 'partner.market' must be the partner's country as ISO alpha-2 in upper "
               "case (e.g. US), got '%s'",
               path, cfg->partner.market);
    return CSP_E_CONFIG;
  }
  if (cfg->limits.concurrency < 1 || cfg->limits.concurrency > CSP_MAX_CONCURRENCY) {
    diag_error("%s: 'limits.concurrency' must be 1..%d", path, CSP_MAX_CONCURRENCY);
    return CSP_E_CONFIG;
  }
  if (cfg->auth.client_secret_file[0] && cfg->auth.client_secret_command[0]) {
    diag_error("%s: set one of 'auth.client_secret_file' and 'auth.client_secret_command', "
               "not both",
               path);
    return CSP_E_CONFIG;
  }
  if (cfg->limits.max_attempts < 1) {
    diag_error("%s: 'limits.max_attempts' must be at least 1", path);
    return CSP_E_CONFIG;
  }
  return CSP_E_OK;
}
