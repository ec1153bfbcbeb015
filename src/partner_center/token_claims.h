/* What an access token says about who holds it: the claims of a JWT's payload (the part
 * between its two dots, base64url JSON), read without checking the signature — they are for
 * showing the user (`auth status`, `auth login`), never for deciding access. */
#ifndef CSP_PC_TOKEN_CLAIMS_H
#define CSP_PC_TOKEN_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>

struct token_claims {
  char account[256];      /* upn, else unique_name, else preferred_username; "" when none */
  char name[256];         /* display name, or "" */
  char tenant[64];        /* tid, or "" */
  bool mfa;               /* "mfa" is among the authentication methods (amr) */
  long long expires_at_s; /* exp, or 0 */
};

/* Reads the claims of access_token (borrowed) into out. Returns 0, or CSP_E_PROTOCOL when the
 * token is not a JWT with a JSON payload (out is then all empty). */
int token_claims_read(const char *access_token, struct token_claims *out);

#endif
