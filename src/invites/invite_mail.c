/* The invitation email's text (invite_mail.h): parsing the template, substituting a row's
 * values into it and writing the RFC 5322 message. Headers are built so that nothing a row
 * carries can inject one (values lose their line breaks before they reach a header); the body
 * is quoted-printable, so any UTF-8 text and any line length travels over any SMTP server.
 * Writes through a memory stream; owns nothing past a call. */
#include "invites/invite_mail.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/diag.h"
#include "base/errors.h"
#include "base/limits.h"

static const char *const var_names[INVITE_VAR_COUNT] = {
    [INVITE_VAR_COMPANY_NAME] = "company_name", [INVITE_VAR_FIRST_NAME] = "first_name",
    [INVITE_VAR_LAST_NAME] = "last_name",       [INVITE_VAR_INVITE_URL] = "invite_url",
    [INVITE_VAR_PARTNER_NAME] = "partner_name",
};

/* --- placeholders --- */

/* Length of a placeholder "{name}" at p (name: lower-case letters and '_'), 0 if none. */
static size_t placeholder_len(const char *p)
{
  if (*p != '{')
    return 0;
  size_t n = 1;
  while (islower((unsigned char)p[n]) || p[n] == '_')
    n++;
  return n > 1 && p[n] == '}' ? n + 1 : 0;
}

/* The variable a placeholder of length len at p names, or INVITE_VAR_COUNT. */
static enum invite_var lookup_var(const char *p, size_t len)
{
  for (int v = 0; v < INVITE_VAR_COUNT; v++)
    if (strlen(var_names[v]) == len - 2 && !strncmp(p + 1, var_names[v], len - 2))
      return (enum invite_var)v;
  return INVITE_VAR_COUNT;
}

/* Checks every placeholder of text; first_line numbers its first line in messages. Sets
 * *has_url when {invite_url} occurs. */
static int check_placeholders(const char *text, const char *origin, int first_line, bool *has_url)
{
  int line = first_line;
  for (const char *p = text; *p; p++) {
    size_t len = placeholder_len(p);
    line += *p == '\n';
    if (!len)
      continue;
    enum invite_var v = lookup_var(p, len);
    if (v == INVITE_VAR_COUNT) {
      diag_error("%s:%d: unknown placeholder %.*s (known: {company_name}, {first_name}, "
                 "{last_name}, {invite_url}, {partner_name})",
                 origin, line, (int)len, p);
      return CSP_E_CONFIG;
    }
    *has_url = *has_url || v == INVITE_VAR_INVITE_URL;
    p += len - 1;
  }
  return CSP_E_OK;
}

/* Writes text with its placeholders replaced; with one_line, control characters of the values
 * (line breaks above all) become spaces, for a header. */
static void render(FILE *out, const char *text, const char *const values[], bool one_line)
{
  for (const char *p = text; *p; p++) {
    size_t len = placeholder_len(p);
    enum invite_var v = len ? lookup_var(p, len) : INVITE_VAR_COUNT;
    if (v == INVITE_VAR_COUNT) {
      fputc(*p, out);
      continue;
    }
    for (const char *s = values[v] ? values[v] : ""; *s; s++)
      fputc(one_line && iscntrl((unsigned char)*s) ? ' ' : *s, out);
    p += len - 1;
  }
}

/* --- the template --- */

/* Copies text without its CRs. */
static char *strip_cr(const char *text, size_t len)
{
  char *copy = malloc(len + 1), *o = copy;
  if (!copy)
    return NULL;
  for (size_t i = 0; i < len; i++)
    if (text[i] != '\r' && text[i] != '\0')
      *o++ = text[i];
  *o = '\0';
  return copy;
}

/* Splits the CR-free text into subject and body (both copied into t). */
static int split_template(const char *text, const char *origin, struct invite_template *t,
                          int *body_line)
{
  int line = 1;
  while (*text == '\n' || *text == ' ' || *text == '\t')
    line += *text++ == '\n';
  if (strncasecmp(text, "Subject:", 8) != 0) {
    diag_error("%s:%d: an invitation template starts with a 'Subject:' line", origin, line);
    return CSP_E_CONFIG;
  }
  const char *s = text + 8, *eol = strchr(s, '\n');
  size_t n = eol ? (size_t)(eol - s) : strlen(s);
  while (n && isspace((unsigned char)*s))
    s++, n--;
  while (n && isspace((unsigned char)s[n - 1]))
    n--;
  if (!n) {
    diag_error("%s:%d: the Subject: line of the invitation template is empty", origin, line);
    return CSP_E_CONFIG;
  }
  const char *body = eol ? eol + 1 : s + n;
  *body_line = line + 1;
  if (*body == '\n')
    body++, ++*body_line; /* the blank line between subject and body */
  t->subject = strndup(s, n);
  t->body = strdup(body);
  return t->subject && t->body ? CSP_E_OK : CSP_E_NOMEM;
}

