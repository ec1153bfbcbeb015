/* libFuzzer harness for the token endpoint's reply (auth_parse_token_response): the first
 * byte picks the HTTP status (200, 400, 401, 429, 500, 0), the rest is the body. The reply
 * must never crash; a success holds a token that expires after it was obtained; a failure
 * leaves the old token alone and its message is a string within its buffer. See
 * tests/fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "partner_center/auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const int statuses[] = {200, 400, 401, 429, 500, 0, 201, 403};
  if (size < 1)
    return 0;
  int status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
  const char *body = (const char *)data + 1;
  size_t len = size - 1;
  struct token tok;
  token_init(&tok);
  char msg[256];
  memset(msg, 'x', sizeof(msg));
  const time_t now = 1700000000;
  int rc = auth_parse_token_response(status, body, len, now, &tok, msg, sizeof(msg));
  if (rc == 0 && (!tok.access_token || tok.expires_at_s < now))
    abort();
  if (rc != 0 && (tok.access_token || !memchr(msg, '\0', sizeof(msg))))
    abort();
  (void)token_needs_refresh(&tok, now);
  token_release(&tok);
  return 0;
}
