#!/usr/bin/env bash
# End to end against an external sandbox: every report status appears on the row it belongs
# to, with the exit code SPEC §3 gives, every input row once in input order, and the
# sandbox's state holding exactly the customers the run created.
#   created        valid US creates
#   invited        a tenant the tenants file knows but which is not a customer yet
#   skipped        duplicate of row N; already_customer (a customer:true tenant);
#                  already_done (second run)
#   invalid        a bad postal code; domain_taken (contoso, fabrikam: taken in the tenants file)
#   rejected       a valid DE row for a US partner
#   failed         a US row with a culture the client's rules (a copy made out of date on
#                  purpose) accept and Partner Center refuses (400 3000)
#   not_attempted  --max-errors 1 after an invalid first row
. "$(dirname "$0")/lib.sh" "$@"

start_sandbox main --seed 7 --tenants "$SRC/samples/sandbox-tenants.json"
write_config "$WORK/cfg.yaml"
# Rules that have fallen behind Partner Center: US's culture list also takes fr-FR.
cp -r "$SRC/schemas" "$WORK/rules"
sed -i 's/enum: \[en-US, es-US\]/enum: [en-US, es-US, fr-FR]/' "$WORK/rules/markets/US.yaml"
grep -q 'fr-FR' "$WORK/rules/markets/US.yaml" || fail "the out-of-date rules were not made"
common=(--config "$WORK/cfg.yaml" --rules "$WORK/rules" --sandbox-url "$SB_URL" --rate 1000/s
        --no-progress)

python3 - "$WORK/in.csv" <<'EOF'
import sys
sys.path.insert(0, "tests/shell")
from csvgen import row, write
rows = [
    row(1, domain="stat1alpha"),                                               # 1 created
    row(2, domain="stat2beta", mca_accepted_at="2024-01-31"),                  # 2 created + MCA
    row(3, action="invite", domain="wingtiptoys.com",
        tenant_id="7c9e6679-7425-40de-944b-e07fc1f90ae7"),                     # 3 invited
    row(4, domain="stat1alpha"),                                               # 4 dup of row 1
    row(5, action="invite", domain="northwindtraders.com",
        tenant_id="4f1c2a9e-7b3d-4c8e-9a51-0d2e6f7a8b91"),                     # 5 already_customer
    row(6, domain="stat6bad", postal_code="9805"),                             # 6 invalid postal
    row(7, domain="contoso"),                                                  # 7 domain_taken
    row(8, domain="fabrikam"),                                                 # 8 domain_taken
    row(9, domain="stat9de", country="DE", state="", postal_code="10115",
        city="Berlin", phone="030 1234567", culture="de-DE", language="de"),   # 9 rejected
    # 10 failed: the out-of-date rules take fr-FR, Partner Center refuses it in US
    row(10, domain="stat10cult", culture="fr-FR", language="en"),
    row(11, domain="stat11gamma"),                                             # 11 created
]
write(sys.argv[1], rows)
EOF

# --- first run ---
run_csp run1 run "$WORK/in.csv" "${common[@]}" --report "$WORK/r1.csv" --summary-json "$WORK/s1.json"
assert_eq "first run: exit 1 (some rows invalid or failed)" 1 "$RC"
[ "$RC" = 1 ] || show_err run1
assert_cmd "first run: every row once, in input order" $CHECK order "$WORK/r1.csv" 11
expect=(
  "1:created "
  "2:created "
  "3:invited "
  "4:skipped duplicate"
  "5:skipped already_customer"
  "6:invalid postal_code:pattern"
  "7:invalid domain_taken"
  "8:invalid domain_taken"
  "9:rejected market_not_allowed"
  "10:failed api_error"
  "11:created "
)
for e in "${expect[@]}"; do
  assert_eq "first run: row ${e%%:*}" "${e#*:}" "$(status_of "$WORK/r1.csv" "${e%%:*}")"
done
$CHECK table "$WORK/r1.csv" >"$WORK/r1.table"
assert_grep "duplicate names the earlier row" "$WORK/r1.csv" "duplicate of row 1"
assert_grep "the failed row carries the API's code" "$WORK/r1.csv" "3000: The culture 'fr-FR' is not supported in US"
assert_grep "the invited row has the invitation link" "$WORK/r1.csv" "invType=ResellerRelationship"
assert_grep "domain_taken hints at invite" "$WORK/r1.csv" "give tenant_id or action invite"
assert_eq "already_customer row has the customer id" "4f1c2a9e-7b3d-4c8e-9a51-0d2e6f7a8b91" \
  "$(awk -F '\t' '$1 == 5 { print $4 }' "$WORK/r1.table")"
