#!/usr/bin/env bash
# validate --online (SPEC §3, §7): read-only checks against the API. The customer list is
# paged once (already_customer), each create's domain is checked (domain_taken) and its
# address validated (a warning with the suggestion; invalid with --strict-address), and
# nothing is ever written to Partner Center: the sandbox sees no POST /v1/customers at all.
# The journal keeps each check's verdict for the run that follows.
. "$(dirname "$0")/lib.sh" "$@"

write_config "$WORK/cfg.yaml"
start_sandbox online --seed 3 --tenants "$SRC/samples/sandbox-tenants.json"
python3 - "$WORK/in.csv" <<'PY'
import sys
sys.path.insert(0, "tests/shell")
from csvgen import row, write
write(sys.argv[1], [
    row(1, domain="onlinefree1"),                                         # would_create
    row(2, domain="contoso"),                                             # domain taken
    row(3, action="invite", domain="northwindtraders.com",
        tenant_id="4f1c2a9e-7b3d-4c8e-9a51-0d2e6f7a8b91"),                # already a customer
    row(4, action="invite", domain="wingtiptoys.com",
        tenant_id="7c9e6679-7425-40de-944b-e07fc1f90ae7"),                # would_invite
    row(5, domain="onlinestreet5", address_line1="Main Street"),          # no house number
])
PY

run_csp v1 validate "$WORK/in.csv" --online --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" \
  --report "$WORK/r1.csv"
assert_eq "online: exit 1 (a taken domain is invalid)" 1 "$RC"
[ "$RC" = 1 ] || show_err v1
assert_cmd "online: every row once, in input order" $CHECK order "$WORK/r1.csv" 5
assert_eq "online: row 1" "would_create " "$(status_of "$WORK/r1.csv" 1)"
assert_eq "online: row 2" "invalid domain_taken" "$(status_of "$WORK/r1.csv" 2)"
assert_eq "online: row 3" "skipped already_customer" "$(status_of "$WORK/r1.csv" 3)"
assert_eq "online: row 4" "would_invite " "$(status_of "$WORK/r1.csv" 4)"
assert_eq "online: row 5 (unverified address is a warning)" "would_create " \
  "$(status_of "$WORK/r1.csv" 5)"
assert_grep "online: the warning carries the suggested address" "$WORK/r1.csv" \
  "could not verify the address (StreetPartial)"

run_csp v2 validate "$WORK/in.csv" --online --strict-address --config "$WORK/cfg.yaml" \
  --sandbox-url "$SB_URL" --report "$WORK/r2.csv"
assert_eq "strict: row 5 is invalid" "invalid address_not_verified" "$(status_of "$WORK/r2.csv" 5)"

sandbox_state "$WORK/state.json"
assert_eq "online: no create was sent (no POST /v1/customers at all)" 0 "$(python3 -c '
import json, sys
print(sum(json.load(open(sys.argv[1]))["requests"].get("POST /v1/customers", {}).values()))' \
  "$WORK/state.json")"
assert_ge "online: the domains were checked" 2 \
  "$($CHECK requests "$WORK/state.json" "HEAD /v1/domains" 404)"
assert_eq "online: the journal keeps each check's verdict (3 domains, 2 addresses)" 5 \
  "$(sqlite3 "$WORK/r1.journal.sqlite" "SELECT count(*) FROM checks")"
assert_eq "online: the journal plans no row" 0 \
  "$(sqlite3 "$WORK/r1.journal.sqlite" "SELECT count(*) FROM rows")"

# Offline, the same file knows nothing of the API: the taken domain is a would_create.
run_csp v3 validate "$WORK/in.csv" --config "$WORK/cfg.yaml" --report "$WORK/r3.csv"
assert_eq "offline: row 2 would_create" "would_create " "$(status_of "$WORK/r3.csv" 2)"
assert_eq "offline: row 3 would_invite" "would_invite " "$(status_of "$WORK/r3.csv" 3)"
finish
