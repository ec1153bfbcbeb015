/* Tests for src/report/html_escape.c and html_page.c: the one escaping function (markup,
 * quotes, malformed UTF-8, control characters) and a page drawn from rows whose companies and
 * messages try to inject markup: nothing of theirs survives unescaped, and the page fetches
 * nothing. */
#include "report/html_page.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "report/html_escape.h"

static char *escaped(const char *s)
{
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  html_escape(mem, s);
  fclose(mem);
  return text;
}

TEST(markup_ampersands_and_both_quotes_become_character_references)
{
  char *got = escaped("<script>alert(\"x\")</script> & 'q'");
  CHECK_STR_EQ("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;", got);
  free(got);
}

TEST(text_without_special_characters_is_copied_as_it_is)
{
  char *got = escaped("M\xC3\xBCller GmbH \xE2\x80\x93 K\xC3\xB6ln");
  CHECK_STR_EQ("M\xC3\xBCller GmbH \xE2\x80\x93 K\xC3\xB6ln", got);
  free(got);
}

TEST(malformed_utf8_becomes_the_replacement_character_and_controls_a_space)
{
  char *got = escaped("a\xC3(b\xFF\x01\tc\xE2\x82");
  CHECK_STR_EQ("a\xEF\xBF\xBD(b\xEF\xBF\xBD \tc\xEF\xBF\xBD\xEF\xBF\xBD", got);
  free(got);
}

TEST(null_writes_nothing)
{
  char *got = escaped(NULL);
  CHECK_STR_EQ("", got);
  free(got);
}

static char *page_text(const struct summary_model *m, const struct run_record *r)
{
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  struct html_page page = {m, r, "out/<b>report</b>.csv", "some rows <failed>"};
  CHECK_INT_EQ(0, html_page_write(mem, &page));
  fclose(mem);
  return text;
}

static struct summary_model *hostile_model(void)
{
  struct summary_model *m = summary_model_open();
  struct summary_record recs[] = {
      {1, ROW_INVALID, ACTION_CREATE, "US", "<script>alert(1)</script>", "email:pattern",
       "email \"<img src=x onerror=alert(2)>\" & more", 0},
      {2, ROW_FAILED, ACTION_CREATE, "DE", "O'Brien & \"Sons\"", "api_error", "refused", 1},
      {3, ROW_CREATED, ACTION_CREATE, "DE", "Fine", "", "", 2},
      {4, ROW_INVITED, ACTION_INVITE, "FR", "Invited", "", "", 1},
  };
  for (size_t i = 0; i < sizeof(recs) / sizeof(recs[0]); i++)
    CHECK_INT_EQ(0, summary_model_add(m, &recs[i]));
  return m;
}

TEST(a_page_escapes_every_company_message_and_path_from_the_report)
{
  struct summary_model *m = hostile_model();
  struct run_record r;
  run_record_init(&r);
  char *html = page_text(m, &r);
  CHECK(strstr(html, "<script") == NULL);
  CHECK(strstr(html, "<img") == NULL);
  CHECK(strstr(html, "<b>report") == NULL);
  CHECK_CONTAINS(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK_CONTAINS(html, "O&#39;Brien &amp; &quot;Sons&quot;");
  CHECK_CONTAINS(html, "email &quot;&lt;img src=x onerror=alert(2)&gt;&quot; &amp; more");
  CHECK_CONTAINS(html, "out/&lt;b&gt;report&lt;/b&gt;.csv");
  free(html);
  summary_model_close(m);
}

TEST(a_page_fetches_nothing_and_forbids_fetching)
{
  struct summary_model *m = hostile_model();
  struct run_record r;
  run_record_init(&r);
  char *html = page_text(m, &r);
  CHECK_CONTAINS(html, "Content-Security-Policy\" content=\"default-src 'none'");
  CHECK(strstr(html, "http://") == NULL);
  CHECK(strstr(html, "https://") == NULL);
  CHECK(strstr(html, " src=\"") == NULL);
  CHECK_CONTAINS(html, "@media print");
  free(html);
  summary_model_close(m);
}

TEST(a_page_lists_each_status_count_and_each_reason_with_its_rows)
{
  struct summary_model *m = hostile_model();
  struct run_record r;
  run_record_init(&r);
  r.exit_code = 1;
  char *html = page_text(m, &r);
  CHECK_CONTAINS(html, "<tr data-status=\"invalid\">");
  CHECK_CONTAINS(html, "<td class=\"n count\">1</td>");
  CHECK_CONTAINS(html, "id=\"total-rows\">4</td>");
  CHECK_CONTAINS(html, "<tbody data-reason=\"email:pattern\">");
  CHECK_CONTAINS(html, "<tbody data-reason=\"api_error\">");
  CHECK_CONTAINS(html, "<td class=\"n row\">2</td>");
  CHECK_CONTAINS(html, "id=\"exit-code\">1</span>");
  CHECK_CONTAINS(html, "<span class=\"exit\">1</span> some rows &lt;failed&gt;");
  CHECK_CONTAINS(html, "<details>");
  free(html);
  summary_model_close(m);
}

TEST(a_run_record_shows_its_settings_requests_and_timeline)
{
  struct summary_model *m = hostile_model();
  struct run_record r;
  run_record_init(&r);
  snprintf(r.mode, sizeof(r.mode), "run");
  snprintf(r.partner_id, sizeof(r.partner_id), "1234567");
  snprintf(r.rate, sizeof(r.rate), "400/min");
  r.has_requests = true;
  r.requests = 10;
  r.throttled = 2;
  request_timeline_add(&r.timeline, 0, REQUEST_STARTED, 6);
  request_timeline_add(&r.timeline, 3000, REQUEST_STARTED, 4);
  request_timeline_add(&r.timeline, 3000, REQUEST_THROTTLED, 2);
  char *html = page_text(m, &r);
  CHECK_CONTAINS(html, "<dd>1234567</dd>");
  CHECK_CONTAINS(html, "<dd>400/min</dd>");
  CHECK_CONTAINS(html, "id=\"req-total\">10</dd>");
  CHECK_CONTAINS(html, "id=\"req-per-created\">10.0</dd>");
  CHECK_CONTAINS(html, "from 3 s: 4 requests, 2 answered 429, 0 retried");
  free(html);
  summary_model_close(m);
}

RUN_TESTS()
