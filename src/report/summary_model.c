/* The summary page's aggregation (summary_model.h). Counting is plain arrays: statuses,
 * actions, and markets indexed by their two letters. Reason keys are found through the
 * project's string map (base/strmap.h) in front of a fixed array of reasons, so a report of any
 * size keeps the same memory; only the example rows of each reason are copied. */
#include "report/summary_model.h"

#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"
#include "input/utf8.h"
#include "report/report.h"

#define CODES_BYTES 4096
#define MESSAGE_BYTES (CSP_SUMMARY_MESSAGE_BYTES + 64)

struct summary_model *summary_model_open(void)
{
  struct summary_model *m = calloc(1, sizeof(*m));
  if (!m)
    return NULL;
  m->by_market = calloc(CSP_SUMMARY_MARKETS, sizeof(*m->by_market));
  m->reasons = calloc(CSP_SUMMARY_MAX_REASONS + 1, sizeof(*m->reasons));
  strmap_init(&m->index, NULL);
  if (!m->by_market || !m->reasons) {
    summary_model_close(m);
    return NULL;
  }
  return m;
}

void summary_model_close(struct summary_model *m)
{
  if (!m)
    return;
  for (size_t i = 0; m->reasons && i <= CSP_SUMMARY_MAX_REASONS; i++) /* "other" is the last */
    for (size_t k = 0; k < m->reasons[i].nsamples; k++) {
      free(m->reasons[i].samples[k].company);
      free(m->reasons[i].samples[k].message);
    }
  free(m->by_market);
  free(m->reasons);
  strmap_release(&m->index);
  free(m);
}

int summary_market(const char *country)
{
  if (!country || country[0] < 'A' || country[0] > 'Z' || country[1] < 'A' || country[1] > 'Z' ||
      country[2])
    return SUMMARY_OTHER_MARKET;
  return (country[0] - 'A') * 26 + (country[1] - 'A');
}

void summary_market_name(int index, char out[3])
{
  if (index < 0 || index >= SUMMARY_OTHER_MARKET) {
    out[0] = '\0';
    return;
  }
  out[0] = (char)('A' + index / 26);
  out[1] = (char)('A' + index % 26);
  out[2] = '\0';
}

/* The length of s (len bytes) cut to at most cap bytes, never inside a UTF-8 character. */
static size_t cut_length(const char *s, size_t len, size_t cap)
{
  return len <= cap ? len : utf8_cut(s, cap);
}

static char *copy_cut(const char *s, size_t cap)
{
  size_t len = cut_length(s, strlen(s), cap);
  char *copy = malloc(len + 1);
  if (copy) {
    memcpy(copy, s, len);
    copy[len] = '\0';
  }
  return copy;
}

/* The reason of key (len bytes, not NUL-terminated), created on first sight; past the cap (or
 * when memory is out), the one "other" reason, kept after the others. */
static struct summary_reason *find_reason(struct summary_model *m, const char *key, size_t len)
{
  char name[SUMMARY_KEY_BYTES];
  len = cut_length(key, len, sizeof(name) - 1);
  memcpy(name, key, len);
  name[len] = '\0';
  struct summary_reason *r = strmap_get(&m->index, name);
  if (r)
    return r;
  if (m->nreasons < CSP_SUMMARY_MAX_REASONS) {
    r = &m->reasons[m->nreasons];
    memcpy(r->key, name, len + 1);
    if (strmap_put(&m->index, name, r) == 0) {
      m->nreasons++;
      return r;
    }
    r->key[0] = '\0';
  }
  r = &m->reasons[CSP_SUMMARY_MAX_REASONS];
  memcpy(r->key, SUMMARY_OTHER_REASON, sizeof(SUMMARY_OTHER_REASON));
  return r;
}

static int add_sample(struct summary_reason *r, const struct summary_record *rec)
{
  if (r->nsamples == CSP_SUMMARY_SAMPLE_ROWS)
    return 0;
  struct summary_sample *s = &r->samples[r->nsamples];
  s->row = rec->row;
  s->company = copy_cut(rec->company ? rec->company : "", CSP_SUMMARY_COMPANY_BYTES);
  s->message = copy_cut(rec->message ? rec->message : "", CSP_SUMMARY_MESSAGE_BYTES);
  if (!s->company || !s->message) {
    free(s->company);
    free(s->message);
    return CSP_E_NOMEM;
  }
  r->nsamples++;
  return 0;
}

/* Counts the row under reason r. */
static int count_under(struct summary_reason *r, const struct summary_record *rec)
{
  r->rows++;
  r->by_status[rec->status]++;
  return add_sample(r, rec);
}

