#!/usr/bin/env bash
# Checks are remembered (issue: every request counts). Counted by the sandbox's own request
# counters, never by time:
#   - `run` after `validate --online` of the same file sends only the creates;
#   - --checks fresh asks again, --checks none sends creates alone after a clear warning;
#   - a restart loop, each run killed (SIGKILL) once the sandbox has let a fixed number of
#     requests through, finishes a 300-row file with no check answered twice and one customer
#     per row.
. "$(dirname "$0")/lib.sh" "$@"

write_config "$WORK/cfg.yaml" 60
# route_count STATE ROUTE STATUS
route_count() { $CHECK requests "$1" "$2" "$3"; }

# --- validate --online, then run: only creates ---
start_sandbox pair --seed 4
csv_bulk "$WORK/pair.csv" 20 pairx 4
args=(--config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" --rate 1000/s)
run_csp validate validate "$WORK/pair.csv" --online "${args[@]}"
assert_eq "validate --online: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err validate
sandbox_state "$WORK/pair.before.json"
run_csp run run "$WORK/pair.csv" "${args[@]}" --summary-json "$WORK/run.summary.json"
assert_eq "run after validate --online: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err run
sandbox_state "$WORK/pair.after.json"
for route in "HEAD /v1/domains 404" "POST /v1/validations/address 200"; do
  set -- $route
  assert_eq "run after validate --online: no $1 $2 sent" \
    "$(route_count "$WORK/pair.before.json" "$1 $2" "$3")" \
    "$(route_count "$WORK/pair.after.json" "$1 $2" "$3")"
done
assert_eq "run after validate --online: 20 creates" 20 \
  "$(route_count "$WORK/pair.after.json" "POST /v1/customers" 201)"
assert_eq "run: the summary counts the reused checks" 40 \
  "$($CHECK json "$WORK/run.summary.json" checks_reused)"
assert_grep "run: the summary gives requests per created customer" "$WORK/run.err" \
  "requests per created customer"
stop_sandbox

# --- --checks fresh and none ---
start_sandbox modes --seed 6
args=(--config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" --rate 1000/s)
csv_bulk "$WORK/fresh.csv" 10 freshx 6
run_csp fresh1 validate "$WORK/fresh.csv" --online "${args[@]}"
run_csp fresh2 run "$WORK/fresh.csv" --checks fresh "${args[@]}"
assert_eq "--checks fresh: exit 0" 0 "$RC"
sandbox_state "$WORK/fresh.json"
assert_eq "--checks fresh: each domain checked twice (validate, then run)" 20 \
  "$(route_count "$WORK/fresh.json" "HEAD /v1/domains" 404)"
csv_bulk "$WORK/none.csv" 10 nonex 7
run_csp none run "$WORK/none.csv" --checks none "${args[@]}"
assert_eq "--checks none: exit 0" 0 "$RC"
assert_grep "--checks none: a clear warning" "$WORK/none.err" "checks are off (--checks none)"
sandbox_state "$WORK/none.json"
assert_eq "--checks none: no further domain check" 20 \
  "$(route_count "$WORK/none.json" "HEAD /v1/domains" 404)"
assert_eq "--checks none: 20 creates in all (10 fresh, 10 none)" 20 \
  "$(route_count "$WORK/none.json" "POST /v1/customers" 201)"
stop_sandbox

# --- restart loop: each run killed after BUDGET requests ---
ROWS=300
BUDGET=40
CONCURRENCY=4
start_sandbox loop --seed 8 --hang-ms 5000
csv_bulk "$WORK/loop.csv" "$ROWS" loopx 8
args=(--config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" --rate 1000/s
  --concurrency "$CONCURRENCY" --report "$WORK/loop.report.csv" --quiet)
runs=0
while [ "$runs" -lt 60 ]; do
  runs=$((runs + 1))
  sandbox_state "$WORK/loop.start.json"
  held=$(answers "$WORK/loop.start.json" withheld)
  set_budget "$BUDGET"
  bg_start "$WORK/loop.out" "$WORK/loop.err" "$BIN" run "$WORK/loop.csv" "${args[@]}"
  pid=$BG_PID
  # Killed once every request slot waits on a withheld request: every answer before them has
  # been handled (a slot is freed by handling its answer).
  while kill -0 "$pid" 2>/dev/null; do
    sandbox_state "$WORK/loop.now.json"
    [ $(($(answers "$WORK/loop.now.json" withheld) - held)) -ge "$CONCURRENCY" ] && break
    sleep 0.05
  done
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid"
    RC=$?
    break
  fi
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null
done
set_budget off
assert_ge "restart loop: more than a few runs were killed" 5 "$runs"
if [ "$RC" != 0 ]; then
  run_csp loop.last run "$WORK/loop.csv" "${args[@]}"
fi
assert_eq "restart loop: the last run exits 0" 0 "$RC"
sandbox_state "$WORK/loop.json"
assert_eq "restart loop: no domain check answered twice" "$ROWS" \
  "$(route_count "$WORK/loop.json" "HEAD /v1/domains" 404)"
assert_eq "restart loop: no address validation answered twice" "$ROWS" \
  "$(route_count "$WORK/loop.json" "POST /v1/validations/address" 200)"
assert_eq "restart loop: one customer per row" "$ROWS" "$(customer_count "$WORK/loop.json")"
assert_eq "restart loop: no domain twice" "" "$(dup_domains "$WORK/loop.json")"
assert_eq "restart loop: no create refused as a duplicate" 0 \
  "$(route_count "$WORK/loop.json" "POST /v1/customers" 409)"
finish
