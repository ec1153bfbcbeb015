/* Check verdicts in the journal (journal.h): what Partner Center answered to a domain check
 * or an address validation, keyed by kind and subject, with the time of the answer. Each put
 * commits on its own (outside a batch), so a run killed right after an answer still finds it
 * on restart and never asks twice. */
#include <stdlib.h>
#include <string.h>

#include "base/errors.h"
#include "journal/journal_internal.h"

static const char *const kind_names[] = {"domain", "address"};

int journal_check_put(struct journal *j, enum journal_check_kind kind, const char *subject,
                      const struct journal_check *check)
{
  sqlite3_stmt *st = j->stmt[STMT_CHECK_PUT];
  (void)journal_bind_text(st, 1, kind_names[kind]);
  (void)journal_bind_text(st, 2, subject);
  (void)journal_bind_text(st, 3, check->verdict);
  (void)journal_bind_text(st, 4, check->status);
  (void)journal_bind_text(st, 5, check->suggested);
  (void)sqlite3_bind_int64(st, 6, check->checked_at);
  int rc = journal_exec_stmt(j, STMT_CHECK_PUT, "cannot record a check's verdict");
  return rc ? rc : journal_batch_wrote(j);
}

int journal_check_get(struct journal *j, enum journal_check_kind kind, const char *subject,
                      struct journal_check *out)
{
  int rc = CSP_E_NOT_FOUND;
  bool nomem = false;
  sqlite3_stmt *st = j->stmt[STMT_CHECK_GET];
  memset(out, 0, sizeof(*out));
  (void)journal_bind_text(st, 1, kind_names[kind]);
  (void)journal_bind_text(st, 2, subject);
  int src = sqlite3_step(st);
  if (src == SQLITE_ROW) {
    out->verdict = journal_column_dup(st, 0, &nomem);
    out->status = journal_column_dup(st, 1, &nomem);
    out->suggested = journal_column_dup(st, 2, &nomem);
    out->checked_at = sqlite3_column_int64(st, 3);
    rc = nomem || !out->verdict ? CSP_E_NOMEM : CSP_E_OK;
  } else if (src != SQLITE_DONE) {
    rc = journal_db_error(j, src, "cannot read a check's verdict");
  }
  (void)sqlite3_reset(st);
  (void)sqlite3_clear_bindings(st);
  if (rc && rc != CSP_E_NOT_FOUND)
    journal_check_release(out);
  return rc;
}

void journal_check_release(struct journal_check *check)
{
  free(check->verdict);
  free(check->status);
  free(check->suggested);
  memset(check, 0, sizeof(*check));
}
