#!/usr/bin/env bash
# rules sync (SPEC §3): Partner Center's country validation rules (here the sandbox's) become
# market files that load as a complete rule folder and validate rows as Partner Center would.
. "$(dirname "$0")/lib.sh" "$@"

write_config "$WORK/cfg.yaml"
start_sandbox sync --seed 1
run_csp sync rules --rules "$SRC/schemas" sync US pt RU --out "$WORK/synced" \
  --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL"
assert_eq "sync: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err sync
for cc in US PT RU; do
  assert_cmd "sync: wrote markets/$cc.yaml" test -s "$WORK/synced/markets/$cc.yaml"
done
assert_cmd "sync: the folder is complete (regions.yaml)" test -s "$WORK/synced/regions.yaml"
assert_cmd "sync: the folder is complete (common.yaml)" test -s "$WORK/synced/markets/common.yaml"
assert_grep "sync: US postal code regex from the API" "$WORK/synced/markets/US.yaml" \
  "pattern: '^\\d{5}(-\\d{4})?\$'"
assert_grep "sync: RU registration number required for creates" "$WORK/synced/markets/RU.yaml" \
  "required_if: {action: create}"
assert_grep "sync: names come from the shipped rules" "$WORK/synced/markets/PT.yaml" \
  "name: 'Portugal'"

run_csp check rules --rules "$WORK/synced" check
assert_eq "sync: the written rules pass rules check" 0 "$RC"
[ "$RC" = 0 ] || show_err check

# The synced rules validate like Partner Center: a US row with a bad ZIP is invalid.
python3 - "$WORK/in.csv" <<'PY'
import sys
sys.path.insert(0, "tests/shell")
from csvgen import row, write
write(sys.argv[1], [row(1, domain="syncok1"), row(2, domain="syncbad2", postal_code="1234")])
PY
run_csp v validate "$WORK/in.csv" --config "$WORK/cfg.yaml" --rules "$WORK/synced" \
  --report "$WORK/r.csv"
assert_eq "synced rules: row 1 would_create" "would_create " "$(status_of "$WORK/r.csv" 1)"
assert_eq "synced rules: row 2 invalid" "invalid postal_code:pattern" "$(status_of "$WORK/r.csv" 2)"

run_csp bad rules --rules "$SRC/schemas" sync XX --out "$WORK/synced" --config "$WORK/cfg.yaml" \
  --sandbox-url "$SB_URL"
assert_eq "sync: a market without rules is an error" 2 "$RC"
assert_grep "sync: it names the market" "$WORK/bad.err" "country validation rules for XX: not found"
finish
