/* The token store: the file that keeps the refresh token of `csponboard auth login` between
 * runs, with who it belongs to and when it was last renewed. Microsoft's identity platform
 * may answer every redemption with a new refresh token, and a refresh token left unused
 * expires, so each renewal replaces the stored token; the file is written atomically
 * (temporary file, fsync, rename) and renewals hold an exclusive lock (flock on a ".lock"
 * sidecar) from reading the token to storing its successor, so two overlapping runs never
 * redeem the same token or store an older one.
 *
 * The file must be the user's own with mode 0600; anything else is refused, never used. */
#ifndef CSP_PC_TOKEN_STORE_H
#define CSP_PC_TOKEN_STORE_H

#include <stddef.h>

/* The stored sign-in. Every string is malloc'd and owned by the struct. */
struct stored_token {
  char *refresh_token; /* a secret */
  char *client_id;     /* the app it was issued to */
  char *tenant_id;     /* the partner tenant */
  char *token_url;     /* the token endpoint it is redeemed at (templated) */
  char *account;       /* who signed in (the token's upn), or NULL */
  long long signed_in_at_s;
  long long renewed_at_s;
};

void stored_token_init(struct stored_token *t);
/* Wipes the refresh token and frees every string. */
void stored_token_release(struct stored_token *t);
/* Replaces t->refresh_token with a copy of refresh_token (the old one wiped). Returns 0 or
 * CSP_E_NOMEM. */
int stored_token_set_refresh(struct stored_token *t, const char *refresh_token);

/* The default store path: $XDG_CONFIG_HOME/csponboard/token.json, else
 * $HOME/.config/csponboard/token.json. Returns 0, or CSP_E_CONFIG when neither variable is
 * set (msg says so). */
int token_store_default_path(char *out, size_t cap, char *msg, size_t msg_cap);

/* Reads the store at path into t (initialised here). Returns 0; CSP_E_NOT_FOUND when there is
 * no file; CSP_E_CONFIG when it is not the user's own regular file of mode 0600, cannot be
 * read, or is not a store (msg says which and how to fix it); CSP_E_NOMEM. */
int token_store_read(const char *path, struct stored_token *t, char *msg, size_t msg_cap);

/* Writes t to path atomically: the folder (and its parents) is created (0700) when missing, the
 * data goes to a temporary file of mode 0600 beside it, is synced, renamed over path, and the
 * folder is synced. Returns 0 or CSP_E_IO (msg says why). */
int token_store_write(const char *path, const struct stored_token *t, char *msg, size_t msg_cap);

/* Removes the store (its lock sidecar stays). Returns 0 (also when there was none) or CSP_E_IO. */
int token_store_remove(const char *path, char *msg, size_t msg_cap);

/* Takes the store's exclusive lock (path + ".lock", created 0600 in a folder created when
 * missing), waiting for another holder. *fd is the lock; token_store_unlock releases it.
 * Returns 0 or CSP_E_IO. */
int token_store_lock(const char *path, int *fd, char *msg, size_t msg_cap);
void token_store_unlock(int fd);

#endif
