/* Tests for src/http/request_timeline.c: per-second buckets, coarsening by merged pairs
 * when a run outlasts them, and no event ever lost. Times are passed in: nothing sleeps. */
#include "base/request_timeline.h"

#include "check.h"

TEST(events_land_in_the_second_they_happened)
{
  struct request_timeline t;
  request_timeline_init(&t, 5000);
  request_timeline_note(&t, 5000, REQUEST_STARTED);
  request_timeline_note(&t, 5999, REQUEST_STARTED);
  request_timeline_note(&t, 7200, REQUEST_THROTTLED);
  request_timeline_note(&t, 7300, REQUEST_RETRIED);
  CHECK_INT_EQ(1000, t.width_ms);
  CHECK_INT_EQ(3, t.used);
  CHECK_INT_EQ(2, t.bucket[0].count[REQUEST_STARTED]);
  CHECK_INT_EQ(0, t.bucket[1].count[REQUEST_STARTED]);
  CHECK_INT_EQ(1, t.bucket[2].count[REQUEST_THROTTLED]);
  CHECK_INT_EQ(1, t.bucket[2].count[REQUEST_RETRIED]);
}

TEST(an_event_before_the_start_counts_in_the_first_bucket)
{
  struct request_timeline t;
  request_timeline_init(&t, 5000);
  request_timeline_note(&t, 4000, REQUEST_STARTED);
  CHECK_INT_EQ(1, t.bucket[0].count[REQUEST_STARTED]);
}

TEST(a_run_longer_than_the_buckets_doubles_their_width_and_keeps_every_event)
{
  struct request_timeline t;
  request_timeline_init(&t, 0);
  long long n = 0;
  for (long long ms = 0; ms < 1000LL * REQUEST_TIMELINE_BUCKETS * 5; ms += 250, n++)
    request_timeline_note(&t, ms, REQUEST_STARTED);
  CHECK_INT_EQ(8000, t.width_ms); /* 600 s over 120 buckets: 5 s, rounded up to a doubling */
  CHECK(t.used <= REQUEST_TIMELINE_BUCKETS);
  CHECK_INT_EQ(n, request_timeline_total(&t, REQUEST_STARTED));
  CHECK_INT_EQ(32, t.bucket[0].count[REQUEST_STARTED]); /* 4 a second, 8 s */
}

TEST(stored_buckets_added_back_rebuild_the_same_timeline)
{
  struct request_timeline a, b;
  request_timeline_init(&a, 0);
  for (long long ms = 0; ms < 300000; ms += 700)
    request_timeline_note(&a, ms, ms % 3 ? REQUEST_STARTED : REQUEST_RETRIED);
  request_timeline_init(&b, 0);
  b.width_ms = a.width_ms;
  for (int i = 0; i < a.used; i++)
    for (int e = 0; e < REQUEST_EVENT_COUNT; e++)
      request_timeline_add(&b, i * a.width_ms, (enum request_event)e, a.bucket[i].count[e]);
  CHECK_INT_EQ(a.used, b.used);
  CHECK(memcmp(a.bucket, b.bucket, sizeof(a.bucket)) == 0);
}

RUN_TESTS()
