/* The decoder behind decode.h: reads the input file in CSP_READ_CHUNK pieces and hands out
 * UTF-8. Pass-through (UTF-8) hands out its read buffer itself, so the common case copies
 * nothing; any other encoding goes through one iconv descriptor into an output buffer of the
 * same size. Undecodable input never stops the stream: each bad unit becomes DECODE_BAD_BYTE. */
#include "input/decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/diag.h"
#include "base/errors.h"
#include "base/limits.h"
#include "input/encoding_sniff.h"

struct decoder {
  FILE *fp;
  iconv_t cd;  /* (iconv_t)-1: pass-through */
  size_t unit; /* input bytes skipped per undecodable unit */
  bool eof;    /* fp has no more bytes */
  long long consumed;
  char encoding[64];
  size_t raw_pos, raw_len;
  unsigned char raw[CSP_READ_CHUNK];
  char out[CSP_READ_CHUNK];
};

static const struct {
  const char *bytes;
  size_t len;
  const char *encoding;
} boms[] = {
    {"\xEF\xBB\xBF", 3, "UTF-8"},
    {"\xFF\xFE", 2, "UTF-16LE"},
    {"\xFE\xFF", 2, "UTF-16BE"},
};

/* The encoding a BOM at the start of the buffer announces (and skips it), or NULL. */
static const char *take_bom(struct decoder *d)
{
  for (size_t i = 0; i < sizeof(boms) / sizeof(boms[0]); i++) {
    if (d->raw_len >= boms[i].len && !memcmp(d->raw, boms[i].bytes, boms[i].len)) {
      d->raw_pos = boms[i].len;
      return boms[i].encoding;
    }
  }
  return NULL;
}

static bool is_utf8_name(const char *name)
{
  return !strcasecmp(name, "UTF-8") || !strcasecmp(name, "UTF8");
}

static int refill(struct decoder *d);

/* The encoding of an input with neither a BOM nor --encoding, from its first chunk (read
 * now: the whole file when it is smaller), with a warning when it is not UTF-8. */
static const char *sniffed(struct decoder *d, int *rc)
{
  *rc = refill(d);
  struct encoding_guess g;
  encoding_sniff(d->raw + d->raw_pos, d->raw_len - d->raw_pos, d->eof, &g);
  if (g.encoding && !strcmp(g.encoding, "WINDOWS-1252"))
    diag_warn("the input is not UTF-8 (byte 0x%02X on line %zu is no UTF-8 text): reading it as "
              "Windows-1252, the encoding of Excel's plain \"CSV\" on Western-European "
              "Windows; if it is another, give it with --encoding NAME (e.g. --encoding "
              "ISO-8859-2)",
              g.bad_byte, g.bad_line);
  else if (g.encoding)
    diag_warn("the input has no byte order mark, but its zero bytes are those of %s text: "
              "reading it as %s (--encoding NAME overrides)",
              g.encoding, g.encoding);
  return g.encoding ? g.encoding : "UTF-8";
}

static int choose_encoding(struct decoder *d, const char *requested)
{
  int rc = CSP_E_OK;
  const char *bom = take_bom(d);
  const char *name = bom ? bom : requested ? requested : sniffed(d, &rc);
  if (rc)
    return rc;
  if (bom && requested && strcasecmp(bom, requested) != 0 &&
      !(is_utf8_name(bom) && is_utf8_name(requested)))
    diag_warn("the input starts with a %s byte order mark; reading it as %s, not %s", bom, bom,
              requested);
  (void)snprintf(d->encoding, sizeof(d->encoding), "%s", name);
  if (is_utf8_name(name))
    return CSP_E_OK;
  d->cd = iconv_open("UTF-8", name);
  if (d->cd == (iconv_t)-1) {
    diag_error("unknown text encoding '%s' (try e.g. WINDOWS-1252, ISO-8859-1, UTF-16LE)", name);
    return CSP_E_ENCODING;
  }
  d->unit = strncasecmp(name, "UTF-16", 6) == 0 || strncasecmp(name, "UCS-2", 5) == 0 ? 2 : 1;
  return CSP_E_OK;
}

