/* One email over SMTP (smtp.h): a libcurl easy handle in mail mode, fed from memory by a read
 * callback. A new connection per mail: invitations are few, and a fresh conversation cannot
 * inherit a half-failed one's state. The handle never runs verbose, so AUTH lines (the
 * password) are not printed anywhere. */
#include "http/smtp.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/errors.h"
#include "http/url.h"

struct upload {
  const char *data;
  size_t len;
  size_t sent;
};

static size_t read_message(char *buf, size_t size, size_t nitems, void *userdata)
{
  struct upload *u = userdata;
  size_t room = size * nitems, left = u->len - u->sent;
  size_t n = left < room ? left : room;
  memcpy(buf, u->data + u->sent, n);
  u->sent += n;
  return n;
}

static bool implicit_tls(const char *url)
{
  return strncasecmp(url, "smtps://", 8) == 0;
}

int smtp_check_url(const char *url, char *why, size_t cap)
{
  if (!url || !*url) {
    snprintf(why, cap, "invites.smtp_url is empty: set smtps://HOST:465 or smtp://HOST:587");
    return CSP_E_CONFIG;
  }
  if (!implicit_tls(url) && strncasecmp(url, "smtp://", 7) != 0) {
    snprintf(why, cap, "invites.smtp_url '%s' is not smtp:// or smtps://", url);
    return CSP_E_CONFIG;
  }
  return CSP_E_OK;
}

static void set_envelope(CURL *easy, const struct smtp_server *server, const char *mail_from,
                         struct curl_slist *rcpt, struct upload *u)
{
  bool plain_ok = http_url_host_is_loopback(server->url);
  curl_easy_setopt(easy, CURLOPT_URL, server->url);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, server->timeout_s);
  curl_easy_setopt(easy, CURLOPT_USE_SSL,
                   implicit_tls(server->url) || !plain_ok ? (long)CURLUSESSL_ALL
                                                          : (long)CURLUSESSL_NONE);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (server->username && server->password) {
    curl_easy_setopt(easy, CURLOPT_USERNAME, server->username);
    curl_easy_setopt(easy, CURLOPT_PASSWORD, server->password);
  }
  curl_easy_setopt(easy, CURLOPT_MAIL_FROM, mail_from);
  curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(easy, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(easy, CURLOPT_READDATA, u);
  curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t)u->len);
}

static void describe_failure(CURL *easy, CURLcode res, const char *curl_error, char *error,
                             size_t cap)
{
  long reply = 0;
  (void)curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &reply);
  const char *text = curl_error[0] ? curl_error : curl_easy_strerror(res);
  if (reply)
    snprintf(error, cap, "%s (SMTP reply %ld)", text, reply);
  else
    snprintf(error, cap, "%s", text);
}

int smtp_send(const struct smtp_server *server, const char *mail_from, const char *rcpt,
              const char *message, size_t len, char *error, size_t cap)
{
  char curl_error[CURL_ERROR_SIZE] = "";
  struct upload u = {message, len, 0};
  CURL *easy = curl_easy_init();
  struct curl_slist *rcpts = easy ? curl_slist_append(NULL, rcpt) : NULL;
  int rc = rcpts ? CSP_E_OK : CSP_E_NOMEM;
  if (rc) {
    snprintf(error, cap, "out of memory");
    goto out;
  }
  set_envelope(easy, server, mail_from, rcpts, &u);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, curl_error);
  CURLcode res = curl_easy_perform(easy);
  if (res != CURLE_OK) {
    describe_failure(easy, res, curl_error, error, cap);
    rc = CSP_E_UNREACHABLE;
  }
out:
  curl_slist_free_all(rcpts);
  curl_easy_cleanup(easy);
  return rc;
}
