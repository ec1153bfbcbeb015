/* Streaming text decoding of an input file to UTF-8. UTF-8 (a BOM is dropped) passes through
 * untouched; UTF-16 LE/BE (told by its BOM) and any --encoding that iconv knows are converted.
 * Bytes that cannot be decoded become one 0xFF byte each in the output: 0xFF never occurs in
 * UTF-8, so the reader's per-row UTF-8 check flags exactly the row that held them, and the
 * rest of the file keeps its shape (no row is lost or shifted). */
#ifndef CSP_DECODE_H
#define CSP_DECODE_H

#include <stddef.h>
#include <stdio.h>

struct decoder;

/* The byte that stands for undecodable input in the decoder's output. */
#define DECODE_BAD_BYTE '\xFF'

/* Starts decoding fp. prefix[0..nprefix) are bytes already read from fp (format detection
 * reads ahead); they are decoded first. encoding NULL: the BOM's encoding, else the one the
 * first chunk shows (encoding_sniff.h: UTF-8, UTF-16 without a BOM, or Windows-1252 with a
 * warning); else an iconv name (a BOM in the input wins over it, with a warning).
 * Returns 0, CSP_E_ENCODING (iconv does not know the name) or CSP_E_NOMEM. fp stays the
 * caller's; *out is the caller's to decoder_close. */
int decoder_open(FILE *fp, const unsigned char *prefix, size_t nprefix, const char *encoding,
                 struct decoder **out);

/* Decodes the next stretch of input. *data points to *len bytes of UTF-8 (plus 0xFF markers),
 * borrowed until the next call; *len == 0 means the end of the input. Returns 0 or CSP_E_IO. */
int decoder_read(struct decoder *d, const char **data, size_t *len);

/* Raw input bytes consumed so far (the file position, for progress). */
long long decoder_consumed(const struct decoder *d);

/* The name of the encoding being decoded, e.g. "UTF-8" or "UTF-16LE". */
const char *decoder_encoding(const struct decoder *d);

/* decoder_close(NULL) does nothing. Does not close the file. */
void decoder_close(struct decoder *d);

#endif
