#!/usr/bin/env bash
# Per-row flow (issue: every request counts): each row goes check -> create as soon as its
# answers come, so on a 1,000-row file the first create reaches Partner Center before the
# tenth check, and a SIGINT soon after the start leaves the rows already created as created
# (reported and journaled: the next run skips them as already_done). The run is stopped after
# a fixed number of requests (the sandbox's request budget), not after a time.
. "$(dirname "$0")/lib.sh" "$@"

ROWS=1000
STARTUP=3 # GET /v1/customers, relationship link, MCA template: before any row
start_sandbox main --seed 5 --latency-ms 5 --hang-ms 500
write_config "$WORK/cfg.yaml" 5
csv_bulk "$WORK/in.csv" "$ROWS" flow 3
run_args=(--config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" --rate 1000/s --concurrency 4
  --report "$WORK/report.csv")

set_budget $((STARTUP + 10))
bg_start "$WORK/first.out" "$WORK/first.err" "$BIN" run "$WORK/in.csv" "${run_args[@]}"
pid=$BG_PID
wait_budget_spent "$pid"
sandbox_state "$WORK/spent.json"
creates=$($CHECK requests "$WORK/spent.json" "POST /v1/customers" 201)
heads=$($CHECK requests "$WORK/spent.json" "HEAD /v1/domains" 404)
addresses=$($CHECK requests "$WORK/spent.json" "POST /v1/validations/address" 200)
assert_ge "a create was answered among the first $((STARTUP + 10)) requests" 1 "$creates"
assert_le "fewer than 10 checks before it" 9 $((heads + addresses))

kill -INT "$pid"
wait "$pid"
RC=$?
assert_eq "SIGINT: exit 130" 130 "$RC"
[ "$RC" = 130 ] || show_err first
assert_cmd "SIGINT: every row reported once, in order" $CHECK order "$WORK/report.csv" "$ROWS"
created=$(count_status "$WORK/report.csv" created)
created_rows=$($CHECK table "$WORK/report.csv" | awk -F '\t' '$2 == "created" { print $1 }')
assert_eq "SIGINT: the created rows are reported created" "$creates" "$created"
assert_eq "SIGINT: every other row not_attempted" $((ROWS - created)) \
  "$(count_status "$WORK/report.csv" not_attempted)"

set_budget off
run_csp again run "$WORK/in.csv" "${run_args[@]}" --limit 2
assert_eq "re-run with --limit 2: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err again
for r in $created_rows; do
  assert_eq "re-run: row $r (created before the SIGINT) is already_done" "skipped already_done" \
    "$(status_of "$WORK/report.csv" "$r")"
done
sandbox_state "$WORK/final.json"
assert_eq "re-run: one customer per created row, none twice" "" "$(dup_domains "$WORK/final.json")"
assert_eq "re-run: the sandbox holds the rows created before plus 2" $((created + 2)) \
  "$(customer_count "$WORK/final.json")"

finish
