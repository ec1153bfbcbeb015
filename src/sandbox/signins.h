/* The sandbox's sign-in state, behind its own mutex: device codes of the device
 * authorization grant (how many polls each has had, whether the user approved, denied or let
 * it expire) and, when refresh tokens rotate (--refresh-token-uses N), every refresh token
 * issued with the uses it has left. Counters for the state dump. */
#ifndef CSP_SANDBOX_SIGNINS_H
#define CSP_SANDBOX_SIGNINS_H

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdbool.h>

#include "base/strmap.h"

/* How the simulated user and the codes behave (from sandbox_options). */
struct sb_device_behaviour {
  unsigned
      approve_after; /* approve on this poll (1 = the first); 0 = only /sandbox/device/approve */
  bool deny;         /* the user declines instead of approving */
  unsigned expire_after; /* the code expires after this many polls; 0 = never */
  unsigned slow_down;    /* the first N polls answer slow_down */
};

enum sb_device_verdict {
  SB_DEVICE_PENDING,
  SB_DEVICE_SLOW_DOWN,
  SB_DEVICE_APPROVED, /* the code is used up: a later poll is unknown */
  SB_DEVICE_DENIED,
  SB_DEVICE_EXPIRED,
  SB_DEVICE_UNKNOWN,
};

struct sb_signins {
  pthread_mutex_t lock;
  struct sb_device_behaviour behaviour;
  unsigned refresh_uses; /* uses of each refresh token; 0: no rotation */
  struct strmap devices; /* device_code -> struct sb_device */
  struct strmap refresh; /* refresh token -> uses left (as a heap unsigned) */
  unsigned long codes_issued, polls, slow_downs, approvals, denials, expiries;
  unsigned long redemptions, refused_redemptions;
};

int sb_signins_init(struct sb_signins *si, const struct sb_device_behaviour *behaviour,
                    unsigned refresh_uses);
void sb_signins_release(struct sb_signins *si);

/* Registers a new device code with its user code (both copied). Returns 0 or CSP_E_NOMEM. */
int sb_signins_add_device(struct sb_signins *si, const char *device_code, const char *user_code);
/* One poll of device_code: counts it and answers what the simulated user has done. */
enum sb_device_verdict sb_signins_poll(struct sb_signins *si, const char *device_code);
/* Approves the pending code with user_code, or every pending code when user_code is NULL.
 * Returns how many were approved. */
unsigned sb_signins_approve(struct sb_signins *si, const char *user_code);

/* Rotation only: registers a newly issued refresh token with its uses. Returns 0 or
 * CSP_E_NOMEM. */
int sb_signins_add_refresh(struct sb_signins *si, const char *token);
/* Rotation only: spends one use of token. Returns true when it was valid (had a use left). */
bool sb_signins_redeem(struct sb_signins *si, const char *token);
/* Without rotation: counts a redemption (accepted or refused) for the state dump. */
void sb_signins_count(struct sb_signins *si, bool accepted);

/* {"device":{…counters},"refresh_tokens":{"rotating":…,"redeemed":…,"refused":…}} members
 * added to dump. */
void sb_signins_dump(struct sb_signins *si, cJSON *dump);

#endif
