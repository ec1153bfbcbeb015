/* National clouds: the endpoints of Partner Center and of its sign-in authority for each
 * cloud (api.cloud: public | china | usgov), and what a cloud does not offer. A preset only
 * fills what the configuration leaves empty, so an explicit URL always wins. */
#ifndef CSP_PC_CLOUDS_H
#define CSP_PC_CLOUDS_H

#include <stdbool.h>
#include <stddef.h>

struct cloud {
  const char *name;      /* "public", "china", "usgov" */
  const char *label;     /* how messages name it */
  const char *base_url;  /* Partner Center API base */
  const char *authority; /* sign-in authority, no trailing slash */
  const char *resource;  /* v1 resource (audience) of the Partner Center API */
  bool offers_mca;       /* Microsoft Customer Agreement attestation */
};

/* The preset called name, or NULL for an unknown name. */
const struct cloud *cloud_find(const char *name);
/* The names of every preset as "public, china, usgov" (for messages). */
const char *cloud_names(void);

/* The token endpoint template of authority: "{authority}/{tenant}/oauth2/token" (v1), or
 * ".../oauth2/v2.0/token" when v2 (a scope is configured). Written into out (cap bytes).
 * Returns 0 or CSP_E_LIMIT. */
int cloud_token_url(const char *authority, bool v2, char *out, size_t cap);

/* Checks the features a run asks for against what cloud offers. attest_mca: MCA attestation
 * (create.attest_mca or --attest-mca). Returns 0, or CSP_E_CONFIG with a message for the user
 * in msg (cap bytes). */
int cloud_check_features(const struct cloud *cloud, bool attest_mca, char *msg, size_t cap);

#endif
