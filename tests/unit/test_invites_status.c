/* Tests for src/invites/invites_status.c: the CSV of invited rows, matching by identity, domain and
 * tenant id, recording first acceptances in the journal, and rows that are not invites. */
#include "invites/invites_status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "base/errors.h"

struct fixture {
  char dir[64];
  char path[128];
  struct journal *j;
  struct customer_index *customers;
};

static void invite(struct journal *j, const char *identity, long long row, const char *domain)
{
  CHECK_INT_EQ(0, journal_plan(j, identity, row, "invite", domain, 1, 1000, NULL));
  CHECK_INT_EQ(
      0, journal_mark_done(j, identity, &(struct journal_done){.status = "invited"}, 1700000000));
}

static void fixture_init(struct fixture *f)
{
  snprintf(f->dir, sizeof(f->dir), "/tmp/csp_invites_XXXXXX");
  if (!mkdtemp(f->dir))
    abort();
  snprintf(f->path, sizeof(f->path), "%s/j.sqlite", f->dir);
  CHECK_INT_EQ(0, journal_open(f->path, &f->j));
  CHECK_INT_EQ(0, customer_index_open(&f->customers));
  invite(f->j, "tenant:aaaa", 1, NULL);
  invite(f->j, "domain:wingtiptoys.com", 2, "wingtiptoys.com");
  invite(f->j, "tenant:cccc", 3, "tailspintoys.com");
  CHECK_INT_EQ(0,
               journal_plan(f->j, "domain:new.onmicrosoft.com", 4, "create", "new", 1, 1000, NULL));
  CHECK_INT_EQ(0, journal_mark_done(f->j, "domain:new.onmicrosoft.com",
                                    &(struct journal_done){.status = "created"}, 1000));
}

static void fixture_release(struct fixture *f)
{
  journal_close(f->j);
  customer_index_close(f->customers);
  const char *suffixes[] = {"", "-wal", "-shm", ".lock"};
  char file[160];
  for (size_t i = 0; i < 4; i++) {
    snprintf(file, sizeof(file), "%s%s", f->path, suffixes[i]);
    (void)unlink(file);
  }
  (void)rmdir(f->dir);
}

/* Runs the check into a string (caller frees). */
static char *check_now(struct fixture *f, time_t now, struct invites_tally *tally)
{
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  CHECK_INT_EQ(0, invites_status_write(f->j, f->customers, out, now, tally));
  fclose(out);
  return text;
}

TEST(nobody_has_accepted_while_the_customer_list_lacks_them)
{
  struct fixture f;
  fixture_init(&f);
  struct invites_tally t;
  char *csv = check_now(&f, 2000, &t);
  CHECK_STR_EQ(INVITES_STATUS_HEADER
               "\n"
               "1,tenant:aaaa,aaaa,,2023-11-14T22:13:20Z,no,\n"
               "2,domain:wingtiptoys.com,,wingtiptoys.com,2023-11-14T22:13:"
               "20Z,no,\n"
               "3,tenant:cccc,cccc,tailspintoys.com,2023-11-14T22:13:20Z,no,\n",
               csv);
  CHECK_INT_EQ(3, t.invited);
  CHECK_INT_EQ(0, t.accepted);
  free(csv);
  fixture_release(&f);
}

TEST(a_customer_found_by_tenant_or_domain_is_accepted_and_recorded_once)
{
  struct fixture f;
  fixture_init(&f);
  CHECK_INT_EQ(0, customer_index_add(f.customers, "cust-a", "AAAA", NULL));
  CHECK_INT_EQ(0, customer_index_add(f.customers, "cust-c", "other", "tailspintoys.com"));
  struct invites_tally t;
  char *csv = check_now(&f, 2000, &t);
  CHECK_CONTAINS(csv, "1,tenant:aaaa,aaaa,,2023-11-14T22:13:20Z,yes,cust-a\n");
  CHECK_CONTAINS(csv, ",wingtiptoys.com,2023-11-14T22:13:20Z,no,\n");
  CHECK_CONTAINS(csv, "3,tenant:cccc,cccc,tailspintoys.com,2023-11-14T22:13:20Z,yes,cust-c\n");
  CHECK_INT_EQ(2, t.accepted);
  CHECK_INT_EQ(2, t.newly_accepted);
  free(csv);
  csv = check_now(&f, 3000, &t);
  CHECK_INT_EQ(2, t.accepted);
  CHECK_INT_EQ(0, t.newly_accepted);
  struct journal_entry e;
  CHECK_INT_EQ(0, journal_lookup(f.j, "tenant:cccc", &e));
  CHECK_INT_EQ(2000, e.accepted_at);
  CHECK_STR_EQ("cust-c", e.customer_id);
  journal_entry_release(&e);
  free(csv);
  fixture_release(&f);
}

TEST(invited_at_is_when_the_email_went_out_when_one_did)
{
  struct fixture f;
  fixture_init(&f);
  CHECK_INT_EQ(0, journal_mark_mailed(f.j, "tenant:aaaa", 1700000060));
  struct invites_tally t;
  char *csv = check_now(&f, 2000, &t);
  CHECK_CONTAINS(csv, "1,tenant:aaaa,aaaa,,2023-11-14T22:14:20Z,no,\n");
  free(csv);
  fixture_release(&f);
}

RUN_TESTS()
