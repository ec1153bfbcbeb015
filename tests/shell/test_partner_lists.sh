#!/usr/bin/env bash
# Real partners' lists (issue 8), as Excel on Windows saves "CSV UTF-8" (BOM, CRLF):
# tests/fixtures/partner_lists/europe.csv (2 rows each of CH, AT, BE, IE, SE, DK, NO, FI, PL,
# CZ, PT, GR, countries as codes and as names such as Schweiz, Österreich, Ελλάδα, phones in
# national and international form, plus 2 invites) and world.csv (one row each of SG, NZ,
# KR, AR, CL, IL, SA, JP, IN, BR with the state by name, US with the state's full name, CA),
# and europe-variants.csv (postal codes with the country in front, CH-8001, A-1010, D-10115;
# countries in English; phones with "(0)" and 00).
# Every row must be would_create / would_invite: zero invalid. Run from a folder without
# schemas/ and without --rules, as a partner would run the binary: first the build tree's
# binary (it finds the checkout's schemas/), then the one `cmake --install` lays out
# (PREFIX/share/csponboard/schemas, src/cli/data_dir.c).
. "$(dirname "$0")/lib.sh" "$@"

lists="$SRC/tests/fixtures/partner_lists"
write_config "$WORK/europe.yaml"
sed -i 's/^  market: US /  market: DE /' "$WORK/europe.yaml"
mkdir -p "$WORK/elsewhere"

# validate_in_elsewhere BINARY CONFIG FILE REPORT: run from a folder without schemas/.
validate_in_elsewhere() {
  (cd "$WORK/elsewhere" && "$1" validate "$3" --config "$2" --report "$4" --quiet) \
    >"$WORK/v.out" 2>"$WORK/v.err"
  RC=$?
}

# Rows of a report that are neither would_create nor would_invite, with their reasons.
not_ok_rows() {
  $CHECK table "$1" | awk -F '\t' '$2 != "would_create" && $2 != "would_invite"'
}

# Validates world.csv one row at a time, each with a partner in that row's market (a partner
# may only add customers in its own market group); prints the rows that are not would_create.
world_rows() {
  local binary=$1 i=0 cc
  for cc in SG NZ KR AR CL IL SA JP IN BR US CA; do
    i=$((i + 1))
    python3 - "$lists/world.csv" "$i" "$WORK/w-$cc.csv" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
lines = data.split(b"\r\n")
header = lines[0]
open(sys.argv[3], "wb").write(header + b"\r\n" + lines[int(sys.argv[2])] + b"\r\n")
PY
    write_config "$WORK/w-$cc.yaml"
    sed -i "s/^  market: US /  market: $cc /" "$WORK/w-$cc.yaml"
    validate_in_elsewhere "$binary" "$WORK/w-$cc.yaml" "$WORK/w-$cc.csv" "$WORK/w-$cc.report.csv"
    [ "$RC" -eq 0 ] || echo "$cc: exit $RC $(head -c 300 "$WORK/v.err")"
    not_ok_rows "$WORK/w-$cc.report.csv" | sed "s/^/$cc: /"
  done
}

check_binary() {
  local label=$1 binary=$2
  validate_in_elsewhere "$binary" "$WORK/europe.yaml" "$lists/europe.csv" "$WORK/europe.report.csv"
  assert_eq "$label: europe.csv validates (exit 0)" 0 "$RC"
  [ "$RC" -eq 0 ] || cat "$WORK/v.err"
  assert_eq "$label: europe.csv: 26 rows reported" 26 \
    "$($CHECK table "$WORK/europe.report.csv" | wc -l)"
  assert_eq "$label: europe.csv: no row other than would_create/would_invite" "" \
    "$(not_ok_rows "$WORK/europe.report.csv")"
  assert_eq "$label: europe.csv: 24 creates" 24 "$(count_status "$WORK/europe.report.csv" would_create)"
  assert_eq "$label: europe.csv: 2 invites" 2 "$(count_status "$WORK/europe.report.csv" would_invite)"
  validate_in_elsewhere "$binary" "$WORK/europe.yaml" "$lists/europe-variants.csv" \
    "$WORK/variants.report.csv"
  assert_eq "$label: europe-variants.csv: every row would_create" "11 0" \
    "$(count_status "$WORK/variants.report.csv" would_create) $RC"
  assert_eq "$label: world.csv, a row per market with a partner there: all would_create" "" \
    "$(world_rows "$binary")"
}

check_binary "build tree" "$BIN"
assert_grep "a country by its local name is converted" "$WORK/europe.report.csv" \
  "country Österreich was sent as AT"
assert_grep "a Greek country name is converted" "$WORK/europe.report.csv" \
  "country Ελλάδα was sent as GR"
assert_grep "a Polish NIP with hyphens is accepted" "$WORK/europe.report.csv" \
  "677-003-41-27"

build_dir=$(dirname "$BIN")
if [ -f "$build_dir/cmake_install.cmake" ]; then
  cmake --install "$build_dir" --prefix "$WORK/inst" >"$WORK/install.out" 2>&1
  assert_eq "cmake --install lays out bin and share/csponboard/schemas" 0 $?
  assert_cmd "the installed rules have every market" test -f \
    "$WORK/inst/share/csponboard/schemas/markets/CH.yaml"
  check_binary "installed" "$WORK/inst/bin/csponboard"
else
  echo "skipped: the installed layout ($build_dir is not a CMake build tree)"
fi
finish
