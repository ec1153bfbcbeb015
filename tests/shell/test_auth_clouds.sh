#!/usr/bin/env bash
# National clouds (api.cloud, docs/AUTH.md), against the sandbox standing in for 21Vianet's
# Partner Center (--api-url overrides the preset's URLs, as any explicit URL does):
#   A. MCA attestation, which the China cloud does not offer, is refused before anything is
#      sent: --attest-mca, and create.attest_mca in the file (exit 2, no request).
#   B. A row with mca_accepted_at is created without an attestation, with a warning once; the
#      agreement template is never fetched.
#   C. Signing in works the same in that cloud.
. "$(dirname "$0")/lib.sh" "$@"
. "$(dirname "$0")/auth_lib.sh"

auth_config "$WORK/china.yaml"
sed -i "s|^  cloud: .*|  cloud: china|" "$WORK/china.yaml"
start_auth_sandbox china --device-approve-after 1
csv_bulk "$WORK/rows.csv" 2 chinarow 5

# --- A ---
run_csp a1 run "$WORK/rows.csv" --config "$WORK/china.yaml" --api-url "$SB_URL" --attest-mca
assert_eq "--attest-mca in the China cloud: exit 2" 2 "$RC"
assert_grep "--attest-mca in the China cloud: says why and what to do" "$WORK/a1.err" \
  "Microsoft Customer Agreement attestation is not offered by Partner Center operated by 21Vianet (api.cloud: china): remove --attest-mca"
sed "s|^  attest_mca: .*|  attest_mca: true|" "$WORK/china.yaml" >"$WORK/china_mca.yaml"
run_csp a2 run "$WORK/rows.csv" --config "$WORK/china_mca.yaml" --api-url "$SB_URL"
assert_eq "create.attest_mca in the China cloud: exit 2" 2 "$RC"
sandbox_state "$WORK/a.state.json"
assert_eq "refused up front: no request reached the sandbox, not even a sign-in" "" \
  "$($CHECK answers "$WORK/a.state.json")"

# --- C, then B ---
login c "$WORK/china.yaml"
assert_eq "China cloud: auth login: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err c
python3 - "$WORK/mca.csv" <<'PY'
import sys
sys.path.insert(0, "tests/shell")
from csvgen import row, write
write(sys.argv[1], [row(1, domain="chinamca1", mca_accepted_at="2026-01-31"), row(2, domain="chinamca2")])
PY
run_csp b run "$WORK/mca.csv" --config "$WORK/china.yaml" --api-url "$SB_URL" --report "$WORK/b.report.csv"
assert_eq "a row with mca_accepted_at in the China cloud: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err b
assert_eq "both rows created" 2 "$(count_status "$WORK/b.report.csv" created)"
assert_grep "the warning names the cloud" "$WORK/b.err" \
  "does not offer Microsoft Customer Agreement attestation: mca_accepted_at is not sent"
sandbox_state "$WORK/b.state.json"
assert_eq "no agreement template fetched, no attestation sent" "0 0" \
  "$($CHECK requests "$WORK/b.state.json" "GET /v1/agreements" 200) $($CHECK requests "$WORK/b.state.json" "POST /v1/customers/agreements" 201)"
stop_sandbox

finish
