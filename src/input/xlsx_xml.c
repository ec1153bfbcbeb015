/* expat behind xlsx_xml.h. The stream owns one parser and one CSP_READ_CHUNK input buffer. A
 * pause is expat's resumable XML_StopParser: XML_Parse (or XML_ResumeParser) returns
 * XML_STATUS_SUSPENDED, and the unparsed rest of the buffer is kept by expat until it is
 * resumed, so the buffer must not be refilled before then (the `suspended` flag). */
#include "input/xlsx_xml.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/errors.h"
#include "base/limits.h"

struct xml_stream {
  XML_Parser parser;
  const struct xml_handlers *h;
  void *ctx;
  xml_read_fn read;
  void *rctx;
  char buf[CSP_READ_CHUNK];
  unsigned long long bytes;
  bool suspended; /* expat holds unparsed bytes of buf */
  bool finished;  /* the final XML_Parse call has returned */
  bool failed;
  char error[256];
};

static const char *local_name(const char *name)
{
  const char *colon = strrchr(name, ':');
  return colon ? colon + 1 : name;
}

static void on_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
  struct xml_stream *s = data;
  if (s->h->start)
    s->h->start(s->ctx, local_name(name), attrs);
}

static void on_end(void *data, const XML_Char *name)
{
  struct xml_stream *s = data;
  if (s->h->end)
    s->h->end(s->ctx, local_name(name));
}

static void on_text(void *data, const XML_Char *text, int len)
{
  struct xml_stream *s = data;
  if (s->h->text && len > 0)
    s->h->text(s->ctx, text, (size_t)len);
}

static void on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
                       const XML_Char *pubid, int has_internal_subset)
{
  (void)name;
  (void)sysid;
  (void)pubid;
  (void)has_internal_subset;
  xml_stream_fail(data, "a document type declaration is not allowed in a workbook");
}

int xml_stream_open(const struct xml_handlers *h, void *ctx, xml_read_fn read, void *rctx,
                    struct xml_stream **out)
{
  *out = NULL;
  struct xml_stream *s = calloc(1, sizeof(*s));
  if (!s)
    return CSP_E_NOMEM;
  s->parser = XML_ParserCreate("UTF-8");
  if (!s->parser) {
    free(s);
    return CSP_E_NOMEM;
  }
  s->h = h;
  s->ctx = ctx;
  s->read = read;
  s->rctx = rctx;
  XML_SetUserData(s->parser, s);
  XML_SetElementHandler(s->parser, on_start, on_end);
  XML_SetCharacterDataHandler(s->parser, on_text);
  XML_SetStartDoctypeDeclHandler(s->parser, on_doctype);
  *out = s;
  return CSP_E_OK;
}

void xml_stream_pause(struct xml_stream *s)
{
  if (!s->failed)
    (void)XML_StopParser(s->parser, XML_TRUE);
}

void xml_stream_fail(struct xml_stream *s, const char *message)
{
  if (s->failed)
    return;
  s->failed = true;
  (void)snprintf(s->error, sizeof(s->error), "line %lu, column %lu: %s",
                 (unsigned long)XML_GetCurrentLineNumber(s->parser),
                 (unsigned long)XML_GetCurrentColumnNumber(s->parser) + 1, message);
  (void)XML_StopParser(s->parser, XML_FALSE);
}

/* Turns one XML_Parse/XML_ResumeParser status into the stream's state. */
static int settle(struct xml_stream *s, enum XML_Status status, bool *done)
{
  if (s->failed)
    return CSP_E_INPUT;
  if (status == XML_STATUS_ERROR) {
    s->failed = true;
    (void)snprintf(s->error, sizeof(s->error), "line %lu, column %lu: %s",
                   (unsigned long)XML_GetErrorLineNumber(s->parser),
                   (unsigned long)XML_GetErrorColumnNumber(s->parser) + 1,
                   XML_ErrorString(XML_GetErrorCode(s->parser)));
    return CSP_E_INPUT;
  }
  s->suspended = status == XML_STATUS_SUSPENDED;
  *done = s->finished && !s->suspended;
  return CSP_E_OK;
}

int xml_stream_run(struct xml_stream *s, bool *done)
{
  *done = false;
  if (s->failed)
    return CSP_E_INPUT;
  if (s->suspended) {
    int rc = settle(s, XML_ResumeParser(s->parser), done);
    if (rc || s->suspended || *done)
      return rc;
  }
  for (;;) {
    long long n = s->read(s->rctx, s->buf, sizeof(s->buf));
    if (n < 0) {
      s->failed = true;
      (void)snprintf(s->error, sizeof(s->error), "the compressed data is damaged");
      return CSP_E_INPUT;
    }
    s->bytes += (unsigned long long)n;
    s->finished = n == 0;
    int rc = settle(s, XML_Parse(s->parser, s->buf, (int)n, s->finished), done);
    if (rc || s->suspended || *done)
      return rc;
  }
}

const char *xml_stream_error(const struct xml_stream *s)
{
  return s->error;
}

unsigned long long xml_stream_bytes(const struct xml_stream *s)
{
  return s->bytes;
}

void xml_stream_close(struct xml_stream *s)
{
  if (!s)
    return;
  XML_ParserFree(s->parser);
  free(s);
}

int xml_parse_all(const struct xml_handlers *h, void *ctx, xml_read_fn read, void *rctx, char *err,
                  size_t errcap)
{
  struct xml_stream *s = NULL;
  int rc = xml_stream_open(h, ctx, read, rctx, &s);
  bool done = false;
  while (!rc && !done)
    rc = xml_stream_run(s, &done);
  if (rc == CSP_E_INPUT)
    (void)snprintf(err, errcap, "%s", xml_stream_error(s));
  xml_stream_close(s);
  return rc;
}

const char *xml_attr(const char **attrs, const char *local)
{
  for (size_t i = 0; attrs && attrs[i]; i += 2)
    if (!strcmp(local_name(attrs[i]), local))
      return attrs[i + 1];
  return NULL;
}
