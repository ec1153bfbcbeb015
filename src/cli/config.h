/* csponboard.yaml (SPEC §3a) as a read-only struct. Every key has a default except the
 * partner section; an unknown key, a wrong type or a missing required key is a configuration
 * error naming the file, line and key. Paths in it are relative to its folder. Command-line options
 * are applied on top by cli.c. */
#ifndef CSP_CONFIG_H
#define CSP_CONFIG_H

#include <stdbool.h>

#include "base/arena.h"

struct rules;

enum partner_type {
  PARTNER_DIRECT,
  PARTNER_INDIRECT_PROVIDER,
  PARTNER_INDIRECT_RESELLER,
  PARTNER_ADVISOR
};
enum config_grant { CONFIG_GRANT_REFRESH_TOKEN, CONFIG_GRANT_CLIENT_CREDENTIALS };
/* The online checks before a create (checks.mode, --checks): reuse a verdict the journal
 * holds when it is young enough, always ask, or ask nothing (creates alone). */
enum check_mode { CHECKS_CACHED, CHECKS_FRESH, CHECKS_NONE };

struct config {
  struct {
    enum partner_type type;
    const char *id;                      /* MPN id */
    const char *tenant_id;               /* the partner's own tenant */
    const char *market;                  /* ISO alpha-2, upper case */
    unsigned market_line, market_column; /* where the file set it (0: not set) */
  } partner;
  struct {
    const char *cloud;     /* public | china | usgov: the preset for what is left empty */
    const char *base_url;  /* from the cloud unless set */
    const char *authority; /* sign-in authority, from the cloud unless set */
    const char *token_url; /* may contain {tenant}; from the authority unless set */
    const char *resource;  /* from the cloud unless set */
    const char *scope;     /* v2 token endpoint scope; "" = use resource */
    const char *proxy;
  } api;
  struct {
    enum config_grant grant;
    const char *client_id;
    const char *client_secret_env;
    const char *client_secret_file;    /* "" = none; must be mode 0600 */
    const char *client_secret_command; /* "" = none; its stdout is the secret */
    int client_secret_timeout_s;       /* how long the command may take */
    const char *refresh_token_env;
    const char *token_store; /* "" = the default in the user's config directory */
  } auth;
  struct {
    int concurrency;
    const char *rate; /* "400/min" */
    int burst;
    int max_attempts;
    int timeout_s;
  } limits;
  struct {
    bool enable_gdap_by_default;
    bool attest_mca;
  } create;
  struct {
    enum check_mode mode;
    int max_age_hours; /* a verdict older than this is asked again */
  } checks;
  struct {
    bool send;
    const char *smtp_url;
    const char *smtp_user_env;
    const char *smtp_password_env;
    const char *from;
    const char *template_path; /* "": none (the shipped one when installed) */
  } invites;
  struct {
    const char *tenants_path; /* --sandbox's demo tenants; "": none */
  } sandbox;
  struct {
    bool bom; /* --report-bom */
  } report;
  const char *rules_dir; /* rules: (relative to the file); NULL: not set */
  bool loaded;           /* a file was read (false: defaults only) */
  struct arena arena;    /* owns every string above */
};

/* Fills in every default (partner fields empty; the public cloud's endpoints). */
void config_init(struct config *cfg);
/* Reads path over the defaults, then fills the endpoints the file leaves empty from its
 * api.cloud preset. Returns 0, CSP_E_IO (missing file) or CSP_E_CONFIG, having logged
 * "path:line:column: what is wrong". */
int config_load(struct config *cfg, const char *path);
/* Checks what a run needs (partner section present and well-formed). Logs and returns
 * CSP_E_CONFIG when not. */
int config_check_partner(const struct config *cfg, const char *path);
/* Checks that partner.market is a market the rules place in a market group (else every row
 * would be rejected as outside it). Logs "path:line:column: ..." and returns CSP_E_CONFIG
 * when not. */
int config_check_market(const struct config *cfg, const char *path, const struct rules *rules);
void config_release(struct config *cfg);
/* Fills the endpoints left empty from cfg->api.cloud's preset (config_load does it; exposed
 * for tests). Returns 0, CSP_E_CONFIG for an unknown cloud (logged, naming path) or
 * CSP_E_LIMIT. */
int config_apply_cloud(struct config *cfg, const char *path);

const char *partner_type_name(enum partner_type type);
/* Parses "cached", "fresh" or "none"; false for anything else. */
bool check_mode_parse(const char *text, enum check_mode *out);

#endif
