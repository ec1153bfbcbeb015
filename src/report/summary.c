/* Counting finished rows and presenting the tally. The human form names only the statuses
 * that occurred; the JSON form always has every key, so scripts need no special cases. */
#include "report/summary.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/errors.h"
#include "report/summary_model.h"

void summary_init(struct summary *s, const char *mode, long long now_ms)
{
  memset(s, 0, sizeof(*s));
  s->mode = mode;
  s->started_ms = s->finished_ms = now_ms;
  request_timeline_init(&s->timeline, now_ms);
}

void summary_add(struct summary *s, const struct row *row)
{
  s->rows++;
  s->by_status[row->status]++;
  s->by_action[row->action][row->status]++;
  if (row->reason == REASON_PASSWORD_NOT_RECEIVED || row->reason == REASON_PASSWORD_NOT_SAVED)
    s->passwords_lost++;
  if (s->model)
    (void)summary_model_add_row(s->model, row); /* a lost example row only; counts stay */
}

int summary_has_problems(const struct summary *s)
{
  return s->by_status[ROW_INVALID] || s->by_status[ROW_REJECTED] || s->by_status[ROW_FAILED] ||
         s->by_status[ROW_NOT_ATTEMPTED];
}

static double seconds(const struct summary *s)
{
  return (double)(s->finished_ms - s->started_ms) / 1000.0;
}

static double rows_per_s(const struct summary *s)
{
  double secs = seconds(s);
  return secs > 0 ? (double)s->rows / secs : 0;
}

void summary_print(const struct summary *s, FILE *out)
{
  fprintf(out, "csponboard %s: %lld rows in %.1f s (%.0f rows/s)\n", s->mode, s->rows, seconds(s),
          rows_per_s(s));
  for (int st = 1; st < ROW_STATUS_COUNT; st++) {
    if (!s->by_status[st])
      continue;
    fprintf(out, "  %-14s %8lld", row_status_name((enum row_status)st), s->by_status[st]);
    long long creates = s->by_action[ACTION_CREATE][st], invites = s->by_action[ACTION_INVITE][st];
    fprintf(out, "  (create %lld, invite %lld)\n", creates, invites);
  }
  if (s->requests)
    fprintf(out,
            "  requests %lld, throttled (429) %lld, retries %lld, waited %.1f s for the "
            "rate limit\n",
            s->requests, s->throttled, s->retries, (double)s->throttle_wait_ms / 1000.0);
  long long created = s->by_status[ROW_CREATED];
  if (s->requests && created)
    fprintf(out, "  requests per created customer %.2f (invitations need none)\n",
            (double)s->requests / (double)created);
  if (s->passwords_lost)
    fprintf(out,
            "  admin passwords not received: %lld (run again with --reset-lost-passwords to "
            "reset them)\n",
            s->passwords_lost);
  if (s->checks_reused)
    fprintf(out, "  checks answered by the journal instead of a request: %lld\n", s->checks_reused);
  if (s->stopped_because)
    fprintf(out, "  stopped early: %s\n", s->stopped_because);
  if (s->report_path)
    fprintf(out, "  report: %s\n", s->report_path);
  if (s->page_path)
    fprintf(out, "  summary page: %s\n", s->page_path);
}

void summary_log(const struct summary *s)
{
  if (diag_format() != DIAG_JSON) {
    if (diag_enabled(DIAG_INFO))
      summary_print(s, diag_stream());
    return;
  }
  char *json = NULL, *text = NULL;
  size_t json_len = 0, text_len = 0;
  FILE *j = open_memstream(&json, &json_len), *t = open_memstream(&text, &text_len);
  if (j && t) {
    summary_write_json(s, j);
    fprintf(t, "csponboard %s: %lld rows in %.1f s, exit %d", s->mode, s->rows, seconds(s),
            s->exit_code);
    for (int st = 1; st < ROW_STATUS_COUNT; st++)
      if (s->by_status[st])
        fprintf(t, ", %s %lld", row_status_name((enum row_status)st), s->by_status[st]);
  }
  if (j)
    fclose(j);
  if (t)
    fclose(t);
  if (json && text) {
    json[strcspn(json, "\n")] = '\0';
    diag_log_json(DIAG_INFO, "summary", text, "summary", json);
  }
  free(json);
  free(text);
}

static void write_status_object(FILE *out, const long long *counts)
{
  fputc('{', out);
  for (int st = 1; st < ROW_STATUS_COUNT; st++)
    fprintf(out, "%s\"%s\":%lld", st > 1 ? "," : "", row_status_name((enum row_status)st),
            counts[st]);
  fputc('}', out);
}

void summary_write_json(const struct summary *s, FILE *out)
{
  fprintf(out,
          "{\"mode\":\"%s\",\"exit_code\":%d,\"rows\":%lld,\"duration_s\":%.3f,"
          "\"rows_per_s\":%.1f,\"statuses\":",
          s->mode, s->exit_code, s->rows, seconds(s), rows_per_s(s));
  write_status_object(out, s->by_status);
  fputs(",\"create\":", out);
  write_status_object(out, s->by_action[ACTION_CREATE]);
  fputs(",\"invite\":", out);
  write_status_object(out, s->by_action[ACTION_INVITE]);
  fprintf(out,
          ",\"requests\":%lld,\"throttled\":%lld,\"retries\":%lld,"
          "\"throttle_wait_s\":%.3f,\"checks_reused\":%lld,\"passwords_lost\":%lld,"
          "\"report\":\"",
          s->requests, s->throttled, s->retries, (double)s->throttle_wait_ms / 1000.0,
          s->checks_reused, s->passwords_lost);
  diag_json_escape(out, s->report_path ? s->report_path : "");
  fputs("\",\"page\":", out);
  if (s->page_path) {
    fputc('"', out);
    diag_json_escape(out, s->page_path);
    fputc('"', out);
  } else {
    fputs("null", out);
  }
  fputs(",\"stopped_because\":", out);
  if (s->stopped_because) {
    fputc('"', out);
    diag_json_escape(out, s->stopped_because);
    fputc('"', out);
  } else {
    fputs("null", out);
  }
  fputs("}\n", out);
}

int summary_save_json(const struct summary *s, const char *path)
{
  char tmp[4096];
  if (snprintf(tmp, sizeof(tmp), "%s.part", path) >= (int)sizeof(tmp))
    return CSP_E_IO;
  FILE *f = fopen(tmp, "w");
  if (!f) {
    diag_error("cannot write %s: %s", tmp, strerror(errno));
    return CSP_E_IO;
  }
  summary_write_json(s, f);
  int failed = ferror(f);
  if (fclose(f) || failed || rename(tmp, path)) {
    diag_error("cannot write %s: %s", path, strerror(errno));
    return CSP_E_IO;
  }
  return CSP_E_OK;
}
