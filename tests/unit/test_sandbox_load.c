/* A load test of the sandbox (run under ASan by scripts/test to catch leaks and races):
 * 10,000 domain checks at concurrency 32 through curl multi, every one answered, and the
 * request counters add up. */
#include <cjson/cJSON.h>

#include "check.h"
#include "sandbox_client.h"

#define TOTAL 10000
#define CONCURRENCY 32

struct slot {
  CURL *easy;
  struct sc_reply reply;
  struct curl_slist *headers;
};

static void start_one(CURLM *multi, struct sc_client *c, struct slot *s, int n)
{
  char path[96];
  if (n % 2)
    snprintf(path, sizeof(path), "/v1/domains/free%d.onmicrosoft.com", n);
  else
    snprintf(path, sizeof(path), "/v1/domains/load1.onmicrosoft.com");
  memset(&s->reply, 0, sizeof(s->reply));
  s->easy = sc_easy(c, "HEAD", path, NULL, NULL, &s->reply, &s->headers);
  curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s);
  curl_multi_add_handle(multi, s->easy);
}

/* Runs TOTAL requests keeping CONCURRENCY in flight; counts the answered ones. */
static int run_load(struct sc_client *c, int *answered)
{
  struct slot slots[CONCURRENCY];
  CURLM *multi = curl_multi_init();
  int started = 0, running = 0, done = 0;
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)CONCURRENCY);
  for (; started < CONCURRENCY; started++)
    start_one(multi, c, &slots[started], started);
  while (done < TOTAL) {
    curl_multi_perform(multi, &running);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(multi, &left))) {
      struct slot *s;
      long status = 0;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&s);
      curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
      *answered += msg->data.result == CURLE_OK && (status == 200 || status == 404);
      curl_multi_remove_handle(multi, s->easy);
      curl_easy_cleanup(s->easy);
      curl_slist_free_all(s->headers);
      sc_reply_free(&s->reply);
      done++;
      if (started < TOTAL)
        start_one(multi, c, s, started++);
    }
    if (done < TOTAL)
      curl_multi_poll(multi, NULL, 0, 1000, NULL);
  }
  curl_multi_cleanup(multi);
  return done;
}

TEST(ten_thousand_domain_checks_at_concurrency_32_are_all_answered_and_counted)
{
  struct sc_client c;
  struct sc_reply r;
  char body[2048];
  int answered = 0;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CHECK(sc_start(&c, NULL));
  sc_us_customer(body, sizeof(body), "load1", "");
  SC_EXPECT(&c, "POST", "/v1/customers", body, 201, NULL);
  CHECK_INT_EQ(TOTAL, run_load(&c, &answered));
  CHECK_INT_EQ(TOTAL, answered);
  sc_request(&c, "GET", "/sandbox/state", NULL, NULL, &r);
  cJSON *doc = cJSON_Parse(sc_body(&r));
  cJSON *head = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "requests"), "HEAD /v1/domains");
  CHECK_INT_EQ(TOTAL / 2, cJSON_GetObjectItem(head, "200")->valueint);
  CHECK_INT_EQ(TOTAL / 2, cJSON_GetObjectItem(head, "404")->valueint);
  cJSON_Delete(doc);
  sc_reply_free(&r);
  sc_stop(&c);
  curl_global_cleanup();
}

RUN_TESTS()
