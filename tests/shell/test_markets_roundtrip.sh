#!/usr/bin/env bash
# The committed market data is exactly what scripts/gen-markets makes from the installed
# datasets and schemas/overlay/: every schemas/markets/CC.yaml it writes, schemas/countries.yaml
# and the market table of docs/MARKETS.md. Skipped (exit 77), with the reason, only when the
# generator's Debian packages are not installed (scripts/setup installs them).
. "$(dirname "$0")/lib.sh" "$@"

gen_markets "gen-markets" --out "$WORK/gen"

generated=$(cd "$WORK/gen/schemas/markets" && ls ./*.yaml | wc -l)
regions=$(/usr/bin/python3 - "$SRC/schemas/regions.yaml" <<'PY'
import sys, yaml
r = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
print(len({c for g in r["groups"].values() for c in g} | set(r["none"])))
PY
)
assert_eq "gen-markets: one file per code of regions.yaml" "$regions" "$generated"

differ=()
for f in "$WORK"/gen/schemas/markets/*.yaml; do
  name=$(basename "$f")
  cmp -s "$f" "$SRC/schemas/markets/$name" || differ+=("$name")
done
assert_eq "gen-markets: every committed market file is the generator's output" "" "${differ[*]:-}"
for name in "${differ[@]:0:3}"; do
  diff -u "$SRC/schemas/markets/$name" "$WORK/gen/schemas/markets/$name" | head -20 | sed 's/^/    | /'
done
assert_cmd "gen-markets: schemas/countries.yaml is the generator's output" \
  cmp "$WORK/gen/schemas/countries.yaml" "$SRC/schemas/countries.yaml"
assert_cmd "gen-markets: the market table of docs/MARKETS.md is the generator's output" \
  cmp "$WORK/gen/docs/MARKETS.md" "$SRC/docs/MARKETS.md"

# Deterministic: a second run writes the same bytes.
/usr/bin/python3 "$SRC/scripts/gen-markets" --out "$WORK/again" 2>/dev/null
assert_cmd "gen-markets: a second run gives the same files" diff -r "$WORK/gen" "$WORK/again"
finish