int decoder_open(FILE *fp, const unsigned char *prefix, size_t nprefix, const char *encoding,
                 struct decoder **out)
{
  int rc = CSP_E_OK;
  struct decoder *d = calloc(1, sizeof(*d));
  if (!d)
    return CSP_E_NOMEM;
  d->fp = fp;
  d->cd = (iconv_t)-1;
  d->unit = 1;
  if (nprefix > sizeof(d->raw))
    nprefix = sizeof(d->raw); /* callers read at most one chunk ahead */
  memcpy(d->raw, prefix, nprefix);
  d->raw_len = nprefix;
  d->consumed = (long long)nprefix;
  rc = choose_encoding(d, encoding);
  if (rc)
    goto out;
  *out = d;
  d = NULL;
out:
  decoder_close(d);
  return rc;
}

/* Moves the unread bytes to the front of raw and reads more after them. */
static int refill(struct decoder *d)
{
  size_t rest = d->raw_len - d->raw_pos;
  memmove(d->raw, d->raw + d->raw_pos, rest);
  d->raw_pos = 0;
  d->raw_len = rest;
  if (d->eof)
    return CSP_E_OK;
  size_t want = sizeof(d->raw) - rest;
  size_t got = fread(d->raw + rest, 1, want, d->fp);
  d->raw_len += got;
  d->consumed += (long long)got;
  if (got < want) {
    if (ferror(d->fp))
      return CSP_E_IO;
    d->eof = true;
  }
  return CSP_E_OK;
}

/* True when raw must be read into before it is handed out: it is used up, or it holds only
 * what format detection read ahead (a short first chunk would hide a long header line from
 * the CSV reader's sniffing). */
static bool wants_input(const struct decoder *d)
{
  return d->raw_pos == d->raw_len || (!d->eof && d->raw_len < sizeof(d->raw));
}

static int read_through(struct decoder *d, const char **data, size_t *len)
{
  int rc = CSP_E_OK;
  if (wants_input(d))
    rc = refill(d);
  *data = (const char *)d->raw + d->raw_pos;
  *len = d->raw_len - d->raw_pos;
  d->raw_pos = d->raw_len;
  return rc;
}

/* Handles an iconv failure other than a full output buffer. Returns true when the caller
 * must read more input before converting again. */
static bool convert_failed(struct decoder *d, int err, size_t *nout)
{
  size_t left = d->raw_len - d->raw_pos;
  if (err == EINVAL && !d->eof)
    return true; /* a character is split across reads */
  /* EILSEQ, or a truncated character at the very end: one marker per bad unit. */
  d->out[(*nout)++] = DECODE_BAD_BYTE;
  d->raw_pos += err == EINVAL ? left : (left < d->unit ? left : d->unit);
  return false;
}

/* Converts until the output holds something and iconv stopped for a reason other than a bad
 * unit: after a bad unit it goes on with the rest of the input, so a bad unit at the start
 * does not make a one-byte chunk (the CSV reader sniffs the delimiter and line end from the
 * first chunk). */
static int read_converted(struct decoder *d, const char **data, size_t *len)
{
  int rc = CSP_E_OK;
  size_t nout = 0;
  bool need_input = wants_input(d), more = true;
  while (nout == 0 || more) {
    if (need_input) {
      rc = refill(d);
      if (rc || (d->raw_len == 0 && d->eof))
        break;
      need_input = false;
    }
    char *in = (char *)d->raw + d->raw_pos, *outp = d->out + nout;
    size_t inleft = d->raw_len - d->raw_pos, outleft = sizeof(d->out) - nout - 1;
    size_t r = iconv(d->cd, &in, &inleft, &outp, &outleft);
    int err = errno;
    d->raw_pos = d->raw_len - inleft;
    nout = (size_t)(outp - d->out);
    if (r != (size_t)-1 || err == E2BIG) {
      need_input = nout == 0;
      more = false;
    } else {
      need_input = convert_failed(d, err, &nout);
      more = !need_input && d->raw_pos < d->raw_len && nout + 16 < sizeof(d->out);
    }
  }
  *data = d->out;
  *len = nout;
  return rc;
}

int decoder_read(struct decoder *d, const char **data, size_t *len)
{
  if (d->cd == (iconv_t)-1)
    return read_through(d, data, len);
  return read_converted(d, data, len);
}

long long decoder_consumed(const struct decoder *d)
{
  return d->consumed;
}

const char *decoder_encoding(const struct decoder *d)
{
  return d->encoding;
}

void decoder_close(struct decoder *d)
{
  if (!d)
    return;
  if (d->cd != (iconv_t)-1)
    (void)iconv_close(d->cd);
  free(d);
}
