#!/usr/bin/env bash
# Signals (SPEC §8 Signals, §3 exit codes): SIGTERM in the middle of a run stops taking rows,
# lets the requests in flight finish, writes the whole report (every row once; rows never
# sent are not_attempted) and exits 143; a second run finishes the rest without a duplicate.
# SIGINT does the same with exit 130.
. "$(dirname "$0")/lib.sh" "$@"

ROWS=30
start_sandbox main --seed 17 --latency-ms 150
write_config "$WORK/cfg.yaml" 300 # creates wait at the hold: no timeout meanwhile

# interrupt NAME SIGNAL: starts a run of NAME.csv with the sandbox holding every create after
# the third; once a create waits (so exactly three rows are created and the run is mid-way,
# however loaded the machine), sends SIGNAL, releases the creates and waits for the exit code
# (RC). The signal is pending before the release, so the run sees it before any answer.
interrupt() {
  local name=$1 sig=$2 pid
  csv_bulk "$WORK/$name.csv" "$ROWS" "${name}x" 10
  sandbox_hold hold-creates/3
  bg_start "$WORK/$name.out" "$WORK/$name.err" "$BIN" run "$WORK/$name.csv" --config "$WORK/cfg.yaml" \
    --sandbox-url "$SB_URL" --rate 1000/s --concurrency 4 --report "$WORK/$name.report.csv"
  pid=$BG_PID
  wait_for_held_create "$pid" && pass "$name: a create waits at the hold when the signal is sent"
  kill -"$sig" "$pid"
  sandbox_hold release-creates
  wait "$pid"
  RC=$?
}

# check_interrupted NAME EXPECTED_RC
check_interrupted() {
  local name=$1 report=$WORK/$1.report.csv created not_attempted
  assert_eq "$name: exit $2" "$2" "$RC"
  [ "$RC" = "$2" ] || show_err "$name"
  assert_cmd "$name: the report is complete: every row once, in order" $CHECK order "$report" "$ROWS"
  assert_eq "$name: no report.part left" "" "$(ls "$report.part" 2>/dev/null)"
  created=$(count_status "$report" created)
  not_attempted=$(count_status "$report" not_attempted)
  assert_eq "$name: every row created or not_attempted" "$ROWS" $((created + not_attempted))
  assert_ge "$name: stopped early (some rows not attempted)" 1 "$not_attempted"
  assert_ge "$name: rows in flight were finished (some created)" 3 "$created"
  sandbox_state "$WORK/$name.after.json"
  assert_eq "$name: the sandbox holds exactly the rows reported created" "$created" \
    "$($CHECK domains "$WORK/$name.after.json" | grep -c "^${name}x")"
  assert_grep "$name: the summary says it was interrupted" "$WORK/$name.err" "stopped early"
}

interrupt term TERM
check_interrupted term 143

run_csp term2 run "$WORK/term.csv" --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" \
  --rate 1000/s --concurrency 4 --report "$WORK/term.report.csv"
assert_eq "re-run after SIGTERM: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err term2
assert_cmd "re-run: every row once, in order" $CHECK order "$WORK/term.report.csv" "$ROWS"
assert_eq "re-run: every row created or already done" "" \
  "$($CHECK table "$WORK/term.report.csv" | awk -F '\t' '$2 != "created" && $3 != "already_done"')"
sandbox_state "$WORK/term.final.json"
assert_eq "re-run: one customer per row" "$ROWS" "$($CHECK domains "$WORK/term.final.json" | grep -c '^termx')"
assert_eq "re-run: no domain twice" "" "$(dup_domains "$WORK/term.final.json")"

interrupt int INT
check_interrupted int 130

finish
