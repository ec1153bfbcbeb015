#!/usr/bin/env bash
# `csponboard auth login | status | logout` against the sandbox's device authorization grant
# (docs/AUTH.md). Every case is decided by counting polls in the sandbox, never by time:
#   A. v1: the user approves on the third poll; the sign-in is stored (0600), status shows who,
#      the tenant, the role and the market; a run uses the stored sign-in.
#   B. v2 (api.scope): the user approves with POST /sandbox/device/approve (curl), as a partner
#      trying the sandbox would.
#   C. declined, D. expired: exit 3 with the reason, nothing stored.
#   E. slow_down: the client waits 5 s more and says so.
#   F. a token store readable by others is refused (exit 2), never used.
#   G. a spent refresh token (invalid_grant): exit 3 naming `csponboard auth login`.
#   H. a store written for another token endpoint is not used (exit 2, naming auth login).
#   I. Ctrl-C while waiting for the user: exit 130, nothing stored.
#   J. logout removes the store; the next run says to sign in.
. "$(dirname "$0")/lib.sh" "$@"
. "$(dirname "$0")/auth_lib.sh"

auth_config "$WORK/cfg.yaml"
csv_bulk "$WORK/rows.csv" 3 authrow 3

# --- A: v1, approved on the third poll ---
start_auth_sandbox a --device-approve-after 3
login a "$WORK/cfg.yaml"
assert_eq "v1 login: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err a
assert_grep "v1 login: shows where to sign in" "$WORK/a.out" "/sandbox/device in a browser and enter the code"
assert_grep "v1 login: says who signed in" "$WORK/a.out" "Signed in as admin@sandboxpartner.onmicrosoft.com"
assert_eq "v1 login: the store is mode 0600" 600 "$(stat -c %a "$STORE" 2>&1)"
assert_eq "v1 login: the store's folder is mode 0700" 700 "$(stat -c %a "$(dirname "$STORE")" 2>&1)"
assert_eq "v1 login: approved on the third poll" "3 1" "$(signins device.polls) $(signins device.approved)"
run_csp a_status auth status --config "$WORK/cfg.yaml" --api-url "$SB_URL"
assert_eq "status: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err a_status
assert_grep "status: the account" "$WORK/a_status.out" "account: admin@sandboxpartner.onmicrosoft.com"
assert_grep "status: the tenant" "$WORK/a_status.out" "tenant: 11111111-2222-3333-4444-555555555555"
assert_grep "status: the last renewal" "$WORK/a_status.out" "last renewed: "
assert_grep "status: the admin agent role" "$WORK/a_status.out" "admin agent role: yes"
assert_grep "status: the market matches the organization profile" "$WORK/a_status.out" \
  "partner market: US (configured) matches US"
assert_eq "status: one customer read and one profile read" "1 1" \
  "$(sandbox_state "$WORK/a.state.json"; $CHECK requests "$WORK/a.state.json" "GET /v1/customers" 200) $($CHECK requests "$WORK/a.state.json" "GET /v1/profiles/organization" 200)"
run_csp a_run run "$WORK/rows.csv" --config "$WORK/cfg.yaml" --api-url "$SB_URL" \
  --report "$WORK/a.report.csv"
assert_eq "a run with the stored sign-in: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err a_run
assert_eq "a run with the stored sign-in: every row created" 3 "$(count_status "$WORK/a.report.csv" created)"
stop_sandbox

# --- status: a partner market other than the profile's, and no admin agent role ---
start_auth_sandbox a2 --device-approve-after 1 --partner-market DE --deny-admin
login a2 "$WORK/cfg.yaml"
run_csp a2_status auth status --config "$WORK/cfg.yaml" --api-url "$SB_URL"
assert_eq "status without the role and with another market: exit 1" 1 "$RC"
assert_grep "status: no admin agent role" "$WORK/a2_status.out" "admin agent role: NO"
stop_sandbox

# --- B: v2, approved with curl ---
auth_config "$WORK/cfg2.yaml"
sed -i "s|^  cloud: .*|  cloud: public\n  scope: https://api.partnercenter.microsoft.com/.default|" "$WORK/cfg2.yaml"
start_auth_sandbox b
bg_start "$WORK/b.out" "$WORK/b.err" "$BIN" auth login --config "$WORK/cfg2.yaml" --api-url "$SB_URL"
login_pid=$BG_PID
for i in $(seq 1 600); do
  grep -q "enter the code" "$WORK/b.out" 2>/dev/null && break
  kill -0 "$login_pid" 2>/dev/null || break
  sleep 0.05
done
code=$(sed -n 's/.*enter the code \([A-Z0-9]*\).*/\1/p' "$WORK/b.out")
assert_grep "v2 login: the code endpoint was the v2 one" "$WORK/b.out" "enter the code"
approved=$(curl -s -X POST "$SB_URL/sandbox/device/approve" -d "{\"user_code\":\"$code\"}")
assert_eq "v2 login: the sandbox approved the code" '{"approved":1}' "$approved"
wait "$login_pid"
assert_eq "v2 login: exit 0 after the approval" 0 "$?"
assert_eq "v2 login: the store names the v2 token endpoint" \
  "$SB_URL/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token" "$($CHECK json "$STORE" token_url)"
assert_eq "v2 login: a second approval finds nothing pending" 404 \
  "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$SB_URL/sandbox/device/approve")"
stop_sandbox

