/* The national cloud presets (clouds.h) as one table. Sources: Partner Center's REST URL
 * page (21Vianet's API base), the national cloud sign-in authorities, and the PartnerCenter
 * PowerShell module, which uses the 21Vianet API base as that cloud's resource too. MCA
 * attestation is a public-cloud feature only. */
#include "partner_center/clouds.h"

#include <stdio.h>
#include <string.h>

#include "base/errors.h"

static const struct cloud clouds[] = {
    {"public", "the public cloud", "https://api.partnercenter.microsoft.com",
     "https://login.microsoftonline.com", "https://api.partnercenter.microsoft.com", true},
    {"china", "Partner Center operated by 21Vianet (api.cloud: china)",
     "https://partner.partnercenterapi.microsoftonline.cn", "https://login.chinacloudapi.cn",
     "https://partner.partnercenterapi.microsoftonline.cn", false},
    {"usgov", "Partner Center for Microsoft Cloud for US Government (api.cloud: usgov)",
     "https://api.partnercenter.microsoft.com", "https://login.microsoftonline.us",
     "https://api.partnercenter.microsoft.com", false},
};

#define CLOUD_COUNT (sizeof(clouds) / sizeof(clouds[0]))

const struct cloud *cloud_find(const char *name)
{
  for (size_t i = 0; name && i < CLOUD_COUNT; i++)
    if (!strcmp(clouds[i].name, name))
      return &clouds[i];
  return NULL;
}

const char *cloud_names(void)
{
  return "public, china, usgov";
}

int cloud_token_url(const char *authority, bool v2, char *out, size_t cap)
{
  size_t len = strlen(authority);
  while (len > 0 && authority[len - 1] == '/')
    len--;
  int n =
      snprintf(out, cap, "%.*s/{tenant}/oauth2/%stoken", (int)len, authority, v2 ? "v2.0/" : "");
  return n > 0 && (size_t)n < cap ? CSP_E_OK : CSP_E_LIMIT;
}

int cloud_check_features(const struct cloud *cloud, bool attest_mca, char *msg, size_t cap)
{
  if (attest_mca && !cloud->offers_mca) {
    snprintf(msg, cap,
             "Microsoft Customer Agreement attestation is not offered by %s: remove "
             "--attest-mca and set create.attest_mca: false",
             cloud->label);
    return CSP_E_CONFIG;
  }
  return CSP_E_OK;
}
