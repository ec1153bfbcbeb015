/* Tests for src/partner_center/clouds.c and the api.cloud key of src/config.c: each preset's
 * API base, authority, token endpoint and resource; a v2 scope choosing the v2 token
 * endpoint; explicit URLs winning over the preset whatever their order in the file; an
 * unknown cloud refused; and MCA attestation refused outside the public cloud. */
#include "partner_center/clouds.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "cli/config.h"
#include "base/errors.h"

/* Loads a configuration from text (a partner section is added). */
static int load_text(struct config *cfg, const char *extra)
{
  char path[] = "/tmp/csp-cloud-XXXXXX";
  int fd = mkstemp(path);
  FILE *f = fdopen(fd, "w");
  fprintf(f, "partner:\n  type: direct\n  id: \"1\"\n  tenant_id: t-1\n  market: US\n%s", extra);
  fclose(f);
  config_init(cfg);
  int rc = config_load(cfg, path);
  unlink(path);
  return rc;
}

TEST(the_china_preset_gives_21vianet_endpoints)
{
  struct config cfg;
  CHECK_INT_EQ(0, load_text(&cfg, "api:\n  cloud: china\n"));
  CHECK_STR_EQ("https://partner.partnercenterapi.microsoftonline.cn", cfg.api.base_url);
  CHECK_STR_EQ("https://login.chinacloudapi.cn", cfg.api.authority);
  CHECK_STR_EQ("https://login.chinacloudapi.cn/{tenant}/oauth2/token", cfg.api.token_url);
  CHECK_STR_EQ("https://partner.partnercenterapi.microsoftonline.cn", cfg.api.resource);
  config_release(&cfg);
}

TEST(the_usgov_and_public_presets_and_the_default)
{
  struct config cfg;
  CHECK_INT_EQ(0, load_text(&cfg, "api:\n  cloud: usgov\n"));
  CHECK_STR_EQ("https://login.microsoftonline.us/{tenant}/oauth2/token", cfg.api.token_url);
  CHECK_STR_EQ("https://api.partnercenter.microsoft.com", cfg.api.base_url);
  config_release(&cfg);
  CHECK_INT_EQ(0, load_text(&cfg, ""));
  CHECK_STR_EQ("public", cfg.api.cloud);
  CHECK_STR_EQ("https://login.microsoftonline.com/{tenant}/oauth2/token", cfg.api.token_url);
  CHECK_STR_EQ("https://api.partnercenter.microsoft.com", cfg.api.resource);
  config_release(&cfg);
}

TEST(a_scope_picks_the_v2_token_endpoint_of_the_cloud)
{
  struct config cfg;
  CHECK_INT_EQ(0, load_text(&cfg, "api:\n  scope: https://x/.default\n  cloud: china\n"));
  CHECK_STR_EQ("https://login.chinacloudapi.cn/{tenant}/oauth2/v2.0/token", cfg.api.token_url);
  config_release(&cfg);
}

TEST(explicit_urls_win_over_the_preset_whatever_their_order)
{
  struct config cfg;
  CHECK_INT_EQ(0, load_text(&cfg, "api:\n  base_url: https://proxy.example\n  cloud: china\n"
                                  "  authority: https://login.example/\n"));
  CHECK_STR_EQ("https://proxy.example", cfg.api.base_url);
  CHECK_STR_EQ("https://login.example/{tenant}/oauth2/token", cfg.api.token_url);
  CHECK_STR_EQ("https://partner.partnercenterapi.microsoftonline.cn", cfg.api.resource);
  config_release(&cfg);
  CHECK_INT_EQ(0, load_text(&cfg, "api:\n  cloud: china\n  token_url: https://t/{tenant}/tok\n"));
  CHECK_STR_EQ("https://t/{tenant}/tok", cfg.api.token_url);
  config_release(&cfg);
}

TEST(an_unknown_cloud_and_a_secret_in_the_file_are_refused)
{
  struct config cfg;
  CHECK_INT_EQ(CSP_E_CONFIG, load_text(&cfg, "api:\n  cloud: germany\n"));
  config_release(&cfg);
  CHECK_INT_EQ(CSP_E_CONFIG, load_text(&cfg, "auth:\n  client_secret: hunter2\n"));
  config_release(&cfg);
  CHECK_INT_EQ(CSP_E_CONFIG, load_text(&cfg, "auth:\n  client_secret_file: /a\n"
                                             "  client_secret_command: pass x\n"));
  config_release(&cfg);
}

TEST(mca_attestation_is_refused_up_front_outside_the_public_cloud)
{
  char msg[256];
  CHECK_INT_EQ(0, cloud_check_features(cloud_find("public"), true, msg, sizeof(msg)));
  CHECK_INT_EQ(0, cloud_check_features(cloud_find("china"), false, msg, sizeof(msg)));
  CHECK_INT_EQ(CSP_E_CONFIG, cloud_check_features(cloud_find("china"), true, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "21Vianet");
  CHECK_CONTAINS(msg, "--attest-mca");
  CHECK_INT_EQ(CSP_E_CONFIG, cloud_check_features(cloud_find("usgov"), true, msg, sizeof(msg)));
  CHECK(cloud_find("germany") == NULL);
}

RUN_TESTS()
