/* csponboard.yaml (SPEC §3a) as a read-only struct. Every key has a default except the
 * partner section; an unknown key, a wrong type or a missing required key is a configuration
 * error naming the file, line and key. Command-line options are applied on top by cli.c. */
#ifndef CSP_CONFIG_H
#define CSP_CONFIG_H

#include <stdbool.h>

#include "base/arena.h"

enum partner_type {
  PARTNER_DIRECT,
  PARTNER_INDIRECT_PROVIDER,
  PARTNER_INDIRECT_RESELLER,
  PARTNER_ADVISOR
};
enum config_grant { CONFIG_GRANT_REFRESH_TOKEN, CONFIG_GRANT_CLIENT_CREDENTIALS };

struct config {
  struct {
    enum partner_type type;
    const char *id;        /* MPN id */
    const char *tenant_id; /* the partner's own tenant */
    const char *market;    /* ISO alpha-2, upper case */
  } partner;
  struct {
    const char *base_url;
    const char *token_url; /* may contain {tenant} */
    const char *resource;
    const char *scope; /* v2 token endpoint scope; "" = use resource */
    const char *proxy;
  } api;
  struct {
    enum config_grant grant;
    const char *client_id;
    const char *client_secret_env;
    const char *refresh_token_env;
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
    bool send;
    const char *smtp_url;
    const char *smtp_user_env;
    const char *smtp_password_env;
    const char *from;
    const char *template_path;
  } invites;
  bool loaded;        /* a file was read (false: defaults only) */
  struct arena arena; /* owns every string above */
};

/* Fills in every default (partner fields empty). */
void config_init(struct config *cfg);
/* Reads path over the defaults. Returns 0, CSP_E_IO (missing file) or CSP_E_CONFIG, having
 * logged "path:line:column: what is wrong". */
int config_load(struct config *cfg, const char *path);
/* Checks what a run needs (partner section present and well-formed). Logs and returns
 * CSP_E_CONFIG when not. */
int config_check_partner(const struct config *cfg, const char *path);
void config_release(struct config *cfg);

const char *partner_type_name(enum partner_type type);

#endif
