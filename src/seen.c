/* Duplicate detection over a temporary SQLite table (identity -> first row). An empty file
 * name gives a private on-disk temporary database; with a capped page cache its memory stays
 * flat however many rows pass. The key is a 64-bit FNV-1a hash of the identity, stored as the
 * table's integer primary key: integer keys make the B-tree small and fast. Two identities
 * sharing a hash (odds about 1 in 10^7 for a 1M-row file) would report the second as a
 * duplicate of the first — visibly, in the report, with the row it names. Inserts are batched
 * in transactions of SEEN_BATCH rows: the index needs no durability, only speed. */
#include "seen.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "errors.h"

#define SEEN_BATCH 65536
#define SEEN_CACHE_KIB 1024

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
      (rc = exec(s->db, "CREATE TABLE seen(hash INTEGER PRIMARY KEY, row INTEGER)")))
    goto out;
  rc = CSP_E_IO;
  if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO seen VALUES(?1, ?2)", -1, &s->insert,
                         NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(s->db, "SELECT row FROM seen WHERE hash = ?1", -1, &s->lookup, NULL) !=
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

static sqlite3_int64 identity_hash(const char *identity)
{
  uint64_t h = 1469598103934665603ULL;
  for (const unsigned char *p = (const unsigned char *)identity; *p; p++)
    h = (h ^ *p) * 1099511628211ULL;
  return (sqlite3_int64)h;
}

int seen_add(struct seen *s, const char *identity, size_t row_number, size_t *first_row)
{
  *first_row = 0;
  int rc = begin_batch(s);
  if (rc)
    return rc;
  sqlite3_int64 key = identity_hash(identity);
  sqlite3_bind_int64(s->insert, 1, key);
  sqlite3_bind_int64(s->insert, 2, (sqlite3_int64)row_number);
  int step = sqlite3_step(s->insert);
  sqlite3_reset(s->insert);
  if (step != SQLITE_DONE)
    return CSP_E_IO;
  if (sqlite3_changes(s->db) > 0)
    return CSP_E_OK;
  sqlite3_bind_int64(s->lookup, 1, key);
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
