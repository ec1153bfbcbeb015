#!/usr/bin/env bash
# Secrets (SPEC §8 Create, §9 "secrets are never logged"): the credentials file beside the
# report is mode 0600 and holds every created customer's initial password; no password, nor
# the client secret or refresh token, appears in stderr (text and JSON logs), the report, the
# journal (sqlite3 dump) or the summary JSON. The run uses --api-url with a custom app the
# sandbox accepts, so the secrets come from the environment as in production; the sandbox
# throws in some 503s and unreadable answers so that error paths log too.
# Then the same with the sign-in of `csponboard auth login`: the client secret from a command
# (auth.client_secret_command), rotating refresh tokens kept in the token store; no refresh
# token the store held, nor the secret, appears in the store's neighbours: the logs of login,
# status and the run, the report, the journal and the summary.
. "$(dirname "$0")/lib.sh" "$@"

# scan_secrets WHAT SECRETS FILE...: no line of SECRETS (one secret a line) in any FILE.
scan_secrets() {
  local what=$1 secrets=$2 leaks=0 secret f
  shift 2
  while IFS= read -r secret; do
    for f in "$@"; do
      if grep -qF -- "$secret" "$f"; then
        fail "$what: a secret found in $(basename "$f")"
        leaks=$((leaks + 1))
      fi
    done
  done <"$secrets"
  [ "$leaks" = 0 ] && pass "$what: no secret in $(($#)) outputs (logs, report, journal, summary)"
}

SECRET='Cl1entS3cret+/=Qz7'
REFRESH='R3freshT0ken-Wv5'
client_id=99999999-8888-7777-6666-555555555555
start_sandbox main --seed 13 --client-id "$client_id" --client-secret "$SECRET" \
  --refresh-token "$REFRESH" --faults 503=0.1,bad_json=0.05
write_config "$WORK/cfg.yaml" 10
export CSPONBOARD_CLIENT_SECRET=$SECRET CSPONBOARD_REFRESH_TOKEN=$REFRESH

for fmt in text json; do
  csv_bulk "$WORK/$fmt.csv" 12 "sec${fmt}x" 9
  run_csp "$fmt" run "$WORK/$fmt.csv" --config "$WORK/cfg.yaml" --api-url "$SB_URL" \
    --rate 1000/s --log-format "$fmt" --report "$WORK/$fmt.report.csv" \
    --summary-json "$WORK/$fmt.summary.json"
  assert_eq "$fmt logs: exit 0" 0 "$RC"
  [ "$RC" = 0 ] || show_err "$fmt"
  assert_eq "$fmt logs: every row created" 12 "$(count_status "$WORK/$fmt.report.csv" created)"
  creds=$WORK/$fmt.report.credentials.csv
  assert_eq "$fmt: the credentials file is mode 0600" 600 "$(stat -c %a "$creds" 2>&1)"
  sqlite3 "$WORK/$fmt.report.journal.sqlite" .dump >"$WORK/$fmt.journal.dump"
  # One password per created row, except rows whose create answer was lost (their report
  # line says so: the password never reached the client).
  lost=$($CHECK table "$WORK/$fmt.report.csv" | awk -F '\t' '$3 == "password_not_received"' | wc -l)
  python3 - "$creds" >"$WORK/$fmt.passwords" <<'PY'
import csv, sys
for r in csv.reader(open(sys.argv[1])):
    if len(r) >= 5 and r[4] and r[4] != "password":
        print(r[4])
PY
  assert_eq "$fmt: a password for each created row whose answer came" $((12 - lost)) \
    "$(sort -u "$WORK/$fmt.passwords" | wc -l | tr -d ' ')"
  assert_eq "$fmt: the credentials name each row's domain" $((12 - lost)) \
    "$(grep -c "sec${fmt}x[0-9]*\.onmicrosoft\.com" "$creds")"
  if [ "$fmt" = json ]; then
    assert_cmd "json logs: every stderr line before the summary is JSON" python3 -c '
import json, sys
for line in open(sys.argv[1]):
    if line.startswith("csponboard run:"):
        break
    json.loads(line)' "$WORK/json.err"
  fi
  (cat "$WORK/$fmt.passwords"; echo "$SECRET"; echo "$REFRESH") >"$WORK/$fmt.secrets"
  scan_secrets "$fmt: passwords, client secret, refresh token" "$WORK/$fmt.secrets" \
    "$WORK/$fmt.err" "$WORK/$fmt.out" "$WORK/$fmt.report.csv" "$WORK/$fmt.journal.dump" \
    "$WORK/$fmt.summary.json"
done
assert_ge "the sandbox's faults were hit" 1 "$(sandbox_state "$WORK/state.json"; answers "$WORK/state.json" 503)"
stop_sandbox

# --- the token store ---
. "$(dirname "$0")/auth_lib.sh"
printf '#!/bin/sh\ncat "%s"\n' "$WORK/client-secret" >"$WORK/secret-helper"
chmod 700 "$WORK/secret-helper"
auth_config "$WORK/store.yaml"
sed -i "s|^  client_secret_file: .*|  client_secret_command: $WORK/secret-helper|" "$WORK/store.yaml"
start_auth_sandbox store --seed 13 --device-approve-after 2 --refresh-token-uses 1 \
  --faults 503=0.1,bad_json=0.05
run_csp store_login auth login --config "$WORK/store.yaml" --api-url "$SB_URL"
assert_eq "store: login with the secret from a command: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err store_login
stored_refresh >"$WORK/store.tokens"
run_csp store_status auth status --config "$WORK/store.yaml" --api-url "$SB_URL"
assert_eq "store: status: exit 0" 0 "$RC"
stored_refresh >>"$WORK/store.tokens"
csv_bulk "$WORK/store.csv" 12 secstorex 9
run_csp store run "$WORK/store.csv" --config "$WORK/store.yaml" --api-url "$SB_URL" \
  --rate 1000/s --report "$WORK/store.report.csv" --summary-json "$WORK/store.summary.json"
assert_eq "store: a run with the stored sign-in: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err store
stored_refresh >>"$WORK/store.tokens"
assert_eq "store: three different refresh tokens were stored" 3 "$(sort -u "$WORK/store.tokens" | wc -l | tr -d ' ')"
assert_eq "store: only the store and its lock in its folder" "token.json token.json.lock" \
  "$(ls -A "$(dirname "$STORE")" | tr '\n' ' ' | sed 's/ $//')"
sqlite3 "$WORK/store.report.journal.sqlite" .dump >"$WORK/store.journal.dump"
(cat "$WORK/store.tokens"; echo "$APP_SECRET") >"$WORK/store.secrets"
scan_secrets "store: stored refresh tokens, client secret" "$WORK/store.secrets" \
  "$WORK/store_login.out" "$WORK/store_login.err" "$WORK/store_status.out" \
  "$WORK/store_status.err" "$WORK/store.out" "$WORK/store.err" "$WORK/store.report.csv" \
  "$WORK/store.journal.dump" "$WORK/store.summary.json"

finish
