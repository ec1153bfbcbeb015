/* Tests for src/http/url.c: percent-encoding and loopback detection. */
#include "http/url.h"

#include "check.h"

TEST(escaping_keeps_unreserved_characters_and_encodes_the_rest)
{
  struct arena a;
  arena_init(&a, 0);
  CHECK_STR_EQ("contoso-1.onmicrosoft.com_~", http_url_escape(&a, "contoso-1.onmicrosoft.com_~"));
  CHECK_STR_EQ("a%2Bb%2Fc%3Dd%26e%25f%20g", http_url_escape(&a, "a+b/c=d&e%f g"));
  CHECK_STR_EQ("%C3%A9", http_url_escape(&a, "\xc3\xa9"));
  CHECK_STR_EQ("", http_url_escape(&a, ""));
  arena_release(&a);
}

TEST(loopback_hosts_are_recognised)
{
  CHECK(http_url_is_loopback("http://127.0.0.1:8080/v1/customers"));
  CHECK(http_url_is_loopback("https://127.1.2.3/"));
  CHECK(http_url_is_loopback("http://localhost:5000"));
  CHECK(http_url_is_loopback("http://LOCALHOST/x"));
  CHECK(http_url_is_loopback("http://[::1]:8080/v1"));
  CHECK(http_url_is_loopback("http://user:pw@127.0.0.1:1/"));
  CHECK(http_url_is_loopback("http://127.0.0.1?x=1"));
}

TEST(look_alike_and_remote_hosts_are_not_loopback)
{
  CHECK(!http_url_is_loopback("https://api.partnercenter.microsoft.com/v1"));
  CHECK(!http_url_is_loopback("http://127.0.0.1.example.com/"));
  CHECK(!http_url_is_loopback("http://localhost.evil.com/"));
  CHECK(!http_url_is_loopback("http://128.0.0.1/"));
  CHECK(!http_url_is_loopback("http://127.0.0/"));
  CHECK(!http_url_is_loopback("http://127.0.0.256/"));
  CHECK(!http_url_is_loopback("http://127.0.0.1./"));
  CHECK(!http_url_is_loopback("http://[::2]/"));
  CHECK(!http_url_is_loopback("http://evil.com/?u=http://127.0.0.1"));
  CHECK(!http_url_is_loopback("http://127.0.0.1@evil.com/"));
  CHECK(!http_url_is_loopback("ftp://127.0.0.1/"));
  CHECK(!http_url_is_loopback("127.0.0.1"));
  CHECK(!http_url_is_loopback(NULL));
}

TEST(the_host_test_for_any_scheme_accepts_mail_urls_but_not_remote_hosts)
{
  CHECK(http_url_host_is_loopback("smtp://127.0.0.1:2525"));
  CHECK(http_url_host_is_loopback("smtp://localhost"));
  CHECK(!http_url_host_is_loopback("smtp://smtp.example.com:587"));
  CHECK(!http_url_host_is_loopback("smtp://127.0.0.1.example.com"));
  CHECK(!http_url_host_is_loopback("127.0.0.1:25"));
  CHECK(!http_url_host_is_loopback(NULL));
}

TEST(absolute_urls_need_an_http_scheme)
{
  CHECK(http_url_is_absolute("https://x/"));
  CHECK(http_url_is_absolute("HTTP://x/"));
  CHECK(!http_url_is_absolute("/v1/customers"));
  CHECK(!http_url_is_absolute("customers?size=1"));
}

RUN_TESTS()
