#!/usr/bin/env bash
# Issue 8's engine through the command line (fixture tests/fixtures/rules/world): countries
# by name, state names sent as codes, the warnings that say so, an embargoed country
# rejected, an invite without a country checked as the partner's market, invite domains
# against the Public Suffix List, and `rules list` / `rules check` over every code.
. "$(dirname "$0")/lib.sh" "$@"

rules="$SRC/tests/fixtures/rules/world"
write_config "$WORK/cfg.yaml"
cat >"$WORK/in.csv" <<'CSV'
action,company_name,email,country,state,postal_code,phone,domain,tenant_id
create,Contoso One,a@contoso.com,United States,California,94105,425 555 0100,contosoone,
create,Contoso Two,a@contoso.com,U.S.,Wash.,98052,,contosotwo,
create,Contoso Three,a@contoso.com,USA,CA,10001,+1 876 555 0100,contosothree,
create,Contoso Four,a@contoso.com,Cuba,,,,contosofour,
invite,Contoso Five,,,,,,eu.contoso.com,
invite,Contoso Six,,US,,,,smith-solutions0026.c,
CSV
run_csp v validate "$WORK/in.csv" --config "$WORK/cfg.yaml" --rules "$rules" \
  --report "$WORK/r.csv"
assert_eq "validate: exit 1 (some rows invalid)" 1 "$RC"
assert_eq "a country and a state by name: would_create" "would_create " "$(status_of "$WORK/r.csv" 1)"
assert_eq "Wash. stays wrong" "invalid state:not_in_list" "$(status_of "$WORK/r.csv" 2)"
assert_eq "an embargoed country is rejected" "rejected embargoed" "$(status_of "$WORK/r.csv" 4)"
assert_eq "an invite without a country: the partner's market" "would_invite " \
  "$(status_of "$WORK/r.csv" 5)"
assert_eq "an invite domain without a public suffix" "invalid domain:format" \
  "$(status_of "$WORK/r.csv" 6)"
python3 - "$WORK/r.csv" >"$WORK/warnings.txt" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    print(r["row"], r["warnings"], "|", r["reason"], "|", r["country"], r["state"])
PY
assert_grep "the warnings say what was sent" "$WORK/warnings.txt" \
  "1 country United States was sent as US; state California was sent as CA |"
assert_grep "the input columns are passed through" "$WORK/warnings.txt" "| United States California"
assert_grep "a postal code of another state" "$WORK/warnings.txt" \
  "postal_code 10001 belongs to NY (New York), not CA (California)"
assert_grep "a Jamaican number in a US row" "$WORK/warnings.txt" \
  "phone 8765550100 looks like a number of Jamaica (JM), not of United States (calling code +1)"
assert_grep "the embargo's reason" "$WORK/warnings.txt" \
  "| Microsoft does not sell in Cuba (US embargo); Partner Center has no such market |"
assert_grep "the invite's country" "$WORK/warnings.txt" \
  "5 country is empty: the invite was checked as a customer in the partner's market US"

run_csp list rules --rules "$rules" list
assert_eq "rules list: exit 0" 0 "$RC"
assert_eq "rules list: every code of regions.yaml" 11 "$(wc -l <"$WORK/list.out")"
assert_grep "rules list: an embargoed market" "$WORK/list.out" \
  "CU  Cuba                         (no market group)  (embargoed: every row is rejected)"
run_csp listgood rules --rules "$SRC/tests/fixtures/rules/good" list
assert_grep "rules list: a code without a market file" "$WORK/listgood.out" \
  "FR  (no market file)             Europe"

run_csp check rules --rules "$rules" check
assert_eq "rules check: every file loads, every example behaves" 0 "$RC"
run_csp checkgood rules --rules "$SRC/tests/fixtures/rules/good" check
assert_eq "rules check: exit 2 when a code of regions.yaml has no file" 2 "$RC"
assert_grep "rules check: names the missing file" "$WORK/checkgood.err" \
  "good/markets/FR.yaml: missing: FR is listed in regions.yaml (Europe) but has no market file"
finish
