#!/usr/bin/env bash
# Re-fed reports are safe (issue: every request counts). A report guards every cell a
# spreadsheet would evaluate ("@SUM(1+1) Corp", "-1+1 Holdings") with a leading '; fed back as
# input, the ' is removed before anything is sent, and a run's report fed back finds that
# run's journal (REPORT.journal.sqlite), so nothing is sent twice.
. "$(dirname "$0")/lib.sh" "$@"

write_config "$WORK/cfg.yaml"
start_sandbox refeed --seed 12
python3 - "$WORK/in.csv" <<'PY'
import sys
sys.path.insert(0, "tests/shell")
from csvgen import row, write
write(sys.argv[1], [row(1, domain="refeedsum", company_name="@SUM(1+1) Corp"),
                    row(2, domain="refeedminus", company_name="-1+1 Holdings"),
                    row(3, domain="refeedplain")])
PY
args=(--config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" --rate 1000/s)

run_csp validate validate "$WORK/in.csv" --config "$WORK/cfg.yaml"
assert_eq "validate: exit 0" 0 "$RC"
assert_grep "the report guards @SUM(1+1) Corp" "$WORK/in.report.csv" "\"'@SUM(1+1) Corp\""
assert_grep "the report guards -1+1 Holdings" "$WORK/in.report.csv" "\"'-1+1 Holdings\""

# The validate report fed to run: the names go out as the user typed them.
run_csp run run "$WORK/in.report.csv" "${args[@]}"
assert_eq "run of the validate report: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err run
assert_eq "run of the validate report: 3 created" 3 "$(count_status "$WORK/in.report.report.csv" created)"
sandbox_state "$WORK/state1.json"
company_names() {
  python3 -c '
import json, sys
for c in json.load(open(sys.argv[1]))["customers"]:
    print(c["company_name"])' "$1"
}
assert_eq "Partner Center got @SUM(1+1) Corp as typed" 1 \
  "$(company_names "$WORK/state1.json" | grep -cxF '@SUM(1+1) Corp')"
assert_eq "Partner Center got -1+1 Holdings as typed" 1 \
  "$(company_names "$WORK/state1.json" | grep -cxF -- '-1+1 Holdings')"
assert_eq "no name reached Partner Center with the guard's '" 0 \
  "$(company_names "$WORK/state1.json" | grep -c "^'")"

# The run's report fed back: its own journal is found; nothing is sent again.
creates=$($CHECK requests "$WORK/state1.json" "POST /v1/customers" 201)
run_csp again run "$WORK/in.report.report.csv" "${args[@]}"
assert_eq "re-fed run report: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err again
assert_eq "re-fed run report: every row already_done (its journal was found)" 3 \
  "$($CHECK table "$WORK/in.report.report.report.csv" | awk -F '\t' '$3 == "already_done"' | wc -l | tr -d ' ')"
sandbox_state "$WORK/state2.json"
assert_eq "re-fed run report: no create sent" "$creates" \
  "$($CHECK requests "$WORK/state2.json" "POST /v1/customers" 201)"
finish
