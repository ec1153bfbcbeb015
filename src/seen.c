/* Duplicate detection over a temporary SQLite table (identity -> first row). An empty file
 * name gives a private on-disk temporary database; with a capped page cache its memory stays
 * flat however many rows pass. Inserts are batched in transactions of SEEN_BATCH rows: the
 * index needs no durability, only speed. */
#include "seen.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "errors.h"

#define SEEN_BATCH 4096
#define SEEN_CACHE_KIB 4096

struct seen {
  sqlite3 *db;
  sqlite3_stmt *insert;
  sqlite3_stmt *lookup;
  size_t in_batch;
};

static int exec(sqlite3 *db, const char *sql)
{
  if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
    diag_error("duplicate index: %s", sqlite3_errmsg(db));
    return CSP_E_IO;
  }
  return CSP_E_OK;
}

int seen_open(struct seen **out)
{
  struct seen *s = calloc(1, sizeof(*s));
  if (!s)
    return CSP_E_NOMEM;
  int rc = CSP_E_IO;
  if (sqlite3_open("", &s->db) != SQLITE_OK)
    goto out;
  char pragmas[128];
  snprintf(pragmas, sizeof(pragmas),
           "PRAGMA cache_size=-%d; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;",
           SEEN_CACHE_KIB);
  if ((rc = exec(s->db, pragmas)) ||
      (rc = exec(s->db, "CREATE TABLE seen(identity TEXT PRIMARY KEY, row INTEGER) "
                        "WITHOUT ROWID")))
    goto out;
  rc = CSP_E_IO;
  if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO seen VALUES(?1, ?2)", -1, &s->insert,
                         NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(s->db, "SELECT row FROM seen WHERE identity = ?1", -1, &s->lookup, NULL) !=
          SQLITE_OK)
    goto out;
  rc = CSP_E_OK;
out:
  if (rc) {
    seen_free(s);
    s = NULL;
  }
  *out = s;
  return rc;
}

static int begin_batch(struct seen *s)
{
  if (s->in_batch == 0 && exec(s->db, "BEGIN"))
    return CSP_E_IO;
  if (++s->in_batch >= SEEN_BATCH) {
    s->in_batch = 0;
    return exec(s->db, "COMMIT");
  }
  return CSP_E_OK;
}

int seen_add(struct seen *s, const char *identity, size_t row_number, size_t *first_row)
{
  *first_row = 0;
  int rc = begin_batch(s);
  if (rc)
    return rc;
  sqlite3_bind_text(s->insert, 1, identity, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s->insert, 2, (sqlite3_int64)row_number);
  int step = sqlite3_step(s->insert);
  sqlite3_reset(s->insert);
  if (step != SQLITE_DONE)
    return CSP_E_IO;
  if (sqlite3_changes(s->db) > 0)
    return CSP_E_OK;
  sqlite3_bind_text(s->lookup, 1, identity, -1, SQLITE_STATIC);
  if (sqlite3_step(s->lookup) == SQLITE_ROW)
    *first_row = (size_t)sqlite3_column_int64(s->lookup, 0);
  sqlite3_reset(s->lookup);
  return CSP_E_OK;
}

void seen_free(struct seen *s)
{
  if (!s)
    return;
  sqlite3_finalize(s->insert);
  sqlite3_finalize(s->lookup);
  if (s->in_batch)
    (void)exec(s->db, "COMMIT");
  sqlite3_close(s->db);
  free(s);
}
