/* Tests for src/invites/invite_mail.c: template parsing and its errors, placeholder substitution,
 * the message's headers (no injection through row values, RFC 2047 for non-ASCII), the
 * quoted-printable body and address splitting. */
#include "invites/invite_mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/diag.h"
#include "base/errors.h"

#define URL "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=p1"

static const char template_text[] = "Subject: {partner_name} invites {company_name}\r\n"
                                    "\r\n"
                                    "Dear {first_name} {last_name},\r\n"
                                    "accept here:\r\n"
                                    "{invite_url}\r\n";

/* Parses text with the log captured; returns the rc and leaves the log in *log (free it). */
static int parse_quietly(const char *text, struct invite_template *t, char **log)
{
  size_t len = 0;
  *log = NULL;
  FILE *mem = open_memstream(log, &len);
  diag_setup(DIAG_TEXT, DIAG_ERROR, mem);
  int rc = invite_template_parse(text, strlen(text), "t.txt", t);
  diag_setup(DIAG_TEXT, DIAG_INFO, NULL);
  (void)fclose(mem);
  return rc;
}

static struct invite_message message(void)
{
  struct invite_message m = {
      .from = "Contoso Onboarding <onboarding@contoso.example>",
      .to_name = "Avery Smith",
      .to_addr = "avery@wingtiptoys.com",
      .message_id = "1234@contoso.example",
      .date = 1700000000, /* Tue, 14 Nov 2023 22:13:20 UTC */
      .values = {[INVITE_VAR_COMPANY_NAME] = "Wingtip Toys",
                 [INVITE_VAR_FIRST_NAME] = "Avery",
                 [INVITE_VAR_LAST_NAME] = "Smith",
                 [INVITE_VAR_INVITE_URL] = URL,
                 [INVITE_VAR_PARTNER_NAME] = "Contoso Onboarding"},
  };
  return m;
}

/* Composes m with the standard template; the caller frees the result. */
static char *compose(const struct invite_message *m)
{
  struct invite_template t;
  char *log = NULL, *out = NULL;
  size_t len = 0;
  CHECK_INT_EQ(0, parse_quietly(template_text, &t, &log));
  CHECK_INT_EQ(0, invite_mail_compose(&t, m, &out, &len));
  CHECK_INT_EQ(strlen(out ? out : ""), len);
  invite_template_release(&t);
  free(log);
  return out;
}

TEST(a_template_splits_into_its_subject_and_body_without_carriage_returns)
{
  struct invite_template t;
  char *log;
  CHECK_INT_EQ(0, parse_quietly(template_text, &t, &log));
  CHECK_STR_EQ("{partner_name} invites {company_name}", t.subject);
  CHECK_STR_EQ("Dear {first_name} {last_name},\naccept here:\n{invite_url}\n", t.body);
  invite_template_release(&t);
  free(log);
}

TEST(a_template_without_a_subject_line_is_refused_with_its_line)
{
  struct invite_template t;
  char *log;
  CHECK_INT_EQ(CSP_E_CONFIG, parse_quietly("\nHello {first_name}\n{invite_url}\n", &t, &log));
  CHECK_CONTAINS(log, "t.txt:2: an invitation template starts with a 'Subject:' line");
  CHECK(t.subject == NULL && t.body == NULL);
  free(log);
}

TEST(an_unknown_placeholder_is_refused_naming_it_and_its_line)
{
  struct invite_template t;
  char *log;
  CHECK_INT_EQ(CSP_E_CONFIG,
               parse_quietly("Subject: hi\n\nHello {frist_name}\n{invite_url}\n", &t, &log));
  CHECK_CONTAINS(log, "t.txt:3: unknown placeholder {frist_name}");
  free(log);
}

TEST(a_body_without_the_invitation_link_is_refused)
{
  struct invite_template t;
  char *log;
  CHECK_INT_EQ(CSP_E_CONFIG, parse_quietly("Subject: {invite_url}\n\nHello\n", &t, &log));
  CHECK_CONTAINS(log, "has no {invite_url}");
  free(log);
}

TEST(braces_around_other_text_are_plain_text)
{
  struct invite_template t;
  char *log;
  CHECK_INT_EQ(0, parse_quietly("Subject: a {} b\n\n{ x } {{invite_url}} {A}\n", &t, &log));
  invite_template_release(&t);
  free(log);
}