int invite_template_parse(const char *text, size_t len, const char *origin,
                          struct invite_template *out)
{
  memset(out, 0, sizeof(*out));
  char *clean = strip_cr(text, len);
  int body_line = 0;
  int rc = clean ? split_template(clean, origin, out, &body_line) : CSP_E_NOMEM;
  bool has_url = false;
  if (!rc)
    rc = check_placeholders(out->subject, origin, body_line - 1, &has_url);
  has_url = false; /* the link must be in the body: a subject line cannot carry it usefully */
  if (!rc)
    rc = check_placeholders(out->body, origin, body_line, &has_url);
  if (!rc && !has_url) {
    diag_error("%s: the invitation template's body has no {invite_url}: the customer would get "
               "no link to accept",
               origin);
    rc = CSP_E_CONFIG;
  }
  free(clean);
  if (rc)
    invite_template_release(out);
  return rc;
}

int invite_template_load(const char *path, struct invite_template *out)
{
  memset(out, 0, sizeof(*out));
  FILE *f = fopen(path, "rb");
  if (!f) {
    diag_error("cannot read the invitation template %s (invites.template): %s", path,
               strerror(errno));
    return CSP_E_CONFIG;
  }
  char *text = malloc(CSP_MAX_TEMPLATE_BYTES + 1);
  size_t len = text ? fread(text, 1, CSP_MAX_TEMPLATE_BYTES + 1, f) : 0;
  int rc = text ? CSP_E_OK : CSP_E_NOMEM;
  if (!rc && (ferror(f) || len > CSP_MAX_TEMPLATE_BYTES)) {
    diag_error("cannot read the invitation template %s: %s", path,
               ferror(f) ? "read error" : "larger than 64 KiB");
    rc = CSP_E_CONFIG;
  }
  if (!rc)
    rc = invite_template_parse(text, len, path, out);
  free(text);
  (void)fclose(f);
  return rc;
}

void invite_template_release(struct invite_template *t)
{
  free(t->subject);
  free(t->body);
  t->subject = t->body = NULL;
}

/* --- addresses --- */

static bool usable_address(const char *addr, size_t len)
{
  if (!len || !memchr(addr, '@', len))
    return false;
  for (size_t i = 0; i < len; i++)
    if (iscntrl((unsigned char)addr[i]) || isspace((unsigned char)addr[i]) ||
        strchr("<>\",;", addr[i]))
      return false;
  return true;
}

static int copy_part(char *dst, size_t cap, const char *s, size_t len)
{
  while (len && isspace((unsigned char)*s))
    s++, len--;
  while (len && isspace((unsigned char)s[len - 1]))
    len--;
  if (len >= 2 && s[0] == '"' && s[len - 1] == '"')
    s++, len -= 2;
  if (len >= cap)
    return CSP_E_CONFIG;
  memcpy(dst, s, len);
  dst[len] = '\0';
  return CSP_E_OK;
}

int invite_address_split(const char *text, char *name, size_t name_cap, char *addr, size_t addr_cap)
{
  const char *open = strrchr(text, '<');
  const char *close = open ? strchr(open, '>') : NULL;
  int rc;
  if (open && close)
    rc = copy_part(name, name_cap, text, (size_t)(open - text));
  else
    rc = copy_part(name, name_cap, "", 0);
  const char *a = open && close ? open + 1 : text;
  size_t alen = open && close ? (size_t)(close - a) : strlen(text);
  if (!rc)
    rc = copy_part(addr, addr_cap, a, alen);
  if (!rc && !usable_address(addr, strlen(addr)))
    rc = CSP_E_CONFIG;
  if (!rc && strpbrk(name, "\r\n"))
    rc = CSP_E_CONFIG;
  return rc;
}

/* --- headers --- */

static void base64(FILE *out, const unsigned char *s, size_t len)
{
  static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < len; i += 3) {
    unsigned v = (unsigned)s[i] << 16 | (i + 1 < len ? (unsigned)s[i + 1] << 8 : 0) |
                 (i + 2 < len ? s[i + 2] : 0);
    fputc(digits[v >> 18 & 63], out);
    fputc(digits[v >> 12 & 63], out);
    fputc(i + 1 < len ? digits[v >> 6 & 63] : '=', out);
    fputc(i + 2 < len ? digits[v & 63] : '=', out);
  }
}

static bool plain_ascii(const char *s)
{
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
      return false;
  return true;
}

/* Writes s as RFC 2047 encoded-words (UTF-8, base64), each at most 75 characters and folded
 * onto its own line; a UTF-8 sequence is never split between two words. */
