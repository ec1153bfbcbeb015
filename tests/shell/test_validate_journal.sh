#!/usr/bin/env bash
# validate after a run (SPEC §7): rows an earlier run finished, found in its journal, are
# reported skipped already_done with their earlier result, so validate shows what the next
# run would really do. The journal is only read: validate works while a run holds its lock,
# and never changes it.
. "$(dirname "$0")/lib.sh" "$@"

write_config "$WORK/cfg.yaml"
start_sandbox vj --seed 5
python3 - "$WORK/in.csv" "$WORK/more.csv" <<'PY'
import sys
sys.path.insert(0, "tests/shell")
from csvgen import row, write
first = [row(1, domain="vjdone1"), row(2, domain="vjdone2")]
write(sys.argv[1], first)
write(sys.argv[2], first + [row(3, domain="vjnew3")])
PY

run_csp run1 run "$WORK/in.csv" --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" \
  --report "$WORK/report.csv"
assert_eq "run: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err run1
before=$(sqlite3 "$WORK/report.journal.sqlite" "SELECT count(*), max(updated_at) FROM rows")

run_csp v validate "$WORK/more.csv" --config "$WORK/cfg.yaml" --report "$WORK/report.csv"
assert_eq "validate: exit 0 (nothing wrong)" 0 "$RC"
[ "$RC" = 0 ] || show_err v
assert_eq "validate: row 1 done earlier" "skipped already_done" "$(status_of "$WORK/report.csv" 1)"
assert_eq "validate: row 2 done earlier" "skipped already_done" "$(status_of "$WORK/report.csv" 2)"
assert_eq "validate: row 3 would be created" "would_create " "$(status_of "$WORK/report.csv" 3)"
assert_grep "validate: the earlier customer id is copied" "$WORK/report.csv" \
  "$(sqlite3 "$WORK/report.journal.sqlite" "SELECT customer_id FROM rows LIMIT 1")"
assert_eq "validate: the journal is unchanged" "$before" \
  "$(sqlite3 "$WORK/report.journal.sqlite" "SELECT count(*), max(updated_at) FROM rows")"

# A run in progress holds the lock: validate would write the report that run writes, so it
# stops at once (exit 75) and the report stays the run's.
cp "$WORK/report.csv" "$WORK/report.before.csv"
exec 9>"$WORK/report.journal.sqlite.lock"
flock -x 9
run_csp v2 validate "$WORK/more.csv" --config "$WORK/cfg.yaml" --report "$WORK/report.csv"
assert_eq "validate under a held lock: exit 75" 75 "$RC"
assert_grep "validate under a held lock: it says why" "$WORK/v2.err" "a run holds"
assert_cmd "validate under a held lock: the report is untouched" \
  cmp "$WORK/report.csv" "$WORK/report.before.csv"
assert_eq "validate under a held lock: no report.part" "" "$(ls "$WORK/report.csv.part" 2>/dev/null)"
flock -u 9
exec 9>&-

# Without a journal, validate knows nothing of earlier runs.
run_csp v3 validate "$WORK/more.csv" --config "$WORK/cfg.yaml" --report "$WORK/fresh.csv"
assert_eq "no journal: row 1 would be created" "would_create " "$(status_of "$WORK/fresh.csv" 1)"
finish