assert_eq "summary: created count" 3 "$($CHECK json "$WORK/s1.json" statuses.created)"
assert_eq "summary: exit code" 1 "$($CHECK json "$WORK/s1.json" exit_code)"

sandbox_state "$WORK/state1.json"
python3 - "$WORK/state1.json" >"$WORK/new1.txt" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print(" ".join(sorted(c["domain"] for c in s["customers"] if c["request_id"])))
print(len(s["attestations"]))
EOF
assert_eq "sandbox: exactly the created customers" \
  "stat11gamma.onmicrosoft.com stat1alpha.onmicrosoft.com stat2beta.onmicrosoft.com" \
  "$(sed -n 1p "$WORK/new1.txt")"
assert_eq "sandbox: one MCA attestation (row 2)" 1 "$(sed -n 2p "$WORK/new1.txt")"
created_posts=$($CHECK requests "$WORK/state1.json" "POST /v1/customers" 201)
refused_posts=$($CHECK requests "$WORK/state1.json" "POST /v1/customers" 400)
assert_eq "sandbox: 3 creates accepted" 3 "$created_posts"
assert_eq "sandbox: 1 create refused (row 10)" 1 "$refused_posts"

# --- second run, same journal: what was done is skipped already_done, nothing new is sent ---
run_csp run2 run "$WORK/in.csv" "${common[@]}" --report "$WORK/r1.csv"
assert_eq "second run: exit 1 (the invalid and failed rows are still there)" 1 "$RC"
assert_cmd "second run: every row once, in input order" $CHECK order "$WORK/r1.csv" 11
for r in 1 2 3 11; do
  assert_eq "second run: row $r already done" "skipped already_done" "$(status_of "$WORK/r1.csv" $r)"
done
assert_eq "second run: row 10 still failed" "failed api_error" "$(status_of "$WORK/r1.csv" 10)"
sandbox_state "$WORK/state2.json"
assert_eq "second run: no new customer" 3 "$($CHECK requests "$WORK/state2.json" "POST /v1/customers" 201)"
assert_eq "second run: the already_done row keeps its customer id" \
  "$(awk -F '\t' '$1 == 1 { print $4 }' "$WORK/r1.table")" \
  "$($CHECK table "$WORK/r1.csv" | awk -F '\t' '$1 == 1 { print $4 }')"

# --- a clean file: exit 0 (created and already done rows only) ---
python3 - "$WORK/clean.csv" <<'EOF'
import sys
sys.path.insert(0, "tests/shell")
from csvgen import row, write
write(sys.argv[1], [row(1, domain="stat1alpha"), row(2, domain="statclean2")])
EOF
run_csp run3 run "$WORK/clean.csv" "${common[@]}" --report "$WORK/r3.csv" --journal "$WORK/r1.journal.sqlite"
assert_eq "clean file: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err run3
assert_eq "clean file: row 1 already done" "skipped already_done" "$(status_of "$WORK/r3.csv" 1)"
assert_eq "clean file: row 2 created" "created " "$(status_of "$WORK/r3.csv" 2)"

# --- --max-errors: an invalid first row stops the run; later rows are not_attempted ---
python3 - "$WORK/maxerr.csv" <<'EOF'
import sys
sys.path.insert(0, "tests/shell")
from csvgen import row, write
write(sys.argv[1], [row(1, domain="statmax1", postal_code="ABCDE")] +
      [row(i, domain="statmax%d" % i) for i in range(2, 6)])
EOF
run_csp run4 run "$WORK/maxerr.csv" "${common[@]}" --report "$WORK/r4.csv" --max-errors 1 \
  --summary-json "$WORK/s4.json"
assert_eq "--max-errors: exit 1" 1 "$RC"
assert_cmd "--max-errors: every row once, in input order" $CHECK order "$WORK/r4.csv" 5
assert_eq "--max-errors: row 1 invalid" "invalid postal_code:pattern" "$(status_of "$WORK/r4.csv" 1)"
for r in 2 3 4 5; do
  assert_eq "--max-errors: row $r not attempted" "not_attempted run_aborted" "$(status_of "$WORK/r4.csv" $r)"
done
assert_grep "--max-errors: the summary says why it stopped" "$WORK/s4.json" '"stopped_because":"'
sandbox_state "$WORK/state4.json"
assert_eq "--max-errors: no customer created" "" "$($CHECK domains "$WORK/state4.json" | grep statmax)"
assert_eq "no domain twice in the sandbox" "" "$(dup_domains "$WORK/state4.json")"

finish
