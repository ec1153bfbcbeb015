/* run_record.h's one function: the empty record every reader and writer starts from. */
#include "journal/run_record.h"

#include <string.h>

void run_record_init(struct run_record *r)
{
  memset(r, 0, sizeof(*r));
  r->exit_code = -1;
  request_timeline_init(&r->timeline, 0);
}
