/* The fault model. Request number n (counted over /v1 requests in arrival order) draws
 * u = unit(mix(seed, n)); the kinds are laid end to end on [0, 1) in the fixed order of
 * SB_FAULT_KINDS, each as wide as its probability, and u picks one (or none). Latency is a
 * second draw from the same pair: uniform in [mean/2, 3*mean/2]. So a seed fixes the outcome
 * of request n whatever the timing. The rate limit is a token bucket holding one second of
 * requests, refilled continuously. */
#include "sandbox/faults.h"

#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/errors.h"
#include "base/hash.h"
#include "sandbox/ids.h"

static const char *const fault_names[] = {
#define X(id, name) name,
    SB_FAULT_KINDS(X)
#undef X
};

const char *sb_fault_name(enum sb_fault fault)
{
  return fault < SB_FAULT_COUNT ? fault_names[fault] : "?";
}

static int parse_one(struct sb_faults *f, const char *item, size_t len)
{
  const char *eq = memchr(item, '=', len);
  if (!eq)
    goto bad;
  size_t name_len = (size_t)(eq - item);
  for (int k = 1; k < SB_FAULT_COUNT; k++) {
    if (strlen(fault_names[k]) != name_len || memcmp(fault_names[k], item, name_len) != 0)
      continue;
    char num[32];
    size_t num_len = len - name_len - 1;
    if (num_len == 0 || num_len >= sizeof(num))
      goto bad;
    memcpy(num, eq + 1, num_len);
    num[num_len] = '\0';
    char *end;
    double p = strtod(num, &end);
    if (*end || !(p >= 0.0 && p <= 1.0))
      goto bad;
    f->prob[k] = p;
    return 0;
  }
bad:
  diag_error("sandbox: --faults: '%.*s' is not KIND=P with KIND one of 500, 503, reset, "
             "timeout_after_commit, bad_json, token_expiry and 0 <= P <= 1",
             (int)len, item);
  return CSP_E_USAGE;
}

static int parse_spec(struct sb_faults *f, const char *spec)
{
  int rc = 0;
  double sum = 0;
  for (const char *p = spec; *p;) {
    size_t len = strcspn(p, ",");
    if (len && (rc = parse_one(f, p, len)) != 0)
      goto out;
    p += len;
    if (*p == ',')
      p++;
  }
  for (int k = 1; k < SB_FAULT_COUNT; k++)
    sum += f->prob[k];
  if (sum > 1.0 + 1e-9) {
    diag_error("sandbox: --faults: the probabilities add up to %.3f, more than 1", sum);
    rc = CSP_E_USAGE;
  }
out:
  return rc;
}

/* One second of requests, and room for at least one. */
static double bucket_size(const struct sb_faults *f)
{
  return f->rate_per_s < 1 ? 1 : f->rate_per_s;
}

int sb_faults_init(struct sb_faults *f, uint64_t seed, unsigned latency_ms, double rate_per_s,
                   const char *spec)
{
  memset(f, 0, sizeof(*f));
  f->seed = seed;
  f->latency_ms = latency_ms;
  f->rate_per_s = rate_per_s > 0 ? rate_per_s : 0;
  f->tokens = bucket_size(f);
  if (rate_per_s < 0) {
    diag_error("sandbox: --rate must not be negative");
    return CSP_E_USAGE;
  }
  if (spec && parse_spec(f, spec) != 0)
    return CSP_E_USAGE;
  pthread_mutex_init(&f->lock, NULL);
  return 0;
}

void sb_faults_release(struct sb_faults *f)
{
  pthread_mutex_destroy(&f->lock);
}

uint64_t sb_faults_next(struct sb_faults *f)
{
  return __atomic_fetch_add(&f->next_seq, 1, __ATOMIC_RELAXED);
}

struct sb_draw sb_faults_draw(const struct sb_faults *f, uint64_t seq)
{
  struct sb_draw d = {SB_FAULT_NONE, 0};
  uint64_t base = hash_mix64(f->seed ^ hash_mix64(seq));
  double u = sb_unit(base), edge = 0;
  for (int k = 1; k < SB_FAULT_COUNT && !atomic_load(&f->off); k++) {
    edge += f->prob[k];
    if (u < edge) {
      d.fault = (enum sb_fault)k;
      break;
    }
  }
  if (f->latency_ms)
    d.latency_ms = (unsigned)(f->latency_ms * (0.5 + sb_unit(hash_mix64(base + 1))));
  return d;
}

unsigned sb_faults_throttle(struct sb_faults *f, uint64_t now_ms)
{
  unsigned wait_s = 0;
  if (f->rate_per_s <= 0)
    return 0;
  pthread_mutex_lock(&f->lock);
  if (f->last_ms && now_ms > f->last_ms)
    f->tokens += (double)(now_ms - f->last_ms) * f->rate_per_s / 1000.0;
  if (f->tokens > bucket_size(f))
    f->tokens = bucket_size(f);
  if (now_ms > f->last_ms)
    f->last_ms = now_ms;
  if (f->tokens >= 1.0) {
    f->tokens -= 1.0;
  } else {
    double secs = (1.0 - f->tokens) / f->rate_per_s;
    wait_s = (unsigned)secs + 1;
  }
  pthread_mutex_unlock(&f->lock);
  return wait_s;
}