static void encoded_words(FILE *out, const char *s)
{
  size_t len = strlen(s);
  for (size_t i = 0, n; i < len; i += n) {
    n = len - i < 45 ? len - i : 45;
    while (i + n < len && ((unsigned char)s[i + n] & 0xC0) == 0x80)
      n--; /* back off to the start of a character */
    fputs(i ? "\r\n =?UTF-8?B?" : "=?UTF-8?B?", out);
    base64(out, (const unsigned char *)s + i, n);
    fputs("?=", out);
  }
}

/* A display name: as a quoted string when it is plain ASCII, else encoded-words. */
static void display_name(FILE *out, const char *name)
{
  if (!plain_ascii(name)) {
    encoded_words(out, name);
    return;
  }
  fputc('"', out);
  for (const char *p = name; *p; p++) {
    if (*p == '"' || *p == '\\')
      fputc('\\', out);
    fputc(*p, out);
  }
  fputc('"', out);
}

static void address_header(FILE *out, const char *header, const char *name, const char *addr)
{
  fprintf(out, "%s: ", header);
  if (*name) {
    display_name(out, name);
    fputc(' ', out);
  }
  fprintf(out, "<%s>\r\n", addr);
}

static void subject_header(FILE *out, const struct invite_template *t, const char *const values[])
{
  char *subject = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&subject, &len);
  if (mem) {
    render(mem, t->subject, values, true);
    (void)fclose(mem);
  }
  fputs("Subject: ", out);
  if (subject && plain_ascii(subject) && len < 900)
    fputs(subject, out);
  else if (subject)
    encoded_words(out, subject);
  fputs("\r\n", out);
  free(subject);
}

/* RFC 5322 date in UTC, with English names whatever the locale. */
static void date_header(FILE *out, time_t date)
{
  static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  struct tm tm;
  if (!gmtime_r(&date, &tm))
    memset(&tm, 0, sizeof(tm));
  fprintf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday % 7], tm.tm_mday,
          months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* --- the body --- */

/* Quoted-printable (RFC 2045 6.7): lines of at most 76 characters, soft breaks "=", CRLF hard
 * breaks, spaces at a line's end encoded. */
static void quoted_printable(FILE *out, const char *text)
{
  int col = 0;
  for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
    if (*p == '\n') {
      fputs("\r\n", out);
      col = 0;
      continue;
    }
    bool at_eol = p[1] == '\n' || p[1] == '\0';
    bool literal = (*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !at_eol);
    int width = literal ? 1 : 3;
    if (col + width > 75) {
      fputs("=\r\n", out);
      col = 0;
    }
    if (literal)
      fputc(*p, out);
    else
      fprintf(out, "=%02X", *p);
    col += width;
  }
}

static void write_body(FILE *out, const struct invite_template *t, const char *const values[])
{
  char *body = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&body, &len);
  if (mem) {
    render(mem, t->body, values, false);
    (void)fclose(mem);
  }
  quoted_printable(out, body ? body : "");
  if (len && body[len - 1] != '\n')
    fputs("\r\n", out);
  free(body);
}

/* --- the message --- */

static void write_message(FILE *out, const struct invite_template *t,
                          const struct invite_message *m, const char *from_name,
                          const char *from_addr, const char *to_name)
{
  address_header(out, "From", from_name, from_addr);
  address_header(out, "To", to_name, m->to_addr);
  subject_header(out, t, m->values);
  date_header(out, m->date);
  fprintf(out, "Message-ID: <%s>\r\n", m->message_id);
  fputs("MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "\r\n",
        out);
  write_body(out, t, m->values);
}

int invite_mail_compose(const struct invite_template *t, const struct invite_message *m, char **out,
                        size_t *len)
{
  char from_name[256], from_addr[256], to_name[256], to_addr[256];
  *out = NULL;
  *len = 0;
  if (invite_address_split(m->from, from_name, sizeof(from_name), from_addr, sizeof(from_addr)) ||
      copy_part(to_addr, sizeof(to_addr), m->to_addr, strlen(m->to_addr)) ||
      !usable_address(to_addr, strlen(to_addr)) || strpbrk(m->message_id, "\r\n<> "))
    return CSP_E_CONFIG;
  snprintf(to_name, sizeof(to_name), "%s", m->to_name);
  for (char *p = to_name; *p; p++)
    if (iscntrl((unsigned char)*p))
      *p = ' ';
  FILE *mem = open_memstream(out, len);
  if (!mem)
    return CSP_E_NOMEM;
  struct invite_message bare = *m;
  bare.to_addr = to_addr;
  write_message(mem, t, &bare, from_name, from_addr, to_name);
  int failed = ferror(mem);
  int rc = fclose(mem) || failed || !*out ? CSP_E_NOMEM : CSP_E_OK;
  if (!rc && *len > CSP_MAX_MAIL_BYTES)
    rc = CSP_E_LIMIT;
  if (rc) {
    free(*out);
    *out = NULL;
    *len = 0;
  }
  return rc;
}
