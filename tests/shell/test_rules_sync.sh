#!/usr/bin/env bash
# rules sync (SPEC §3): Partner Center's country validation rules (here the sandbox's) become
# the `partner_center:` block of the market's overlay (schemas/overlay/CC.yaml); the rest of
# the overlay is kept, and a second sync replaces the block instead of adding one.
. "$(dirname "$0")/lib.sh" "$@"

write_config "$WORK/cfg.yaml"
start_sandbox sync --seed 1
rules="$WORK/schemas"
mkdir -p "$rules/overlay"
cp "$SRC/schemas/regions.yaml" "$rules/"
cat >"$rules/overlay/US.yaml" <<'YAML'
# Hand-written: kept by rules sync.
name: United States
fields:
  state: {subdivision: true}
YAML
run_csp sync rules --rules "$rules" sync US pt RU --config "$WORK/cfg.yaml" \
  --sandbox-url "$SB_URL"
assert_eq "sync: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err sync
for cc in US PT RU; do
  assert_cmd "sync: wrote overlay/$cc.yaml" test -s "$rules/overlay/$cc.yaml"
done
assert_grep "sync: the hand-written part is kept" "$rules/overlay/US.yaml" \
  "# Hand-written: kept by rules sync."
assert_grep "sync: US postal code regex from the API" "$rules/overlay/US.yaml" \
  "      pattern: '^\\d{5}(-\\d{4})?\$'"
assert_grep "sync: RU registration number required for creates" "$rules/overlay/RU.yaml" \
  "      required_if: {action: create}"

run_csp again rules --rules "$rules" sync US --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL"
assert_eq "sync again: exit 0" 0 "$RC"
assert_eq "sync again: one partner_center block" 1 \
  "$(grep -c '^partner_center:' "$rules/overlay/US.yaml")"

# The overlay is YAML with the hand keys and the block, the block in market-file form.
python3 - "$rules/overlay/US.yaml" "$rules/overlay/PT.yaml" >"$WORK/yaml.out" 2>&1 <<'PY'
import sys, yaml
us = yaml.safe_load(open(sys.argv[1]))
pt = yaml.safe_load(open(sys.argv[2]))
assert us["name"] == "United States", us
assert us["fields"]["state"] == {"subdivision": True}, us["fields"]
block = us["partner_center"]
assert set(block) == {"fetched", "calling_codes", "default_culture", "fields"}, block
assert block["calling_codes"] == ["1"], block
assert "postal_code" in block["fields"] and "phone" in block["fields"], block
assert "partner_center" in pt and list(pt) == ["partner_center"], pt
print("ok")
PY
assert_eq "sync: the overlay parses with its keys and the block" ok "$(tail -n1 "$WORK/yaml.out")"

run_csp out rules --rules "$rules" sync US --out "$WORK/other" --config "$WORK/cfg.yaml" \
  --sandbox-url "$SB_URL"
assert_eq "sync --out: exit 0" 0 "$RC"
assert_grep "sync --out: starts from the --rules overlay" "$WORK/other/overlay/US.yaml" \
  "# Hand-written: kept by rules sync."

run_csp bad rules --rules "$rules" sync XX --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL"
assert_eq "sync: a market without rules is an error" 2 "$RC"
assert_grep "sync: it names the market" "$WORK/bad.err" "country validation rules for XX: not found"
finish
