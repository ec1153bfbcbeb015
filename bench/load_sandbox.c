/* A small curl-multi load generator for the sandbox benchmark (bench/sandbox.sh): gets an
 * app+user token, then keeps N requests in flight for S seconds and prints the completed
 * requests per second.
 *   load_sandbox URL head|create CONCURRENCY SECONDS
 * head:   HEAD /v1/domains/<unique>.onmicrosoft.com (404, free)
 * create: POST /v1/customers with a unique domain per request (201) */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CONCURRENCY 256

struct slot {
  CURL *easy;
  struct curl_slist *headers;
  char body[8192]; /* request body, or the token reply */
};

struct load {
  const char *base;
  int create;
  char auth[4200];
  long seq;
  long ok, failed;
};

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t keep(char *ptr, size_t size, size_t n, void *userdata)
{
  struct slot *s = userdata;
  size_t len = size * n, used = strlen(s->body);
  if (used + len < sizeof(s->body)) {
    memcpy(s->body + used, ptr, len);
    s->body[used + len] = '\0';
  }
  return len;
}

static size_t discard(char *ptr, size_t size, size_t n, void *userdata)
{
  (void)ptr;
  (void)userdata;
  return size * n;
}

static int get_token(struct load *l)
{
  struct slot s = {0};
  char url[512];
  CURL *h = curl_easy_init();
  snprintf(url, sizeof(url), "%s/sandbox-partner/oauth2/token", l->base);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS,
                   "grant_type=refresh_token&client_id=sandbox-app&client_secret=sandbox-secret"
                   "&refresh_token=sandbox-refresh-token");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_cleanup(h);
  const char *tok = strstr(s.body, "\"access_token\":\"");
  if (rc != CURLE_OK || !tok)
    return 1;
  tok += strlen("\"access_token\":\"");
  snprintf(l->auth, sizeof(l->auth), "Authorization: Bearer %.*s", (int)strcspn(tok, "\""), tok);
  return 0;
}

static void start(CURLM *multi, struct load *l, struct slot *s)
{
  char url[512];
  long n = l->seq++;
  s->easy = curl_easy_init();
  s->headers = curl_slist_append(NULL, l->auth);
  s->headers = curl_slist_append(s->headers, "Content-Type: application/json");
  if (l->create) {
    snprintf(url, sizeof(url), "%s/v1/customers", l->base);
    snprintf(s->body, sizeof(s->body),
             "{\"enableGDAPByDefault\":true,\"CompanyProfile\":{\"Domain\":\"bench%ld\"},"
             "\"BillingProfile\":{\"Email\":\"a@bench.example\",\"Culture\":\"en-US\","
             "\"Language\":\"en\",\"CompanyName\":\"Bench %ld Inc\",\"DefaultAddress\":{"
             "\"FirstName\":\"Ann\",\"LastName\":\"Lee\",\"AddressLine1\":\"1 Main St\","
             "\"City\":\"Austin\",\"State\":\"TX\",\"PostalCode\":\"73301\","
             "\"Country\":\"US\"}}}",
             n, n);
    curl_easy_setopt(s->easy, CURLOPT_POSTFIELDS, s->body);
  } else {
    snprintf(url, sizeof(url), "%s/v1/domains/bench%ld.onmicrosoft.com", l->base, n);
    curl_easy_setopt(s->easy, CURLOPT_NOBODY, 1L);
  }
  curl_easy_setopt(s->easy, CURLOPT_URL, url);
  curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, s->headers);
  curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s);
  curl_multi_add_handle(multi, s->easy);
}

static void finish(CURLM *multi, struct load *l, CURLMsg *msg, struct slot **done)
{
  long status = 0;
  curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)done);
  curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
  if (msg->data.result == CURLE_OK && status == (l->create ? 201 : 404))
    l->ok++;
  else
    l->failed++;
  curl_multi_remove_handle(multi, msg->easy_handle);
  curl_easy_cleanup(msg->easy_handle);
  curl_slist_free_all((*done)->headers);
}

static void run(struct load *l, int concurrency, double seconds)
{
  static struct slot slots[MAX_CONCURRENCY];
  CURLM *multi = curl_multi_init();
  int running = 0, in_flight = concurrency;
  for (int i = 0; i < concurrency; i++)
    start(multi, l, &slots[i]);
  double began = now_s(), end = began + seconds;
  while (in_flight > 0) {
    curl_multi_perform(multi, &running);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(multi, &left))) {
      struct slot *s;
      finish(multi, l, msg, &s);
      if (now_s() < end)
        start(multi, l, s);
      else
        in_flight--;
    }
    if (in_flight > 0)
      curl_multi_poll(multi, NULL, 0, 100, NULL);
  }
  double took = now_s() - began;
  curl_multi_cleanup(multi);
  printf("%s: %ld ok, %ld failed in %.2f s at concurrency %d: %.0f req/s\n",
         l->create ? "create (POST /v1/customers)" : "domain check (HEAD /v1/domains)", l->ok,
         l->failed, took, concurrency, (double)l->ok / took);
}

int main(int argc, char **argv)
{
  struct load l = {0};
  if (argc != 5) {
    fputs("usage: load_sandbox URL head|create CONCURRENCY SECONDS\n", stderr);
    return 2;
  }
  l.base = argv[1];
  l.create = !strcmp(argv[2], "create");
  int concurrency = (int)strtol(argv[3], NULL, 10);
  double seconds = strtod(argv[4], NULL);
  if (concurrency < 1 || concurrency > MAX_CONCURRENCY || seconds <= 0) {
    fputs("load_sandbox: CONCURRENCY must be 1-256 and SECONDS positive\n", stderr);
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  if (get_token(&l) != 0) {
    fprintf(stderr, "load_sandbox: no token from %s\n", l.base);
    return 1;
  }
  run(&l, concurrency, seconds);
  curl_global_cleanup();
  return l.failed ? 1 : 0;
}
