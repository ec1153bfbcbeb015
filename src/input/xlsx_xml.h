/* Streaming XML for the XLSX reader: the one place that uses expat. A stream pulls bytes from a
 * read callback (a ZIP member, or memory in tests) CSP_READ_CHUNK at a time and calls the
 * handlers for each element and text run, so a document is never held whole. A handler may
 * pause the stream (the sheet reader pauses at the end of each row), and the next
 * xml_stream_run continues exactly where it stopped.
 *
 * Element and attribute names are given without their namespace prefix ("x:row" -> "row"),
 * which is how OOXML producers differ. A document type declaration is refused: OOXML has none,
 * and refusing it rules out entity expansion attacks. */
#ifndef CSP_XLSX_XML_H
#define CSP_XLSX_XML_H

#include <stdbool.h>
#include <stddef.h>

/* Reads up to cap bytes into buf: the count, 0 at the end, -1 on a read error. */
typedef long long (*xml_read_fn)(void *rctx, void *buf, size_t cap);

struct xml_handlers {
  /* attrs: name, value, name, value, ..., NULL; names without prefix through xml_attr. */
  void (*start)(void *ctx, const char *name, const char **attrs);
  void (*end)(void *ctx, const char *name);
  /* Text between tags, in pieces of any size (entities already decoded, UTF-8). */
  void (*text)(void *ctx, const char *s, size_t len);
};

struct xml_stream;

/* Sets up a stream; h and the contexts are borrowed until xml_stream_close. Returns 0 or
 * CSP_E_NOMEM. */
int xml_stream_open(const struct xml_handlers *h, void *ctx, xml_read_fn read, void *rctx,
                    struct xml_stream **out);

/* Parses until a handler pauses the stream or the document ends (*done set). Returns 0;
 * CSP_E_INPUT when the XML is not well-formed or the bytes cannot be read (xml_stream_error
 * says where and why). A handler may also stop the stream with an error (xml_stream_fail). */
int xml_stream_run(struct xml_stream *s, bool *done);

/* From a handler: stop after this event; xml_stream_run returns 0 with *done false. */
void xml_stream_pause(struct xml_stream *s);

/* From a handler: stop with CSP_E_INPUT and this message (copied). */
void xml_stream_fail(struct xml_stream *s, const char *message);

/* What went wrong, e.g. "line 3, column 17: mismatched tag"; "" when nothing did. */
const char *xml_stream_error(const struct xml_stream *s);

/* Bytes read from the callback so far. */
unsigned long long xml_stream_bytes(const struct xml_stream *s);

/* Frees the stream; NULL does nothing. */
void xml_stream_close(struct xml_stream *s);

/* Parses a whole document with no pauses: open, run to the end, free. Returns as
 * xml_stream_run; on failure err receives xml_stream_error's text. */
int xml_parse_all(const struct xml_handlers *h, void *ctx, xml_read_fn read, void *rctx, char *err,
                  size_t errcap);

/* The value of the attribute whose name (without prefix) is local, or NULL. */
const char *xml_attr(const char **attrs, const char *local);

#endif
