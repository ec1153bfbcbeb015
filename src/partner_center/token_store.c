/* The token store file (token_store.h): JSON written through a temporary file, fsync and
 * rename, refused unless private, and an flock sidecar that serialises renewals. The JSON
 * text held the refresh token, so every buffer it passed through is wiped. */
#include "partner_center/token_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/errors.h"
#include "base/limits.h"
#include "partner_center/auth.h"
#include "partner_center/pc_json.h"

#define STORE_VERSION 1

void stored_token_init(struct stored_token *t)
{
  memset(t, 0, sizeof(*t));
}

void stored_token_release(struct stored_token *t)
{
  auth_secret_free(t->refresh_token);
  free(t->client_id);
  free(t->tenant_id);
  free(t->token_url);
  free(t->account);
  stored_token_init(t);
}

int stored_token_set_refresh(struct stored_token *t, const char *refresh_token)
{
  char *copy = strdup(refresh_token);
  if (!copy)
    return CSP_E_NOMEM;
  auth_secret_free(t->refresh_token);
  t->refresh_token = copy;
  return CSP_E_OK;
}

int token_store_default_path(char *out, size_t cap, char *msg, size_t msg_cap)
{
  const char *xdg = getenv("XDG_CONFIG_HOME");
  const char *home = getenv("HOME");
  int n;
  if (xdg && xdg[0] == '/')
    n = snprintf(out, cap, "%s/csponboard/token.json", xdg);
  else if (home && home[0])
    n = snprintf(out, cap, "%s/.config/csponboard/token.json", home);
  else {
    snprintf(msg, msg_cap,
             "neither XDG_CONFIG_HOME nor HOME is set: set auth.token_store to "
             "the token store's path");
    return CSP_E_CONFIG;
  }
  if (n < 0 || (size_t)n >= cap) {
    snprintf(msg, msg_cap, "the token store's default path is too long: set auth.token_store");
    return CSP_E_CONFIG;
  }
  return CSP_E_OK;
}

/* Checks that fd is the user's own regular file with no access for group or others. */
static int check_private(int fd, const char *path, char *msg, size_t cap)
{
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(msg, cap, "the token store %s is not a regular file", path);
    return CSP_E_CONFIG;
  }
  if ((st.st_mode & 077) != 0 || st.st_uid != geteuid()) {
    snprintf(msg, cap,
             "the token store %s is not private (mode %03o): refusing to use it; it must be "
             "yours with mode 0600 (chmod 600 %s, or remove it and run 'csponboard auth "
             "login')",
             path, (unsigned)(st.st_mode & 0777), path);
    return CSP_E_CONFIG;
  }
  return CSP_E_OK;
}

static char *dup_string(const cJSON *root, const char *key)
{
  const char *s = pc_json_string(root, key);
  return s ? strdup(s) : NULL;
}

static long long number_of(const cJSON *root, const char *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, key);
  return cJSON_IsNumber(item) ? (long long)item->valuedouble : 0;
}

static int parse_store(const char *text, size_t len, struct stored_token *t)
{
  cJSON *root = pc_json_parse(text, len);
  const char *refresh = pc_json_string(root, "refresh_token");
  int rc = CSP_E_CONFIG;
  if (refresh && refresh[0] && number_of(root, "version") == STORE_VERSION) {
    t->refresh_token = strdup(refresh);
    t->client_id = dup_string(root, "client_id");
    t->tenant_id = dup_string(root, "tenant_id");
    t->token_url = dup_string(root, "token_url");
    t->account = dup_string(root, "account");
    t->signed_in_at_s = number_of(root, "signed_in_at");
    t->renewed_at_s = number_of(root, "renewed_at");
    rc = t->refresh_token ? CSP_E_OK : CSP_E_NOMEM;
  }
  if (refresh)
    explicit_bzero((char *)refresh, strlen(refresh));
  cJSON_Delete(root);
  return rc;
}

int token_store_read(const char *path, struct stored_token *t, char *msg, size_t msg_cap)
{
  stored_token_init(t);
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 && errno == ENOENT)
    return CSP_E_NOT_FOUND;
  if (fd < 0) {
    snprintf(msg, msg_cap, "the token store %s cannot be opened: %s", path, strerror(errno));
    return CSP_E_CONFIG;
  }
  int rc = check_private(fd, path, msg, msg_cap);
  char *buf = rc ? NULL : malloc(CSP_TOKEN_STORE_MAX_BYTES + 1);
  ssize_t n = buf ? read(fd, buf, CSP_TOKEN_STORE_MAX_BYTES + 1) : -1;
  close(fd);
  if (!rc && (n <= 0 || n > CSP_TOKEN_STORE_MAX_BYTES)) {
    snprintf(msg, msg_cap, "the token store %s cannot be read", path);
    rc = CSP_E_CONFIG;
  }
  if (!rc && (rc = parse_store(buf, (size_t)n, t)) == CSP_E_CONFIG)
    snprintf(msg, msg_cap,
             "the token store %s is damaged (no refresh token): run 'csponboard auth login'", path);
  if (buf) {
    explicit_bzero(buf, CSP_TOKEN_STORE_MAX_BYTES + 1);
    free(buf);
  }
  if (rc)
    stored_token_release(t);
  return rc;
}

