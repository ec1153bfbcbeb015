/* The shared context (context.h): option defaults and copies, the pieces built at start,
 * the clock, and an interruptible sleep so that sandbox_close never waits for a handler
 * that is adding latency or withholding a response. */
#include "sandbox/context.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "base/errors.h"
#include "base/limits.h"
#include "sandbox/tenants.h"

static const char *const partner_types[] = {"direct", "indirect_provider", "indirect_reseller",
                                            "advisor"};

void sandbox_options_init(struct sandbox_options *opts)
{
  memset(opts, 0, sizeof(*opts));
  memcpy(opts->partner_market, "US", 3);
  opts->client_id = "sandbox-app";
  opts->client_secret = "sandbox-secret";
  opts->refresh_token = "sandbox-refresh-token";
  opts->token_ttl_s = CSP_SANDBOX_TOKEN_TTL_S;
  opts->partner_type = "direct";
  opts->partner_tenant_id = "11111111-2222-3333-4444-555555555555";
  opts->partner_mpn_id = "1234567";
  opts->provider_tenant_id = "99999999-aaaa-bbbb-cccc-dddddddddddd";
  opts->hang_ms = 120000;
  opts->page_cap = 100;
  opts->device_interval_s = 5;
}

/* Copies *field (or def when NULL) into ctx->owned[slot] and points *field at the copy. */
static int own(struct sb_ctx *ctx, int slot, const char **field, const char *def)
{
  const char *src = *field ? *field : def;
  ctx->owned[slot] = src ? strdup(src) : NULL;
  if (src && !ctx->owned[slot])
    return CSP_E_NOMEM;
  *field = ctx->owned[slot];
  return 0;
}

static int copy_options(struct sb_ctx *ctx, const struct sandbox_options *opts)
{
  struct sandbox_options defaults;
  sandbox_options_init(&defaults);
  ctx->opts = *opts;
  struct sandbox_options *o = &ctx->opts;
  const char **fields[] = {&o->client_id,         &o->client_secret,     &o->refresh_token,
                           &o->partner_type,      &o->partner_tenant_id, &o->partner_mpn_id,
                           &o->provider_tenant_id};
  const char *defs[] = {defaults.client_id,         defaults.client_secret,
                        defaults.refresh_token,     defaults.partner_type,
                        defaults.partner_tenant_id, defaults.partner_mpn_id,
                        defaults.provider_tenant_id};
  for (int i = 0; i < (int)(sizeof(defs) / sizeof(defs[0])); i++)
    if (own(ctx, i, fields[i], defs[i]) != 0)
      return CSP_E_NOMEM;
  o->faults = NULL;
  o->tenants_file = NULL;
  if (!o->token_ttl_s)
    o->token_ttl_s = defaults.token_ttl_s;
  if (!o->page_cap)
    o->page_cap = defaults.page_cap;
  if (!o->partner_market[0])
    memcpy(o->partner_market, "US", 3);
  return 0;
}

static int check_options(const struct sandbox_options *o)
{
  bool known = false;
  for (size_t i = 0; i < sizeof(partner_types) / sizeof(partner_types[0]); i++)
    known = known || !strcmp(o->partner_type, partner_types[i]);
  if (!known) {
    diag_error("sandbox: unknown partner type '%s' (direct, indirect_provider, "
               "indirect_reseller, advisor)",
               o->partner_type);
    return CSP_E_USAGE;
  }
  if (!sb_market_group(o->partner_market)) {
    diag_error("sandbox: partner market '%s' is not a country in a market group",
               o->partner_market);
    return CSP_E_USAGE;
  }
  return 0;
}

