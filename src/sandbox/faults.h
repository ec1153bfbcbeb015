/* The realism knobs: seeded fault draws, seeded latency, and the request-rate token bucket.
 * Draw n (the n-th /v1 request) depends only on the seed and n, so a given seed replays the
 * same sequence of outcomes. The bucket takes the time as an argument. */
#ifndef CSP_SANDBOX_FAULTS_H
#define CSP_SANDBOX_FAULTS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define SB_FAULT_KINDS(X) \
  X(NONE, "none") \
  X(HTTP_500, "500") \
  X(HTTP_503, "503") \
  X(RESET, "reset") \
  X(TIMEOUT_AFTER_COMMIT, "timeout_after_commit") \
  X(BAD_JSON, "bad_json") \
  X(TOKEN_EXPIRY, "token_expiry")

enum sb_fault {
#define X(id, name) SB_FAULT_##id,
  SB_FAULT_KINDS(X)
#undef X
      SB_FAULT_COUNT
};

struct sb_draw {
  enum sb_fault fault;
  unsigned latency_ms;
};

struct sb_faults {
  uint64_t seed;
  unsigned latency_ms;
  double prob[SB_FAULT_COUNT]; /* per kind; the sum is at most 1 */
  uint64_t next_seq;           /* atomically incremented per /v1 request */
  atomic_bool off;             /* POST /sandbox/faults/off: no fault is drawn from now on */
  /* token bucket */
  pthread_mutex_t lock;
  double rate_per_s; /* 0: unlimited */
  double tokens;
  uint64_t last_ms;
};

/* Sets up from the options; spec is "KIND=P[,KIND=P…]" or NULL. Returns 0 or CSP_E_USAGE
 * (logged: unknown kind, bad probability, sum above 1). */
int sb_faults_init(struct sb_faults *f, uint64_t seed, unsigned latency_ms, double rate_per_s,
                   const char *spec);
void sb_faults_release(struct sb_faults *f);
/* The next request's number (0, 1, 2, …), thread-safe. */
uint64_t sb_faults_next(struct sb_faults *f);
/* The outcome drawn for request number seq: pure function of the seed and seq (no fault once
 * the faults are off). */
struct sb_draw sb_faults_draw(const struct sb_faults *f, uint64_t seq);
/* Takes one token at now_ms. Returns 0 when the request may pass, else the seconds after
 * which a token will be available (at least 1). */
unsigned sb_faults_throttle(struct sb_faults *f, uint64_t now_ms);
/* The stable name of a fault kind. */
const char *sb_fault_name(enum sb_fault fault);

#endif
