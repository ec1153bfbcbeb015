/* Tests for src/partner_center/token_store.c: a round trip, the file and its folder private,
 * a store readable by others refused (never used), no temporary file left behind, the lock
 * excluding a second holder, the default path from XDG_CONFIG_HOME or HOME, and removal. */
#include "partner_center/token_store.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "base/errors.h"

static void scratch(char *dir, size_t cap)
{
  snprintf(dir, cap, "/tmp/csp-store-XXXXXX");
  CHECK(mkdtemp(dir) != NULL);
}

static void sample(struct stored_token *t)
{
  stored_token_init(t);
  CHECK_INT_EQ(0, stored_token_set_refresh(t, "0.AXYZ-refresh+/="));
  t->client_id = strdup("app-1");
  t->tenant_id = strdup("tenant-1");
  t->token_url = strdup("https://login.example/tenant-1/oauth2/token");
  t->account = strdup("admin@contoso.onmicrosoft.com");
  t->signed_in_at_s = 1700000000;
  t->renewed_at_s = 1700000100;
}

static int mode_of(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

TEST(a_written_store_reads_back_and_is_private_with_its_folder)
{
  char dir[64], path[128], msg[512];
  scratch(dir, sizeof(dir));
  snprintf(path, sizeof(path), "%s/sub/token.json", dir);
  struct stored_token t, back;
  sample(&t);
  CHECK_INT_EQ(0, token_store_write(path, &t, msg, sizeof(msg)));
  CHECK_INT_EQ(0600, mode_of(path));
  char sub[96];
  snprintf(sub, sizeof(sub), "%s/sub", dir);
  CHECK_INT_EQ(0700, mode_of(sub));
  CHECK_INT_EQ(0, token_store_read(path, &back, msg, sizeof(msg)));
  CHECK_STR_EQ("0.AXYZ-refresh+/=", back.refresh_token);
  CHECK_STR_EQ("app-1", back.client_id);
  CHECK_STR_EQ("tenant-1", back.tenant_id);
  CHECK_STR_EQ("admin@contoso.onmicrosoft.com", back.account);
  CHECK_INT_EQ(1700000100, back.renewed_at_s);
  stored_token_release(&back);
  /* A second write replaces the first and leaves no temporary file. */
  CHECK_INT_EQ(0, stored_token_set_refresh(&t, "second"));
  CHECK_INT_EQ(0, token_store_write(path, &t, msg, sizeof(msg)));
  CHECK_INT_EQ(0, token_store_read(path, &back, msg, sizeof(msg)));
  CHECK_STR_EQ("second", back.refresh_token);
  char cmd[256];
  snprintf(cmd, sizeof(cmd), "test $(ls -A %s/sub | wc -l) -eq 1", dir);
  CHECK_INT_EQ(0, system(cmd));
  stored_token_release(&back);
  stored_token_release(&t);
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  CHECK_INT_EQ(0, system(cmd));
}

TEST(a_store_readable_by_others_is_refused_and_says_how_to_fix_it)
{
  char dir[64], path[128], msg[512];
  scratch(dir, sizeof(dir));
  snprintf(path, sizeof(path), "%s/token.json", dir);
  struct stored_token t, back;
  sample(&t);
  CHECK_INT_EQ(0, token_store_write(path, &t, msg, sizeof(msg)));
  CHECK_INT_EQ(0, chmod(path, 0644));
  CHECK_INT_EQ(CSP_E_CONFIG, token_store_read(path, &back, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "mode 644");
  CHECK_CONTAINS(msg, "chmod 600");
  CHECK(back.refresh_token == NULL);
  CHECK(strstr(msg, "refresh") == NULL || strstr(msg, "0.AXYZ") == NULL);
  stored_token_release(&t);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  CHECK_INT_EQ(0, system(cmd));
}

TEST(a_missing_store_is_not_found_and_a_damaged_one_names_auth_login)
{
  char dir[64], path[128], msg[512];
  scratch(dir, sizeof(dir));
  snprintf(path, sizeof(path), "%s/token.json", dir);
  struct stored_token back;
  CHECK_INT_EQ(CSP_E_NOT_FOUND, token_store_read(path, &back, msg, sizeof(msg)));
  int fd = open(path, O_WRONLY | O_CREAT, 0600);
  CHECK(fd >= 0);
  CHECK_INT_EQ(7, write(fd, "{\"a\":1}", 7));
  close(fd);
  CHECK_INT_EQ(CSP_E_CONFIG, token_store_read(path, &back, msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "csponboard auth login");
  CHECK_INT_EQ(0, token_store_remove(path, msg, sizeof(msg)));
  CHECK_INT_EQ(-1, mode_of(path));
  CHECK_INT_EQ(0, token_store_remove(path, msg, sizeof(msg))); /* none: still fine */
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  CHECK_INT_EQ(0, system(cmd));
}

TEST(the_lock_excludes_a_second_holder_until_released)
{
  char dir[64], path[128], lock[160], msg[512];
  scratch(dir, sizeof(dir));
  snprintf(path, sizeof(path), "%s/token.json", dir);
  int fd = -1;
  CHECK_INT_EQ(0, token_store_lock(path, &fd, msg, sizeof(msg)));
  snprintf(lock, sizeof(lock), "%s.lock", path);
  int other = open(lock, O_RDWR);
  CHECK(other >= 0);
  CHECK(flock(other, LOCK_EX | LOCK_NB) != 0); /* held */
  token_store_unlock(fd);
  CHECK_INT_EQ(0, flock(other, LOCK_EX | LOCK_NB));
  close(other);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  CHECK_INT_EQ(0, system(cmd));
}

TEST(the_default_path_is_in_xdg_config_home_or_else_in_home)
{
  char out[256], msg[256];
  char *old_xdg = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
  char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
  setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
  CHECK_INT_EQ(0, token_store_default_path(out, sizeof(out), msg, sizeof(msg)));
  CHECK_STR_EQ("/x/cfg/csponboard/token.json", out);
  unsetenv("XDG_CONFIG_HOME");
  setenv("HOME", "/home/p", 1);
  CHECK_INT_EQ(0, token_store_default_path(out, sizeof(out), msg, sizeof(msg)));
  CHECK_STR_EQ("/home/p/.config/csponboard/token.json", out);
  unsetenv("HOME");
  CHECK_INT_EQ(CSP_E_CONFIG, token_store_default_path(out, sizeof(out), msg, sizeof(msg)));
  CHECK_CONTAINS(msg, "auth.token_store");
  if (old_xdg)
    setenv("XDG_CONFIG_HOME", old_xdg, 1);
  if (old_home)
    setenv("HOME", old_home, 1);
  free(old_xdg);
  free(old_home);
}

RUN_TESTS()