static cJSON *store_json(const struct stored_token *t)
{
  cJSON *root = cJSON_CreateObject();
  if (!root)
    return NULL;
  cJSON_AddNumberToObject(root, "version", STORE_VERSION);
  cJSON_AddStringToObject(root, "client_id", t->client_id ? t->client_id : "");
  cJSON_AddStringToObject(root, "tenant_id", t->tenant_id ? t->tenant_id : "");
  cJSON_AddStringToObject(root, "token_url", t->token_url ? t->token_url : "");
  if (t->account)
    cJSON_AddStringToObject(root, "account", t->account);
  cJSON_AddNumberToObject(root, "signed_in_at", (double)t->signed_in_at_s);
  cJSON_AddNumberToObject(root, "renewed_at", (double)t->renewed_at_s);
  if (!cJSON_AddStringToObject(root, "refresh_token", t->refresh_token ? t->refresh_token : "")) {
    cJSON_Delete(root);
    return NULL;
  }
  return root;
}

/* Wipes the refresh token inside root before freeing it. */
static void json_wipe_delete(cJSON *root)
{
  cJSON *item = cJSON_GetObjectItemCaseSensitive(root, "refresh_token");
  if (cJSON_IsString(item))
    explicit_bzero(item->valuestring, strlen(item->valuestring));
  cJSON_Delete(root);
}

/* Creates the folder of path and any missing parent (mode 0700), as mkdir -p. dir gets the
 * folder's path. */
static int make_parent(const char *path, char *dir, size_t cap)
{
  const char *slash = strrchr(path, '/');
  int n = slash ? snprintf(dir, cap, "%.*s", (int)(slash - path), path) : snprintf(dir, cap, ".");
  if (n < 0 || (size_t)n >= cap)
    return CSP_E_IO;
  if (!dir[0])
    snprintf(dir, cap, "/");
  for (char *p = dir + 1;; p++) {
    if (*p != '/' && *p != '\0')
      continue;
    char c = *p;
    *p = '\0';
    int made = mkdir(dir, 0700);
    *p = c;
    if (made != 0 && errno != EEXIST)
      return CSP_E_IO;
    if (!c)
      return CSP_E_OK;
  }
}

static int write_all(int fd, const char *text, size_t len)
{
  while (len > 0) {
    ssize_t n = write(fd, text, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return CSP_E_IO;
    text += n;
    len -= (size_t)n;
  }
  return CSP_E_OK;
}

static void sync_dir(const char *dir)
{
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
}

/* Writes text to a new temporary file beside path and renames it over path. */
static int replace_file(const char *path, const char *dir, const char *text, char *msg, size_t cap)
{
  char tmp[4096];
  int n = snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
  int fd = n > 0 && (size_t)n < sizeof(tmp) ? mkstemp(tmp) : -1; /* mkstemp: mode 0600 */
  if (fd < 0) {
    snprintf(msg, cap, "cannot write the token store %s: %s", path, strerror(errno));
    return CSP_E_IO;
  }
  int rc = fchmod(fd, 0600) == 0 ? write_all(fd, text, strlen(text)) : CSP_E_IO;
  if (!rc && fsync(fd) != 0)
    rc = CSP_E_IO;
  if (close(fd) != 0)
    rc = CSP_E_IO;
  if (!rc && rename(tmp, path) != 0)
    rc = CSP_E_IO;
  if (rc) {
    snprintf(msg, cap, "cannot write the token store %s: %s", path, strerror(errno));
    (void)unlink(tmp);
    return rc;
  }
  sync_dir(dir);
  return CSP_E_OK;
}

int token_store_write(const char *path, const struct stored_token *t, char *msg, size_t msg_cap)
{
  char dir[4096];
  if (make_parent(path, dir, sizeof(dir))) {
    snprintf(msg, msg_cap, "cannot create the folder of the token store %s: %s", path,
             strerror(errno));
    return CSP_E_IO;
  }
  cJSON *root = store_json(t);
  char *text = root ? cJSON_Print(root) : NULL;
  int rc = text ? replace_file(path, dir, text, msg, msg_cap) : CSP_E_NOMEM;
  if (text) {
    explicit_bzero(text, strlen(text));
    free(text);
  }
  json_wipe_delete(root);
  return rc;
}

static int lock_path(const char *path, char *out, size_t cap)
{
  int n = snprintf(out, cap, "%s.lock", path);
  return n > 0 && (size_t)n < cap ? CSP_E_OK : CSP_E_IO;
}

int token_store_remove(const char *path, char *msg, size_t msg_cap)
{
  /* The lock sidecar stays: a run waiting on it must keep excluding the next one. */
  if (unlink(path) != 0 && errno != ENOENT) {
    snprintf(msg, msg_cap, "cannot remove the token store %s: %s", path, strerror(errno));
    return CSP_E_IO;
  }
  return CSP_E_OK;
}

int token_store_lock(const char *path, int *fd, char *msg, size_t msg_cap)
{
  char lock[4096], dir[4096];
  *fd = -1;
  if (lock_path(path, lock, sizeof(lock)) || make_parent(path, dir, sizeof(dir))) {
    snprintf(msg, msg_cap, "cannot create the folder of the token store %s", path);
    return CSP_E_IO;
  }
  int lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lfd < 0) {
    snprintf(msg, msg_cap, "cannot open the token store's lock %s: %s", lock, strerror(errno));
    return CSP_E_IO;
  }
  while (flock(lfd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      snprintf(msg, msg_cap, "cannot lock %s: %s", lock, strerror(errno));
      close(lfd);
      return CSP_E_IO;
    }
  }
  *fd = lfd;
  return CSP_E_OK;
}

void token_store_unlock(int fd)
{
  if (fd >= 0) {
    (void)flock(fd, LOCK_UN);
    close(fd);
  }
}
