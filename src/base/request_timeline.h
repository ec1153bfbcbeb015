/* The run's requests over time, for the summary page: how many requests started, how many
 * came back 429 and how many were retried, in buckets of equal width from the run's start.
 * Memory is fixed (REQUEST_TIMELINE_BUCKETS): buckets start one second wide, and when an event
 * falls past the last bucket, neighbouring buckets are merged in pairs and the width doubles,
 * as often as needed. A short run keeps per-second detail; a day-long run still fits.
 *
 * Pure: every call takes now_ms (clock.h); nothing is allocated. Not thread-safe (the pool's
 * loop is its only writer). */
#ifndef CSP_REQUEST_TIMELINE_H
#define CSP_REQUEST_TIMELINE_H

#include "base/limits.h"

enum request_event { REQUEST_STARTED, REQUEST_THROTTLED, REQUEST_RETRIED, REQUEST_EVENT_COUNT };

struct request_bucket {
  long long count[REQUEST_EVENT_COUNT]; /* by enum request_event */
};

struct request_timeline {
  long long start_ms; /* time of bucket 0's start */
  long long width_ms; /* every bucket's width */
  int used;           /* buckets [0, used) are in use; 0: no event yet */
  struct request_bucket bucket[REQUEST_TIMELINE_BUCKETS];
};

/* An empty timeline whose bucket 0 starts at start_ms, one second wide. */
void request_timeline_init(struct request_timeline *t, long long start_ms);
/* Counts one event at now_ms (a time before start_ms counts in bucket 0). */
void request_timeline_note(struct request_timeline *t, long long now_ms, enum request_event event);
/* Adds n events to the bucket starting at offset_ms from the start, with the current width
 * grown as needed (a journal's stored buckets read back, or a merge). */
void request_timeline_add(struct request_timeline *t, long long offset_ms, enum request_event event,
                          long long n);
/* Sum of one event over every bucket. */
long long request_timeline_total(const struct request_timeline *t, enum request_event event);

#endif
