/* Device codes and rotating refresh tokens (signins.h). A device code's story is decided by
 * counting its polls against the behaviour options, never by the clock, so a test of approve,
 * deny, expire or slow_down gives the same answers however fast it polls. */
#include "sandbox/signins.h"

#include <stdlib.h>
#include <string.h>

#include "base/errors.h"

enum device_status { DEVICE_WAITING, DEVICE_APPROVED, DEVICE_USED };

struct sb_device {
  char *user_code;
  unsigned polls;
  enum device_status status;
};

static void free_device(void *value)
{
  struct sb_device *d = value;
  free(d->user_code);
  free(d);
}

int sb_signins_init(struct sb_signins *si, const struct sb_device_behaviour *behaviour,
                    unsigned refresh_uses)
{
  memset(si, 0, sizeof(*si));
  pthread_mutex_init(&si->lock, NULL);
  si->behaviour = *behaviour;
  si->refresh_uses = refresh_uses;
  strmap_init(&si->devices, free_device);
  strmap_init(&si->refresh, free);
  return 0;
}

void sb_signins_release(struct sb_signins *si)
{
  strmap_release(&si->devices);
  strmap_release(&si->refresh);
  pthread_mutex_destroy(&si->lock);
}

int sb_signins_add_device(struct sb_signins *si, const char *device_code, const char *user_code)
{
  struct sb_device *d = calloc(1, sizeof(*d));
  if (d)
    d->user_code = strdup(user_code);
  if (!d || !d->user_code) {
    free(d);
    return CSP_E_NOMEM;
  }
  pthread_mutex_lock(&si->lock);
  int rc = strmap_put(&si->devices, device_code, d);
  if (!rc)
    si->codes_issued++;
  pthread_mutex_unlock(&si->lock);
  if (rc)
    free_device(d);
  return rc;
}

/* The verdict of the n-th poll (n from 1) of d, under the lock. */
static enum sb_device_verdict judge(struct sb_signins *si, struct sb_device *d)
{
  const struct sb_device_behaviour *b = &si->behaviour;
  unsigned n = ++d->polls;
  if (d->status == DEVICE_USED)
    return SB_DEVICE_UNKNOWN;
  if (b->expire_after && n > b->expire_after && d->status != DEVICE_APPROVED)
    return SB_DEVICE_EXPIRED;
  if (n <= b->slow_down)
    return SB_DEVICE_SLOW_DOWN;
  if (d->status == DEVICE_WAITING && b->approve_after && n >= b->approve_after)
    d->status = DEVICE_APPROVED;
  if (d->status == DEVICE_APPROVED && b->deny)
    return SB_DEVICE_DENIED;
  if (d->status != DEVICE_APPROVED)
    return SB_DEVICE_PENDING;
  d->status = DEVICE_USED;
  return SB_DEVICE_APPROVED;
}

enum sb_device_verdict sb_signins_poll(struct sb_signins *si, const char *device_code)
{
  pthread_mutex_lock(&si->lock);
  struct sb_device *d = device_code ? strmap_get(&si->devices, device_code) : NULL;
  enum sb_device_verdict v = d ? judge(si, d) : SB_DEVICE_UNKNOWN;
  si->polls++;
  si->slow_downs += v == SB_DEVICE_SLOW_DOWN;
  si->approvals += v == SB_DEVICE_APPROVED;
  si->denials += v == SB_DEVICE_DENIED;
  si->expiries += v == SB_DEVICE_EXPIRED;
  pthread_mutex_unlock(&si->lock);
  return v;
}

struct approve_walk {
  const char *user_code;
  unsigned approved;
};

static void approve_one(void *value, void *ctx)
{
  struct sb_device *d = value;
  struct approve_walk *w = ctx;
  if (d->status == DEVICE_WAITING && (!w->user_code || !strcmp(w->user_code, d->user_code))) {
    d->status = DEVICE_APPROVED;
    w->approved++;
  }
}

unsigned sb_signins_approve(struct sb_signins *si, const char *user_code)
{
  struct approve_walk w = {user_code, 0};
  pthread_mutex_lock(&si->lock);
  strmap_each(&si->devices, approve_one, &w);
  pthread_mutex_unlock(&si->lock);
  return w.approved;
}

int sb_signins_add_refresh(struct sb_signins *si, const char *token)
{
  unsigned *uses = malloc(sizeof(*uses));
  if (!uses)
    return CSP_E_NOMEM;
  *uses = si->refresh_uses;
  pthread_mutex_lock(&si->lock);
  int rc = strmap_put(&si->refresh, token, uses);
  pthread_mutex_unlock(&si->lock);
  if (rc)
    free(uses);
  return rc;
}

bool sb_signins_redeem(struct sb_signins *si, const char *token)
{
  pthread_mutex_lock(&si->lock);
  unsigned *uses = token ? strmap_get(&si->refresh, token) : NULL;
  bool ok = uses && *uses > 0;
  if (ok)
    --*uses;
  si->redemptions += ok;
  si->refused_redemptions += !ok;
  pthread_mutex_unlock(&si->lock);
  return ok;
}

void sb_signins_count(struct sb_signins *si, bool accepted)
{
  pthread_mutex_lock(&si->lock);
  si->redemptions += accepted;
  si->refused_redemptions += !accepted;
  pthread_mutex_unlock(&si->lock);
}

void sb_signins_dump(struct sb_signins *si, cJSON *dump)
{
  cJSON *device = cJSON_AddObjectToObject(dump, "device");
  cJSON *refresh = cJSON_AddObjectToObject(dump, "refresh_tokens");
  pthread_mutex_lock(&si->lock);
  cJSON_AddNumberToObject(device, "codes_issued", (double)si->codes_issued);
  cJSON_AddNumberToObject(device, "polls", (double)si->polls);
  cJSON_AddNumberToObject(device, "slow_downs", (double)si->slow_downs);
  cJSON_AddNumberToObject(device, "approved", (double)si->approvals);
  cJSON_AddNumberToObject(device, "denied", (double)si->denials);
  cJSON_AddNumberToObject(device, "expired", (double)si->expiries);
  cJSON_AddBoolToObject(refresh, "rotating", si->refresh_uses > 0);
  cJSON_AddNumberToObject(refresh, "redeemed", (double)si->redemptions);
  cJSON_AddNumberToObject(refresh, "refused", (double)si->refused_redemptions);
  pthread_mutex_unlock(&si->lock);
}