/* Counts the row once under each distinct key of its reason_code cell (';'-separated). */
static int add_reasons(struct summary_model *m, const struct summary_record *rec)
{
  struct summary_reason *seen[CSP_MAX_VIOLATIONS + 1];
  size_t nseen = 0;
  int rc = 0;
  for (const char *p = rec->reason_codes; *p;) {
    const char *end = strchr(p, ';');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    struct summary_reason *r = len ? find_reason(m, p, len) : NULL;
    bool again = false;
    for (size_t i = 0; r && i < nseen; i++)
      again = again || seen[i] == r;
    if (r && !again) {
      if (nseen < sizeof(seen) / sizeof(seen[0]))
        seen[nseen++] = r;
      if (count_under(r, rec))
        rc = CSP_E_NOMEM;
    }
    p = end ? end + 1 : p + len;
  }
  return rc;
}

/* The counts of every row: status, action, market, attempts. */
static void count_row(struct summary_model *m, const struct summary_record *rec)
{
  m->rows++;
  m->attempts += rec->attempts;
  m->by_status[rec->status]++;
  m->by_action[rec->action][rec->status]++;
  m->by_market[summary_market(rec->market)][rec->status]++;
}

int summary_model_add(struct summary_model *m, const struct summary_record *rec)
{
  struct summary_record r = *rec;
  if ((unsigned)r.status >= ROW_STATUS_COUNT)
    r.status = ROW_PENDING;
  if ((unsigned)r.action > ACTION_INVITE)
    r.action = ACTION_AUTO;
  count_row(m, &r);
  return r.reason_codes && *r.reason_codes ? add_reasons(m, &r) : 0;
}

/* A bounded text buffer that report_findings fills piece by piece (cut when full). */
struct text_buf {
  char *s;
  size_t len, cap;
};

static void append_piece(void *ctx, const char *piece)
{
  struct text_buf *b = ctx;
  size_t n = cut_length(piece, strlen(piece), b->cap - 1 - b->len);
  memcpy(b->s + b->len, piece, n);
  b->len += n;
  b->s[b->len] = '\0';
}

int summary_model_add_row(struct summary_model *m, const struct row *row)
{
  struct summary_record rec = {
      .row = (long long)row->number,
      .status = row->status,
      .action = row->action,
      .market = row_get(row, FIELD_COUNTRY),
      .company = row_get(row, FIELD_COMPANY_NAME),
      .attempts = row->outcome.attempts,
  };
  char codes[CODES_BYTES], message[MESSAGE_BYTES]; /* only rows that broke rules use them */
  if (row->reason == REASON_VALIDATION) {
    struct text_buf c = {codes, 0, sizeof(codes)}, t = {message, 0, sizeof(message)};
    codes[0] = message[0] = '\0';
    report_findings(row, false, true, append_piece, &c);
    report_findings(row, false, false, append_piece, &t);
    rec.reason_codes = codes;
    rec.message = message;
  } else if (row->reason != REASON_NONE && (unsigned)row->reason < REASON_COUNT) {
    /* One reason code, looked up once per run: half the rows of a large file may share it. */
    struct summary_reason **known = &m->by_reason[row->reason];
    const char *name = row_reason_name(row->reason);
    if (!*known)
      *known = find_reason(m, name, strlen(name));
    rec.message = row->reason_text;
    count_row(m, &rec);
    return count_under(*known, &rec);
  }
  return summary_model_add(m, &rec);
}

static bool ranks_before(const struct summary_reason *x, const struct summary_reason *y)
{
  if (x->rows != y->rows)
    return x->rows > y->rows;
  return strcmp(x->key, y->key) < 0;
}

size_t *summary_model_ranked_reasons(const struct summary_model *m, size_t *count)
{
  bool other = m->reasons[CSP_SUMMARY_MAX_REASONS].rows > 0;
  *count = m->nreasons + (other ? 1 : 0);
  size_t *order = malloc((*count + 1) * sizeof(*order));
  if (!order)
    return NULL;
  for (size_t i = 0; i < m->nreasons; i++) { /* insertion sort: a few hundred at most */
    size_t j = i;
    for (; j > 0 && ranks_before(&m->reasons[i], &m->reasons[order[j - 1]]); j--)
      order[j] = order[j - 1];
    order[j] = i;
  }
  if (other)
    order[m->nreasons] = CSP_SUMMARY_MAX_REASONS; /* "other" comes last, whatever its size */
  return order;
}

long long summary_model_problems(const struct summary_model *m)
{
  return m->by_status[ROW_INVALID] + m->by_status[ROW_REJECTED] + m->by_status[ROW_FAILED] +
         m->by_status[ROW_NOT_ATTEMPTED];
}
