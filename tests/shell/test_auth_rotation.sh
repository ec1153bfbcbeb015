#!/usr/bin/env bash
# Refresh token rotation (docs/AUTH.md), against a sandbox whose refresh tokens are each
# accepted once (--refresh-token-uses 1), so any run that redeemed an old token would fail:
#   A. a nightly cron job: three runs in a row, each from an empty environment (env -i, no
#      TTY, stdin /dev/null), each signs in, creates its rows and leaves the next token in the
#      store; the sandbox refused no redemption.
#   B. two overlapping renewals: this test holds the store's lock, starts two runs, waits until
#      the kernel shows both waiting on the lock (/proc/locks), then lets go. Both runs sign in
#      (each redeems the token the other stored), and a third run proves the stored token is
#      the newest: with one use per token, an older one would be refused.
. "$(dirname "$0")/lib.sh" "$@"
. "$(dirname "$0")/auth_lib.sh"

auth_config "$WORK/cfg.yaml"
start_auth_sandbox rot --device-approve-after 1 --refresh-token-uses 1
login login "$WORK/cfg.yaml"
assert_eq "login: exit 0" 0 "$RC"

# run_cron NAME CSV: a run as cron starts it: no environment but HOME and PATH, no TTY.
run_cron() {
  local name=$1 csv=$2
  (cd "$WORK" && env -i HOME="$WORK/home" PATH=/usr/bin:/bin XDG_CONFIG_HOME="$WORK/config" \
    setsid "$BIN" run "$csv" --config "$WORK/cfg.yaml" --api-url "$SB_URL" --rules "$SRC/schemas" \
    --report "$WORK/$name.report.csv" </dev/null >"$WORK/$name.out" 2>"$WORK/$name.err")
  RC=$?
}

# --- A: three nightly runs ---
previous=$(stored_refresh)
for night in 1 2 3; do
  csv_bulk "$WORK/night$night.csv" 4 "night${night}x" "$night"
  run_cron "night$night" "$WORK/night$night.csv"
  assert_eq "night $night: exit 0" 0 "$RC"
  [ "$RC" = 0 ] || show_err "night$night"
  assert_eq "night $night: every row created" 4 "$(count_status "$WORK/night$night.report.csv" created)"
  current=$(stored_refresh)
  if [ -n "$current" ] && [ "$current" != "$previous" ]; then
    pass "night $night: the store holds a new refresh token"
  else
    fail "night $night: the store's refresh token did not change"
  fi
  assert_eq "night $night: the store stays mode 0600" 600 "$(stat -c %a "$STORE")"
  previous=$current
done
assert_eq "three nights: no redemption refused" 0 "$(signins refresh_tokens.refused)"
assert_ge "three nights: at least one redemption a night" 3 "$(signins refresh_tokens.redeemed)"

# --- B: two overlapping renewals ---
exec 9>"$STORE.lock"
flock 9
csv_bulk "$WORK/over1.csv" 2 overax 11
csv_bulk "$WORK/over2.csv" 2 overbx 12
bg_start "$WORK/over1.out" "$WORK/over1.err" "$BIN" run "$WORK/over1.csv" --config "$WORK/cfg.yaml" \
  --api-url "$SB_URL" --report "$WORK/over1.report.csv"
pid1=$BG_PID
bg_start "$WORK/over2.out" "$WORK/over2.err" "$BIN" run "$WORK/over2.csv" --config "$WORK/cfg.yaml" \
  --api-url "$SB_URL" --report "$WORK/over2.report.csv"
pid2=$BG_PID
inode=$(stat -c %i "$STORE.lock")
waiting=0
for i in $(seq 1 600); do
  waiting=$(grep -c -- "-> FLOCK.*:$inode " /proc/locks)
  [ "$waiting" -ge 2 ] && break
  sleep 0.05
done
assert_eq "overlap: both runs wait on the store's lock" 2 "$waiting"
flock -u 9
exec 9>&-
wait "$pid1"
rc1=$?
wait "$pid2"
rc2=$?
assert_eq "overlap: both runs exit 0" "0 0" "$rc1 $rc2"
[ "$rc1" = 0 ] || show_err over1
[ "$rc2" = 0 ] || show_err over2
assert_eq "overlap: no redemption refused" 0 "$(signins refresh_tokens.refused)"
csv_bulk "$WORK/after.csv" 1 afterx 13
run_csp after run "$WORK/after.csv" --config "$WORK/cfg.yaml" --api-url "$SB_URL" \
  --report "$WORK/after.report.csv"
assert_eq "overlap: the stored token is the newest (a later run signs in)" 0 "$RC"
assert_eq "overlap: still no redemption refused" 0 "$(signins refresh_tokens.refused)"
stop_sandbox

finish