# --- C: declined, D: expired ---
rm -f "$STORE"
start_auth_sandbox c --device-approve-after 2 --device-deny
login c "$WORK/cfg.yaml"
assert_eq "declined: exit 3" 3 "$RC"
assert_grep "declined: says so" "$WORK/c.err" "the sign-in was declined"
assert_eq "declined: nothing stored" no "$([ -e "$STORE" ] && echo yes || echo no)"
stop_sandbox
start_auth_sandbox d --device-expire-after 4
login d "$WORK/cfg2.yaml"
assert_eq "expired: exit 3" 3 "$RC"
assert_grep "expired: says so and what to do" "$WORK/d.err" "the code expired before the sign-in was completed: run 'csponboard auth login' again"
assert_eq "expired: on the fifth poll" 5 "$(signins device.polls)"
stop_sandbox

# --- E: slow_down ---
start_auth_sandbox e --device-slow-down 1 --device-approve-after 2
login e "$WORK/cfg.yaml"
assert_eq "slow_down: exit 0" 0 "$RC"
assert_grep "slow_down: the interval grew by 5 s" "$WORK/e.err" "asked to slow down: polling every 5 s"
assert_eq "slow_down: one slow_down, then approved" "1 1" "$(signins device.slow_downs) $(signins device.approved)"

# --- F: a store readable by others ---
chmod 644 "$STORE"
run_csp f run "$WORK/rows.csv" --config "$WORK/cfg.yaml" --api-url "$SB_URL" --report "$WORK/f.report.csv"
assert_eq "store mode 0644: exit 2" 2 "$RC"
assert_grep "store mode 0644: refused with the fix" "$WORK/f.err" "is not private (mode 644): refusing to use it"
assert_eq "store mode 0644: no token was redeemed" 0 "$(signins refresh_tokens.redeemed)"
run_csp f_status auth status --config "$WORK/cfg.yaml" --api-url "$SB_URL"
assert_eq "store mode 0644: status refuses it too (exit 2)" 2 "$RC"
chmod 600 "$STORE"
stop_sandbox

# --- G: a spent refresh token ---
start_auth_sandbox g --device-approve-after 1 --refresh-token-uses 1
login g "$WORK/cfg.yaml"
cp -p "$STORE" "$WORK/spent-store.json"
run_csp g1 run "$WORK/rows.csv" --config "$WORK/cfg.yaml" --api-url "$SB_URL" --report "$WORK/g.report.csv"
assert_eq "rotation: the run works and stores the next token" 0 "$RC"
cp -p "$WORK/spent-store.json" "$STORE"
csv_bulk "$WORK/rows_g.csv" 2 authspent 4
run_csp g2 run "$WORK/rows_g.csv" --config "$WORK/cfg.yaml" --api-url "$SB_URL" --report "$WORK/g2.report.csv"
assert_eq "a spent refresh token: exit 3" 3 "$RC"
assert_grep "a spent refresh token: names the one command that fixes it" "$WORK/g2.err" \
  "the stored sign-in is no longer valid: run 'csponboard auth login'"
assert_eq "a spent refresh token: every row not_attempted" 2 "$(count_status "$WORK/g2.report.csv" not_attempted)"

# --- H: a store for another endpoint ---
g_url=$SB_URL g_pid=$SB_PID
start_auth_sandbox other
run_csp h_other run "$WORK/rows_g.csv" --config "$WORK/cfg.yaml" --api-url "$SB_URL" --report "$WORK/h_other.report.csv"
assert_eq "a store for another endpoint: exit 2" 2 "$RC"
assert_grep "a store for another endpoint: says whose it is and what to do" "$WORK/h_other.err" \
  "is for app $APP_ID at $g_url/11111111-2222-3333-4444-555555555555/oauth2/token, not app $APP_ID at $SB_URL"
assert_eq "a store for another endpoint: no token redeemed there" 0 "$(signins refresh_tokens.redeemed)"

# --- I: interrupted while waiting ---
cp -p "$STORE" "$WORK/kept-store.json"
rm -f "$STORE"
bg_start "$WORK/i.out" "$WORK/i.err" "$BIN" auth login --config "$WORK/cfg.yaml" --api-url "$SB_URL"
login_pid=$BG_PID
for i in $(seq 1 600); do
  grep -q "enter the code" "$WORK/i.out" 2>/dev/null && break
  kill -0 "$login_pid" 2>/dev/null || break
  sleep 0.05
done
kill -INT "$login_pid"
wait "$login_pid"
assert_eq "Ctrl-C while waiting for the user: exit 130" 130 "$?"
assert_eq "Ctrl-C while waiting for the user: nothing stored" no "$([ -e "$STORE" ] && echo yes || echo no)"
stop_sandbox
cp -p "$WORK/kept-store.json" "$STORE"
SB_URL=$g_url SB_PID=$g_pid

# --- J: logout ---
run_csp h auth logout --config "$WORK/cfg.yaml"
assert_eq "logout: exit 0" 0 "$RC"
assert_grep "logout: says what it removed" "$WORK/h.out" "Signed out: removed $STORE"
assert_eq "logout: the store is gone" no "$([ -e "$STORE" ] && echo yes || echo no)"
run_csp h_run run "$WORK/rows_g.csv" --config "$WORK/cfg.yaml" --api-url "$SB_URL" --report "$WORK/h.report.csv"
assert_eq "after logout, a run: exit 2" 2 "$RC"
assert_grep "after logout, a run: says to sign in" "$WORK/h_run.err" "not signed in (no token store at $STORE): run 'csponboard auth login'"
stop_sandbox

finish