TEST(the_message_has_every_header_and_crlf_line_endings)
{
  struct invite_message m = message();
  char *mail = compose(&m);
  CHECK_CONTAINS(mail, "From: \"Contoso Onboarding\" <onboarding@contoso.example>\r\n");
  CHECK_CONTAINS(mail, "To: \"Avery Smith\" <avery@wingtiptoys.com>\r\n");
  CHECK_CONTAINS(mail, "Subject: Contoso Onboarding invites Wingtip Toys\r\n");
  CHECK_CONTAINS(mail, "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n");
  CHECK_CONTAINS(mail, "Message-ID: <1234@contoso.example>\r\n");
  CHECK_CONTAINS(mail, "MIME-Version: 1.0\r\n");
  CHECK_CONTAINS(mail, "Content-Type: text/plain; charset=UTF-8\r\n");
  CHECK_CONTAINS(mail, "Content-Transfer-Encoding: quoted-printable\r\n\r\nDear Avery Smith,\r\n");
  for (const char *p = strchr(mail, '\n'); p; p = strchr(p + 1, '\n'))
    CHECK(p[-1] == '\r');
  free(mail);
}

TEST(the_body_is_quoted_printable_with_short_lines)
{
  struct invite_message m = message();
  char *mail = compose(&m);
  /* '=' is encoded and the long link is wrapped with soft breaks at 76 characters at most. */
  CHECK_CONTAINS(mail, "invType=3DResellerRelationship");
  for (char *line = strstr(mail, "\r\n\r\n"); line; line = strstr(line + 2, "\r\n")) {
    char *next = strstr(line + 2, "\r\n");
    if (next)
      CHECK(next - (line + 2) <= 76);
  }
  free(mail);
}

TEST(line_breaks_in_row_values_cannot_add_headers)
{
  struct invite_message m = message();
  m.values[INVITE_VAR_COMPANY_NAME] = "Evil\r\nBcc: victim@example.com";
  m.to_name = "Avery\r\nBcc: x@example.com";
  char *mail = compose(&m);
  CHECK(strstr(mail, "\r\nBcc:") == NULL);
  CHECK_CONTAINS(mail, "Subject: Contoso Onboarding invites Evil  Bcc: victim@example.com\r\n");
  free(mail);
}

TEST(non_ascii_names_and_subjects_are_rfc2047_encoded)
{
  struct invite_message m = message();
  m.values[INVITE_VAR_COMPANY_NAME] = "Müller GmbH";
  m.to_name = "Jürgen Müller";
  char *mail = compose(&m);
  CHECK_CONTAINS(mail, "To: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <avery@wingtiptoys.com>\r\n");
  CHECK_CONTAINS(mail, "Subject: =?UTF-8?B?");
  CHECK_CONTAINS(mail, "Dear Avery Smith"); /* the body itself is UTF-8, quoted-printable */
  free(mail);
}

TEST(a_recipient_that_is_not_an_address_is_refused)
{
  struct invite_template t;
  char *log, *out = (char *)"untouched";
  size_t len = 9;
  CHECK_INT_EQ(0, parse_quietly(template_text, &t, &log));
  struct invite_message m = message();
  m.to_addr = "not an address";
  CHECK_INT_EQ(CSP_E_CONFIG, invite_mail_compose(&t, &m, &out, &len));
  CHECK(out == NULL);
  m = message();
  m.to_addr = "a@b.example\r\nRCPT TO:<x@y>";
  CHECK_INT_EQ(CSP_E_CONFIG, invite_mail_compose(&t, &m, &out, &len));
  invite_template_release(&t);
  free(log);
}

TEST(addresses_split_into_display_name_and_address)
{
  char name[64], addr[64];
  CHECK_INT_EQ(0, invite_address_split("Contoso Onboarding <on@contoso.example>", name,
                                       sizeof(name), addr, sizeof(addr)));
  CHECK_STR_EQ("Contoso Onboarding", name);
  CHECK_STR_EQ("on@contoso.example", addr);
  CHECK_INT_EQ(0, invite_address_split("\"Contoso, Inc.\" <on@contoso.example>", name, sizeof(name),
                                       addr, sizeof(addr)));
  CHECK_STR_EQ("Contoso, Inc.", name);
  CHECK_INT_EQ(
      0, invite_address_split(" on@contoso.example ", name, sizeof(name), addr, sizeof(addr)));
  CHECK_STR_EQ("", name);
  CHECK_STR_EQ("on@contoso.example", addr);
  CHECK_INT_EQ(CSP_E_CONFIG,
               invite_address_split("Contoso <>", name, sizeof(name), addr, sizeof(addr)));
  CHECK_INT_EQ(CSP_E_CONFIG,
               invite_address_split("no address", name, sizeof(name), addr, sizeof(addr)));
}

TEST(the_shipped_and_test_templates_load)
{
  const char *paths[] = {"samples/invite-email.txt", "tests/fixtures/invites/invite-email.txt"};
  for (size_t i = 0; i < 2; i++) {
    struct invite_template t;
    CHECK_INT_EQ(0, invite_template_load(paths[i], &t));
    CHECK_CONTAINS(t.body, "{invite_url}");
    invite_template_release(&t);
  }
}

RUN_TESTS()
