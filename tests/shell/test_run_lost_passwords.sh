#!/usr/bin/env bash
# Lost passwords are state, and recoverable (issue: every request counts). Creates whose reply
# is lost after the commit (the sandbox's timeout_after_commit) are reconciled as created
# without their admin password (password_not_received). The journal keeps that reason; a
# resumed run reports those rows with it again and the summary counts them;
# `run --reset-lost-passwords` finds admin@domain among each customer's users, resets its
# password through the customer-user password reset and appends it to the credentials file
# (0600); a later run reports every row plainly already_done.
. "$(dirname "$0")/lib.sh" "$@"

ROWS=20
write_config "$WORK/cfg.yaml" 1
start_sandbox lost --seed 11 --hang-ms 3000 --faults timeout_after_commit=0.3
csv_bulk "$WORK/in.csv" "$ROWS" lostx 2
args=(--config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" --rate 1000/s)
report=$WORK/in.report.csv
creds=$WORK/in.report.credentials.csv
journal=$WORK/in.report.journal.sqlite
lost_rows() { $CHECK table "$report" | awk -F '\t' '$3 == "password_not_received" { print $1 }'; }

run_csp first run "$WORK/in.csv" "${args[@]}"
assert_eq "first run: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err first
lost=$(lost_rows | wc -l | tr -d ' ')
assert_ge "first run: some replies were lost (created, password not received)" 1 "$lost"
assert_eq "first run: the journal keeps each loss" "$lost" \
  "$(sqlite3 "$journal" "SELECT count(*) FROM rows WHERE reason_code = 'password_not_received'")"
assert_grep "first run: the summary counts them" "$WORK/first.err" \
  "admin passwords not received: $lost"
lost_list=$(lost_rows | tr '\n' ' ')
passwords_before=$(wc -l <"$creds")

curl -s -X POST "$SB_URL/sandbox/faults/off" >/dev/null
run_csp second run "$WORK/in.csv" "${args[@]}"
assert_eq "resumed run: exit 0" 0 "$RC"
assert_eq "resumed run: the same rows keep password_not_received" "$lost_list" \
  "$(lost_rows | tr '\n' ' ')"
assert_grep "resumed run: the summary still counts them" "$WORK/second.err" \
  "admin passwords not received: $lost"
sandbox_state "$WORK/before.json"

run_csp reset run "$WORK/in.csv" "${args[@]}" --reset-lost-passwords
assert_eq "reset: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err reset
assert_grep "reset: it says what it did" "$WORK/reset.err" \
  "lost admin passwords: $lost found, $lost reset"
sandbox_state "$WORK/after.json"
assert_eq "reset: one password reset per lost row" "$lost" \
  "$($CHECK json "$WORK/after.json" password_resets)"
assert_eq "reset: no customer was created" "$(customer_count "$WORK/before.json")" \
  "$(customer_count "$WORK/after.json")"
assert_eq "reset: a new credentials line per lost row" $((passwords_before + lost)) \
  "$(wc -l <"$creds")"
assert_eq "reset: the credentials file is still 0600" 600 "$(stat -c %a "$creds")"
assert_eq "reset: each new line names admin@ the row's domain" "$lost" \
  "$(tail -n "$lost" "$creds" | grep -c ',"admin@lostx[0-9]*\.onmicrosoft\.com",')"
assert_eq "reset: the journal forgets the losses" 0 \
  "$(sqlite3 "$journal" "SELECT count(*) FROM rows WHERE reason_code LIKE 'password_not%'")"

run_csp again run "$WORK/in.csv" "${args[@]}" --reset-lost-passwords
assert_eq "reset again: exit 0" 0 "$RC"
sandbox_state "$WORK/again.json"
assert_eq "reset again: nothing left to reset" "$lost" \
  "$($CHECK json "$WORK/again.json" password_resets)"
run_csp third run "$WORK/in.csv" "${args[@]}"
assert_eq "later run: every row already_done" "$ROWS" \
  "$($CHECK table "$report" | awk -F '\t' '$3 == "already_done"' | wc -l | tr -d ' ')"
finish
