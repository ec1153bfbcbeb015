#!/usr/bin/env bash
# The signed-in user lacks the admin agent role (sandbox --deny-admin: every /v1 call gets
# 403). SPEC §8: 403 is fatal because no later row can succeed; SPEC §3: exit 3, remaining
# rows not_attempted. The run stops at its first read (the customer list) with the admin
# agent hint, creates nothing, and still writes the report (every row once; rows that would
# have been sent are not_attempted, rows that break the rules are still invalid) and the
# summary JSON saying why it stopped. The journal has no row marked sent.
. "$(dirname "$0")/lib.sh" "$@"

start_sandbox main --seed 2 --deny-admin
write_config "$WORK/cfg.yaml" 10
python3 - "$WORK/in.csv" <<'PY'
import sys
sys.path.insert(0, "tests/shell")
from csvgen import row, write
write(sys.argv[1], [row(1, domain="forb1"), row(2, domain="forb2", postal_code="1"),
                    row(3, action="invite", domain="wingtiptoys.com",
                        tenant_id="7c9e6679-7425-40de-944b-e07fc1f90ae7"),
                    row(4, domain="forb4")])
PY
run_csp run run "$WORK/in.csv" --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" \
  --report "$WORK/report.csv" --summary-json "$WORK/sum.json"
assert_eq "exit 3" 3 "$RC"
assert_grep "the admin agent hint" "$WORK/run.err" "needs the admin agent role"
assert_grep "the report path is on stderr" "$WORK/run.err" "report: $WORK/report.csv"
assert_cmd "the report has every row once, in input order" $CHECK order "$WORK/report.csv" 4
for r in 1 3 4; do
  assert_eq "row $r not attempted" "not_attempted run_aborted" "$(status_of "$WORK/report.csv" $r)"
done
assert_eq "row 2 is still validated" "invalid postal_code:pattern" "$(status_of "$WORK/report.csv" 2)"
assert_grep "the report says why" "$WORK/report.csv" "admin agent role"
assert_eq "summary: exit code 3" 3 "$($CHECK json "$WORK/sum.json" exit_code)"
assert_eq "summary: 3 not attempted" 3 "$($CHECK json "$WORK/sum.json" statuses.not_attempted)"
assert_grep "summary: stopped because" "$WORK/sum.json" '"stopped_because":"the signed-in user needs the admin agent role"'
sandbox_state "$WORK/state.json"
assert_eq "nothing created" 0 "$(customer_count "$WORK/state.json")"
assert_eq "one refused /v1 call, then nothing more" 1 "$(answers "$WORK/state.json" 403)"
if command -v sqlite3 >/dev/null; then
  assert_eq "the journal has no row in flight or done" "" \
    "$(sqlite3 "$WORK/report.journal.sqlite" "SELECT identity FROM rows WHERE state IN ('in_flight','done')")"
else
  skip "the journal has no row in flight or done: no sqlite3 here"
fi

# Without --deny-admin the same file goes through, so the 403 alone stopped it.
stop_sandbox
start_sandbox ok --seed 2 --tenants "$SRC/samples/sandbox-tenants.json"
run_csp ok run "$WORK/in.csv" --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" --rate 1000/s \
  --report "$WORK/report.csv"
assert_eq "with the role: exit 1 (row 2 invalid)" 1 "$RC"
assert_eq "with the role: row 1 created" "created " "$(status_of "$WORK/report.csv" 1)"
assert_eq "with the role: row 3 invited" "invited " "$(status_of "$WORK/report.csv" 3)"

finish
