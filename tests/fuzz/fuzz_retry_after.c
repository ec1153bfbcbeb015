/* libFuzzer harness for Retry-After (retry_parse_retry_after) and the verdict it feeds
 * (retry_classify): the bytes are the header value. A value that parses gives 0 to
 * RETRY_AFTER_MAX_S seconds; any status's verdict is a known one. See tests/fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/retry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *value = malloc(size + 1);
  if (!value)
    abort();
  memcpy(value, data, size);
  value[size] = '\0';
  long seconds = -12345;
  int rc = retry_parse_retry_after(value, 1700000000, &seconds);
  if (rc == 0 && (seconds < 0 || seconds > RETRY_AFTER_MAX_S))
    abort();
  if (rc != 0 && seconds != -12345)
    abort();
  struct http_response res;
  memset(&res, 0, sizeof(res));
  res.status = size ? 100 + data[0] * 2 : 429;
  if (retry_classify(&res, size > 1 ? value + 1 : NULL, size & 1, size & 2) >= VERDICT_COUNT)
    abort();
  free(value);
  return 0;
}
