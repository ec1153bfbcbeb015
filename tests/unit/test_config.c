/* Tests for src/cli/config.c: every value checked at load with file:line:column, "did you
 * mean" for keys and sections, a secret pasted into a *_env key refused without being
 * printed, paths relative to the file, and partner.market checked against the rules. */
#include "cli/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/errors.h"
#include "check.h"
#include "diag_capture.h"
#include "rules/rules.h"

#define PARTNER "partner:\n  tenant_id: 11111111-2222-3333-4444-555555555555\n  market: US\n"

static char path[96];

/* Loads text as a configuration file in a fresh folder; the log lands in captured. */
static int load(struct config *cfg, const char *text)
{
  static char dir[64];
  snprintf(dir, sizeof(dir), "/tmp/csp_test_config_XXXXXX");
  if (!mkdtemp(dir))
    abort();
  snprintf(path, sizeof(path), "%s/c.yaml", dir);
  FILE *f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
  config_init(cfg);
  FILE *log = capture();
  int rc = config_load(cfg, path);
  release_capture(log);
  return rc;
}

TEST(an_unknown_key_or_section_gets_a_did_you_mean)
{
  struct config cfg;
  CHECK_INT_EQ(CSP_E_CONFIG, load(&cfg, PARTNER "limits:\n  concurency: 4\n"));
  CHECK_CONTAINS(captured, "c.yaml:5:3: unknown key 'limits.concurency'; did you mean "
                           "'limits.concurrency'?");
  config_release(&cfg);
  CHECK_INT_EQ(CSP_E_CONFIG, load(&cfg, PARTNER "invite:\n  send: true\n"));
  CHECK_CONTAINS(captured, "c.yaml:4:1: unknown section 'invite'; did you mean 'invites'?");
  config_release(&cfg);
}

TEST(a_rate_that_is_not_a_rate_is_refused_at_load_with_its_line)
{
  struct config cfg;
  CHECK_INT_EQ(CSP_E_CONFIG, load(&cfg, PARTNER "limits:\n  rate: fast\n"));
  CHECK_CONTAINS(captured, "c.yaml:5:9: limits.rate: expected N/s or N/min");
  config_release(&cfg);
  CHECK_INT_EQ(CSP_E_OK, load(&cfg, PARTNER "limits:\n  rate: 10/s\n"));
  config_release(&cfg);
}

TEST(a_secret_pasted_into_an_env_key_is_refused_and_never_printed)
{
  static const char *const keys[] = {"auth:\n  client_secret_env: ", "auth:\n  refresh_token_env: ",
                                     "invites:\n  smtp_password_env: "};
  for (size_t i = 0; i < 3; i++) {
    struct config cfg;
    char text[512];
    snprintf(text, sizeof(text), "%s%s\"Xy7~Q8a.SecretValue123\"\n", PARTNER, keys[i]);
    CHECK_INT_EQ(CSP_E_CONFIG, load(&cfg, text));
    CHECK_CONTAINS(captured, "must name an environment variable");
    CHECK(!strstr(captured, "Xy7~Q8a"));
    config_release(&cfg);
  }
  struct config cfg;
  CHECK_INT_EQ(CSP_E_OK, load(&cfg, PARTNER "auth:\n  client_secret_env: MY_SECRET_2\n"));
  CHECK_STR_EQ("MY_SECRET_2", cfg.auth.client_secret_env);
  config_release(&cfg);
}

TEST(paths_in_the_file_are_relative_to_its_folder)
{
  struct config cfg;
  CHECK_INT_EQ(CSP_E_OK, load(&cfg, PARTNER "invites:\n  template: mail.txt\nrules: r\n"
                                            "sandbox:\n  tenants: /abs/t.json\n"));
  char want[128];
  snprintf(want, sizeof(want), "%.*s/mail.txt", (int)(strrchr(path, '/') - path), path);
  CHECK_STR_EQ(want, cfg.invites.template_path);
  snprintf(want, sizeof(want), "%.*s/r", (int)(strrchr(path, '/') - path), path);
  CHECK_STR_EQ(want, cfg.rules_dir);
  CHECK_STR_EQ("/abs/t.json", cfg.sandbox.tenants_path);
  config_release(&cfg);
}

TEST(a_partner_market_outside_every_market_group_is_refused_with_its_line)
{
  struct rules *rules = NULL;
  CHECK_INT_EQ(0, rules_open("schemas", false, &rules));
  struct config cfg;
  CHECK_INT_EQ(CSP_E_OK, load(&cfg, "partner:\n  tenant_id: 11111111-2222-3333-4444-555555555555\n"
                                    "  market: XX\n"));
  FILE *log = capture();
  CHECK_INT_EQ(CSP_E_CONFIG, config_check_market(&cfg, path, rules));
  release_capture(log);
  CHECK_CONTAINS(captured, "c.yaml:3:11: partner.market 'XX' is in no market group");
  config_release(&cfg);
  CHECK_INT_EQ(CSP_E_OK, load(&cfg, PARTNER));
  CHECK_INT_EQ(CSP_E_OK, config_check_market(&cfg, path, rules));
  config_release(&cfg);
  rules_close(rules);
}

RUN_TESTS()
