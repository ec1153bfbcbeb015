/* Bucketed counts of request events (request_timeline.h). The one operation that is not a
 * plain increment is coarsening: merging bucket pairs (2i, 2i+1) into bucket i halves the
 * buckets in use and doubles the width, so counts are never lost and every bucket keeps one
 * width. */
#include "base/request_timeline.h"

#include <string.h>

void request_timeline_init(struct request_timeline *t, long long start_ms)
{
  memset(t, 0, sizeof(*t));
  t->start_ms = start_ms;
  t->width_ms = 1000;
}

static void coarsen(struct request_timeline *t)
{
  int half = (t->used + 1) / 2;
  for (int i = 0; i < half; i++) {
    struct request_bucket merged = t->bucket[2 * i];
    if (2 * i + 1 < t->used)
      for (int e = 0; e < REQUEST_EVENT_COUNT; e++)
        merged.count[e] += t->bucket[2 * i + 1].count[e];
    t->bucket[i] = merged;
  }
  memset(&t->bucket[half], 0, (size_t)(REQUEST_TIMELINE_BUCKETS - half) * sizeof(t->bucket[0]));
  t->used = half;
  t->width_ms *= 2;
}

void request_timeline_add(struct request_timeline *t, long long offset_ms, enum request_event event,
                          long long n)
{
  if ((unsigned)event >= REQUEST_EVENT_COUNT || n <= 0)
    return;
  if (offset_ms < 0)
    offset_ms = 0;
  while (offset_ms / t->width_ms >= REQUEST_TIMELINE_BUCKETS)
    coarsen(t);
  int i = (int)(offset_ms / t->width_ms);
  t->bucket[i].count[event] += n;
  if (i + 1 > t->used)
    t->used = i + 1;
}

void request_timeline_note(struct request_timeline *t, long long now_ms, enum request_event event)
{
  request_timeline_add(t, now_ms - t->start_ms, event, 1);
}

long long request_timeline_total(const struct request_timeline *t, enum request_event event)
{
  long long sum = 0;
  for (int i = 0; i < t->used && (unsigned)event < REQUEST_EVENT_COUNT; i++)
    sum += t->bucket[i].count[event];
  return sum;
}
