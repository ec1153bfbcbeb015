#!/usr/bin/env bash
# Cron overlap: while one run holds the journal, a second run on the same journal exits 75 at
# once, naming the holder's process id and start time, sends nothing and leaves the first
# run's report alone, and so does validate (which writes the same report); the first run then
# finishes normally and removes its .lock file.
. "$(dirname "$0")/lib.sh" "$@"

start_sandbox main --seed 9 --latency-ms 30
write_config "$WORK/cfg.yaml" 300 # its creates wait at the hold: no timeout meanwhile
csv_bulk "$WORK/in.csv" 10 lockx 7
# The first run is held at its third create (so it holds the lock, whatever the load) while
# the second one runs.
sandbox_hold hold-creates/2
bg_start "$WORK/first.out" "$WORK/first.err" "$BIN" run "$WORK/in.csv" --config "$WORK/cfg.yaml" \
  --sandbox-url "$SB_URL" --rate 1000/s --concurrency 2 --report "$WORK/report.csv"
first=$BG_PID
wait_for_held_create "$first"
sandbox_state "$WORK/before.json"
run_csp second run "$WORK/in.csv" --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" \
  --rate 1000/s --report "$WORK/report.csv"
assert_eq "second run: exit 75" 75 "$RC"
assert_grep "second run: says another run holds the journal" "$WORK/second.err" "another run holds"
assert_grep "second run: names the holder's process id" "$WORK/second.err" "(pid $first, started 20"
# It did not wait for the lock: the first run cannot end while its creates are held.
curl -sf "$SB_URL/sandbox/holds" >"$WORK/holds.json"
assert_ge "second run: exits while the first still waits at the hold" 1 \
  "$($CHECK json "$WORK/holds.json" waiting)"
assert_cmd "first run: still running when the second one exited" kill -0 "$first"
assert_eq "second run: wrote no report" "" "$(ls "$WORK"/report.csv "$WORK"/report.csv.part 2>/dev/null | grep -v part)"
# validate writes the same report: it exits 75 too, with or without --online.
for mode in offline online; do
  extra=()
  [ "$mode" = online ] && extra=(--online --sandbox-url "$SB_URL")
  run_csp "validate_$mode" validate "$WORK/in.csv" --config "$WORK/cfg.yaml" \
    --report "$WORK/report.csv" "${extra[@]}"
  assert_eq "validate ($mode) during the run: exit 75" 75 "$RC"
  assert_eq "validate ($mode) during the run: wrote no report" "" \
    "$(ls "$WORK"/report.csv 2>/dev/null)"
done
assert_cmd "first run: still running after the validates" kill -0 "$first"
sandbox_state "$WORK/after.json"
assert_eq "second run: signed in nowhere (no token requested)" \
  "$($CHECK requests "$WORK/before.json" "POST /oauth2/token" 200)" \
  "$($CHECK requests "$WORK/after.json" "POST /oauth2/token" 200)"
sandbox_hold release-creates
wait "$first"
assert_eq "first run: exit 0" 0 "$?"
assert_cmd "first run: its .lock file is removed" test ! -e "$WORK/report.journal.sqlite.lock"
assert_cmd "first run: report complete" $CHECK order "$WORK/report.csv" 10
assert_eq "first run: every row created" 10 "$(count_status "$WORK/report.csv" created)"
sandbox_state "$WORK/final.json"
assert_eq "one customer per row" 10 "$(customer_count "$WORK/final.json")"

# Once the first run is over, the journal is free again.
run_csp third run "$WORK/in.csv" --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" \
  --rate 1000/s --report "$WORK/report.csv"
assert_eq "a later run gets the lock: exit 0" 0 "$RC"
assert_cmd "a later run: no .lock file left" test ! -e "$WORK/report.journal.sqlite.lock"
assert_eq "a later run: every row already done" 10 "$(count_status "$WORK/report.csv" skipped)"

finish
