#!/usr/bin/env bash
# An overlay's partner_center: block (Partner Center's country validation rules in
# market-file form, as `rules sync` writes it) wins over the datasets, and the overlay's
# hand-written fields win over it (scripts/genmarkets/partner_center.py); --notes names the
# hand fields that differ from it. Skipped (exit 77) when the generator's datasets are not
# installed.
. "$(dirname "$0")/lib.sh" "$@"

cp -r "$SRC/schemas/overlay" "$WORK/overlay"
cat >>"$WORK/overlay/CH.yaml" <<'YAML'
partner_center:
  # Written by `csponboard rules sync CH` (as the test writes it)
  fetched: '2026-12-03'
  calling_codes: ['41']
  default_culture: fr-CH
  fields:
    postal_code:
      required_if: {action: create}
      normalize: trim
      pattern: '^\d{4}$'
      message: a postal code Partner Center accepts in CH
    state:
      required_if: {action: create}
      normalize: trim
      case_insensitive: true
      enum: [ZH, BE, GE]
      message: a state code Partner Center lists for CH
    culture: {normalize: trim, case_insensitive: true, enum: [de-CH, fr-CH, it-CH, en-US]}
    language: {normalize: trim, case_insensitive: true, enum: [de, fr, it, en]}
    organization_registration_number:
      required_if: {action: create}
      pattern: '^CHE\d{9}$'
YAML
cat >>"$WORK/overlay/US.yaml" <<'YAML'
partner_center:
  fetched: '2026-12-03'
  fields:
    postal_code: {required_if: {action: create}, normalize: trim, pattern: '^\d{5}$'}
YAML

gen_markets "gen-markets with partner_center blocks" --overlays "$WORK/overlay" --out "$WORK/gen" \
  --notes
assert_grep "US: --notes names the hand rule that differs from Partner Center's" "$WORK/gen.out" \
  "US: postal_code: the hand rule differs from Partner Center's"

/usr/bin/python3 - "$SRC" "$WORK/gen/schemas/markets" >"$WORK/facts.out" <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/scripts")
from genmarkets import yamlin
ch = yamlin.load(sys.argv[2] + "/CH.yaml")
us = yamlin.load(sys.argv[2] + "/US.yaml")
f = ch["fields"]
print("culture", f["culture"]["enum"], f["culture"].get("severity", "error"))
print("language", f["language"]["enum"])
print("inferred", ch.get("inferred", []))
print("default", ch["default_culture"])
print("postal", f["postal_code"].get("required_if"), f["postal_code"]["pattern"])
print("state", f["state"].get("required_if"), f["state"].get("subdivision"),
      [s["code"] for s in ch["subdivisions"]])
print("registration", f["organization_registration_number"].get("required_if"),
      f["organization_registration_number"].get("pattern"))
print("sources", ch["sources"][-2])
print("us postal", us["fields"]["postal_code"]["pattern"])
PY
assert_grep "CH: Partner Center's cultures, checked as errors" "$WORK/facts.out" \
  "culture ['de-CH', 'fr-CH', 'it-CH', 'en-US'] error"
assert_grep "CH: Partner Center's languages" "$WORK/facts.out" "language ['de', 'fr', 'it', 'en']"
assert_grep "CH: cultures and languages no longer inferred" "$WORK/facts.out" "inferred []"
assert_grep "CH: Partner Center's default culture" "$WORK/facts.out" "default fr-CH"
assert_grep "CH: postal code required, Partner Center's regex" "$WORK/facts.out" \
  "postal {'action': 'create'} ^\\d{4}\$"
assert_grep "CH: state required, only Partner Center's states, in its order" "$WORK/facts.out" \
  "state {'action': 'create'} True ['ZH', 'BE', 'GE']"
assert_grep "CH: registration number required, Partner Center's regex" "$WORK/facts.out" \
  "registration {'action': 'create'} ^CHE\\d{9}\$"
assert_grep "CH: the sources name Partner Center's answer and its date" "$WORK/facts.out" \
  "sources Partner Center countryvalidationrules/CH fetched 2026-12-03 (overlay partner_center)"
assert_grep "US: the hand-written postal rule wins over Partner Center's" "$WORK/facts.out" \
  "us postal ^\\d{5}(-\\d{4})?\$"
[ "$FAILED" = 0 ] || sed 's/^/    | /' "$WORK/facts.out"
finish
