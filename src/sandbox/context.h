/* The one context every route handler gets: the options (read-only after start, strings
 * owned here), the state, the fault model, the compiled market patterns, the clock, and
 * the stop signal that wakes handlers sleeping for latency or a withheld response. */
#ifndef CSP_SANDBOX_CONTEXT_H
#define CSP_SANDBOX_CONTEXT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "sandbox/faults.h"
#include "sandbox/patterns.h"
#include "sandbox/sandbox.h"
#include "sandbox/signins.h"
#include "sandbox/state.h"

struct sb_ctx {
  struct sandbox_options opts; /* its strings point at owned copies (or NULL) */
  char *owned[10];             /* the copies, freed at release */
  struct sb_state state;
  struct sb_faults faults;
  struct sb_patterns patterns;
  struct sb_signins signins;
  pthread_mutex_t stop_lock;
  pthread_cond_t stop_cond;
  bool stopping;
  /* The create hold (POST /sandbox/hold-creates/{n}), under stop_lock: a test's fixed point
   * in a run, whatever the timing. */
  bool hold_armed;
  unsigned hold_after;   /* creates that pass once armed; later ones wait */
  unsigned hold_arrived; /* creates arrived since armed */
  unsigned held;         /* creates that waited since armed */
  unsigned waiting;      /* creates waiting now */
};

/* What the create hold has done, for GET /sandbox/holds. */
struct sb_holds {
  bool armed;
  unsigned held, waiting;
};

/* Copies the options, applies defaults for unset strings, builds state, faults, patterns and
 * loads the tenants file. Returns 0, CSP_E_USAGE (logged) or CSP_E_NOMEM. On failure
 * everything is released. */
int sb_ctx_init(struct sb_ctx *ctx, const struct sandbox_options *opts);
void sb_ctx_release(struct sb_ctx *ctx);
/* Wakes every sleeper and makes later sleeps return at once. */
void sb_ctx_stop(struct sb_ctx *ctx);
/* Sleeps ms milliseconds or until sb_ctx_stop. Returns false when stopped. */
bool sb_ctx_sleep_ms(struct sb_ctx *ctx, unsigned ms);

/* Arms the create hold: from now on, creates past the first `after` wait in sb_ctx_hold_create
 * until sb_ctx_release_creates (or sb_ctx_stop). Re-arming restarts the count. */
void sb_ctx_arm_create_hold(struct sb_ctx *ctx, unsigned after);
/* Disarms the hold and lets every waiting create go on. */
void sb_ctx_release_creates(struct sb_ctx *ctx);
/* Called by POST /v1/customers before it creates anything: returns at once unless the hold is
 * armed and this create is past its count; then waits for the release. */
void sb_ctx_hold_create(struct sb_ctx *ctx);
/* The hold's counts now. */
struct sb_holds sb_ctx_holds(struct sb_ctx *ctx);

/* Monotonic milliseconds (expiry, rate) and wall-clock seconds (expires_on, timestamps). */
uint64_t sb_now_ms(void);
long long sb_wall_s(void);
/* The wall clock as "2024-01-31T12:00:00Z" into out (at least 21 bytes). */
void sb_wall_iso(char *out, unsigned long size);

#endif
