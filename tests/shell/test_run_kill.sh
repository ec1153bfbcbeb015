#!/usr/bin/env bash
# kill -9 at random moments of a 2,000-row run, 20 times with different seeds, then resume
# (SPEC §8 "Never two customers for one row, even across crashes", §9 journal). One external
# sandbox for the whole test keeps its state; it answers with some latency and a few faults
# (503, reset, timeout after commit), and half the kills land while it holds creates. Afterwards:
# the sandbox holds exactly one customer per row and no domain twice, the final run exits 0
# and its report has the 2,000 rows once each, in order, each created or already done.
. "$(dirname "$0")/lib.sh" "$@"

ROWS=2000
KILLS=${KILLS:-20}
start_sandbox main --seed 21 --latency-ms 4 --hang-ms 1500 \
  --faults 503=0.02,reset=0.02,timeout_after_commit=0.02
write_config "$WORK/cfg.yaml" 1
csv_bulk "$WORK/in.csv" "$ROWS" killx 8
args=(run "$WORK/in.csv" --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" --rate 2000/s
      --concurrency 8 --report "$WORK/report.csv")

RANDOM=20240131
in_flight_seen=0
for i in $(seq 1 "$KILLS"); do
  ms=$((RANDOM % 1500))
  # Every other kill lands while creates are in flight, whatever the load: the sandbox holds
  # the run's creates after a random count, and lets them go on (committed, their replies
  # lost) once the run is dead. The others land at a random moment.
  [ $((i % 2)) = 1 ] && sandbox_hold "hold-creates/$((RANDOM % 40))"
  bg_start "$WORK/kill$i.out" "$WORK/kill$i.err" "$BIN" "${args[@]}"
  pid=$BG_PID
  if [ $((i % 2)) = 1 ]; then
    wait_for_held_create "$pid"
  else
    sleep "$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
  fi
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  sandbox_hold release-creates
  if [ -e "$WORK/report.journal.sqlite" ] && command -v sqlite3 >/dev/null; then
    n=$(sqlite3 "$WORK/report.journal.sqlite" "SELECT count(*) FROM rows WHERE state = 'in_flight'" 2>/dev/null || echo 0)
    in_flight_seen=$((in_flight_seen + ${n:-0}))
  fi
done
sandbox_state "$WORK/mid.json"
echo "after $KILLS kills: $(customer_count "$WORK/mid.json") customers, $in_flight_seen rows found in flight"
assert_ge "some kills landed while creates were in flight" 1 "$in_flight_seen"
assert_eq "no domain twice after the kills" "" "$(dup_domains "$WORK/mid.json")"

run_csp final "${args[@]}" --summary-json "$WORK/sum.json"
assert_eq "final run: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err final
assert_cmd "final report: every row once, in input order" $CHECK order "$WORK/report.csv" "$ROWS"
assert_eq "final report: every row created or already done (maybe without its password)" "" \
  "$($CHECK table "$WORK/report.csv" |
    awk -F '\t' '$2 != "created" && $3 != "already_done" && $3 != "password_not_received"' |
    head -5)"
assert_eq "final report: every row has its customer id" "" \
  "$($CHECK table "$WORK/report.csv" | awk -F '\t' '$4 == ""' | head -5)"
sandbox_state "$WORK/final.json"
assert_eq "sandbox: one customer per row" "$ROWS" "$(customer_count "$WORK/final.json")"
assert_eq "sandbox: no domain twice" "" "$(dup_domains "$WORK/final.json")"
assert_eq "sandbox: every customer is one of the rows" "$ROWS" \
  "$($CHECK domains "$WORK/final.json" | grep -c '^killx[0-9]*\.onmicrosoft\.com$')"
assert_eq "sandbox: no create refused as a duplicate" 0 \
  "$($CHECK requests "$WORK/final.json" "POST /v1/customers" 409)"
if command -v sqlite3 >/dev/null; then
  assert_eq "journal: every row done" "$ROWS" \
    "$(sqlite3 "$WORK/report.journal.sqlite" "SELECT count(*) FROM rows WHERE state = 'done'")"
else
  skip "journal: every row done: no sqlite3 here"
fi

finish
