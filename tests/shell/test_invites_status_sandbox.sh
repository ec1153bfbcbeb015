# invites status: two tenants are invited through the sandbox, one of them accepts
# (POST /sandbox/invitations/{tenant}/accept); status then lists both invited rows with exactly
# that one accepted, records it in the journal, and says so again on a second check.
# Usage: bash tests/shell/test_invites_status_sandbox.sh CSPONBOARD (from the source root)
set -euo pipefail
bin=$1
keep=${KEEP:-}
# shellcheck source=tests/shell/invites_lib.sh
. tests/shell/invites_lib.sh

start_sandbox
write_config "smtp://127.0.0.1:1"
write_input
"$bin" run "$work/input.csv" --sandbox-url "$sandbox_url" --config "$work/config.yaml" \
  >"$work/run.out" 2>"$work/run.err" || fail "the run failed"
journal=$work/input.report.journal.sqlite
[ -f "$journal" ] || fail "no journal at $journal"

status() {
  "$bin" invites status --journal "$journal" --config "$work/config.yaml" \
    --sandbox-url "$sandbox_url" >"$work/status.csv" 2>"$work/status.err"
}

# Before anyone accepts: both invited, none accepted. The journal is found from the run's INPUT.
"$bin" invites status "$work/input.csv" --config "$work/config.yaml" --sandbox-url "$sandbox_url" \
  >"$work/status.csv" 2>"$work/status.err" || fail "invites status INPUT failed"
cat >"$work/expected.csv" <<CSV
row,identity,tenant_id,domain,accepted,customer_id
1,tenant:$wingtip,$wingtip,,no,
2,domain:tailspintoys.com,,tailspintoys.com,no,
CSV
# invited_at (column 5) changes from run to run: check its shape, then drop it.
cut -d, -f5 "$work/status.csv" | tail -n +2 | grep -qvE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' &&
  fail "invited_at is not ISO 8601: $(cat "$work/status.csv")"
cut -d, -f1-4,6- "$work/status.csv" | diff -u "$work/expected.csv" - || fail "status before accepting"

# Wingtip accepts.
curl -fsS -X POST "$sandbox_url/sandbox/invitations/$wingtip/accept" >/dev/null ||
  fail "the sandbox did not accept the invitation"
status || fail "invites status failed after accepting"
cut -d, -f1-4,6- "$work/status.csv" >"$work/actual.csv"
grep -c ',yes,' "$work/actual.csv" | grep -qx 1 || fail "not exactly one accepted: $(cat "$work/actual.csv")"
grep -q "^1,tenant:$wingtip,$wingtip,,yes,." "$work/actual.csv" || fail "Wingtip not accepted"
grep -q "^2,domain:tailspintoys.com,,tailspintoys.com,no,$" "$work/actual.csv" ||
  fail "Tailspin should still be pending"
grep -q "2 invited, 1 accepted (1 new since the last check), 1 not yet" "$work/status.err" ||
  fail "summary line: $(cat "$work/status.err")"
sqlite3 "$journal" "SELECT count(*) FROM rows WHERE accepted_at IS NOT NULL" | grep -qx 1 ||
  fail "the journal did not record the acceptance"

# A second check: still one accepted, none new.
status || fail "the second check failed"
grep -q "2 invited, 1 accepted (0 new since the last check), 1 not yet" "$work/status.err" ||
  fail "second summary: $(cat "$work/status.err")"

# Usage errors: no journal, no subcommand.
code=0; "$bin" invites status --journal "$work/none.sqlite" --config "$work/config.yaml" \
  --sandbox-url "$sandbox_url" 2>"$work/usage.err" >/dev/null || code=$?
[ "$code" = 2 ] || fail "a missing journal: expected exit 2, got $code"
grep -q "no journal" "$work/usage.err" || fail "no message for a missing journal"
[ ! -e "$work/none.sqlite" ] || fail "invites status created a journal"
code=0; "$bin" invites 2>/dev/null || code=$?
[ "$code" = 2 ] || fail "'invites' alone: expected exit 2, got $code"
echo "test_invites_status_sandbox: ok"