int sb_ctx_init(struct sb_ctx *ctx, const struct sandbox_options *opts)
{
  int rc;
  memset(ctx, 0, sizeof(*ctx));
  pthread_mutex_init(&ctx->stop_lock, NULL);
  pthread_cond_init(&ctx->stop_cond, NULL);
  if ((rc = copy_options(ctx, opts)) != 0 || (rc = check_options(&ctx->opts)) != 0)
    goto fail_options;
  if ((rc = sb_state_init(&ctx->state)) != 0)
    goto fail_options;
  if ((rc = sb_faults_init(&ctx->faults, opts->seed, opts->latency_ms, opts->rate_per_s,
                           opts->faults)) != 0)
    goto fail_state;
  if ((rc = sb_patterns_init(&ctx->patterns)) != 0)
    goto fail_faults;
  struct sb_device_behaviour device = {opts->device_approve_after, opts->device_deny,
                                       opts->device_expire_after, opts->device_slow_down};
  if ((rc = sb_signins_init(&ctx->signins, &device, opts->refresh_token_uses)) != 0)
    goto fail_patterns;
  if (opts->refresh_token_uses &&
      (rc = sb_signins_add_refresh(&ctx->signins, ctx->opts.refresh_token)) != 0)
    goto fail_signins;
  if (opts->tenants_file &&
      (rc = sb_tenants_load(&ctx->state, opts->tenants_file, ctx->opts.partner_market)) != 0)
    goto fail_signins;
  return 0;
fail_signins:
  sb_signins_release(&ctx->signins);
fail_patterns:
  sb_patterns_release(&ctx->patterns);
fail_faults:
  sb_faults_release(&ctx->faults);
fail_state:
  sb_state_release(&ctx->state);
fail_options:
  for (size_t i = 0; i < sizeof(ctx->owned) / sizeof(ctx->owned[0]); i++)
    free(ctx->owned[i]);
  pthread_cond_destroy(&ctx->stop_cond);
  pthread_mutex_destroy(&ctx->stop_lock);
  return rc;
}

void sb_ctx_release(struct sb_ctx *ctx)
{
  sb_signins_release(&ctx->signins);
  sb_patterns_release(&ctx->patterns);
  sb_faults_release(&ctx->faults);
  sb_state_release(&ctx->state);
  for (size_t i = 0; i < sizeof(ctx->owned) / sizeof(ctx->owned[0]); i++)
    free(ctx->owned[i]);
  pthread_cond_destroy(&ctx->stop_cond);
  pthread_mutex_destroy(&ctx->stop_lock);
}

void sb_ctx_stop(struct sb_ctx *ctx)
{
  pthread_mutex_lock(&ctx->stop_lock);
  ctx->stopping = true;
  pthread_cond_broadcast(&ctx->stop_cond);
  pthread_mutex_unlock(&ctx->stop_lock);
}

bool sb_ctx_sleep_ms(struct sb_ctx *ctx, unsigned ms)
{
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += ms / 1000;
  until.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&ctx->stop_lock);
  int err = 0;
  while (!ctx->stopping && err != ETIMEDOUT)
    err = pthread_cond_timedwait(&ctx->stop_cond, &ctx->stop_lock, &until);
  bool running = !ctx->stopping;
  pthread_mutex_unlock(&ctx->stop_lock);
  return running;
}

void sb_ctx_arm_create_hold(struct sb_ctx *ctx, unsigned after)
{
  pthread_mutex_lock(&ctx->stop_lock);
  ctx->hold_armed = true;
  ctx->hold_after = after;
  ctx->hold_arrived = ctx->held = 0;
  pthread_mutex_unlock(&ctx->stop_lock);
}

void sb_ctx_release_creates(struct sb_ctx *ctx)
{
  pthread_mutex_lock(&ctx->stop_lock);
  ctx->hold_armed = false;
  pthread_cond_broadcast(&ctx->stop_cond);
  pthread_mutex_unlock(&ctx->stop_lock);
}

void sb_ctx_hold_create(struct sb_ctx *ctx)
{
  pthread_mutex_lock(&ctx->stop_lock);
  if (ctx->hold_armed && ++ctx->hold_arrived > ctx->hold_after) {
    ctx->held++;
    ctx->waiting++;
    while (ctx->hold_armed && !ctx->stopping)
      pthread_cond_wait(&ctx->stop_cond, &ctx->stop_lock);
    ctx->waiting--;
  }
  pthread_mutex_unlock(&ctx->stop_lock);
}

struct sb_holds sb_ctx_holds(struct sb_ctx *ctx)
{
  pthread_mutex_lock(&ctx->stop_lock);
  struct sb_holds h = {ctx->hold_armed, ctx->held, ctx->waiting};
  pthread_mutex_unlock(&ctx->stop_lock);
  return h;
}

uint64_t sb_now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

long long sb_wall_s(void)
{
  return (long long)time(NULL);
}

void sb_wall_iso(char *out, unsigned long size)
{
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
