#!/usr/bin/env bash
# Peak memory of reading an XLSX workbook (SPEC §2, §4), in one invocation:
#   bench/xlsx_rss.sh
# Generates 1k- and 100k-row workbooks with tests/fixtures/xlsx/make_fixtures.py (python3
# stdlib only), runs `csponboard validate` on each (/usr/bin/time -v) and prints the peak RSS
# and the ratio 100k/1k, twice; target ratio <= 1.2 for both (memory independent of the row
# count):
#   inline  texts unique to a row are inline strings: only the sheet streaming is measured;
#   shared  every text is a shared string, as Excel writes them: the shared string table grows
#           with the rows, and is kept on disk behind a fixed cache (xlsx_strings.h).
# Not a timed test. Exit status: 0 target met, 1 missed or a step failed.
# Environment: BUILD_DIR (build; must hold csponboard), ROWS_SMALL (1000), ROWS_LARGE (100000),
# CONFIG (samples/csponboard.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${BUILD_DIR:-build}/csponboard
small=${ROWS_SMALL:-1000}
large=${ROWS_LARGE:-100000}
config=${CONFIG:-samples/csponboard.yaml}
[ -x "$bin" ] || { echo "bench/xlsx_rss.sh: $bin is missing (run scripts/setup)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

peak_rss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

# rss ROWS MODE: prints the peak RSS in KiB of validating a ROWS-row workbook.
rss() {
  local file=$tmp/$2-$1.xlsx
  python3 tests/fixtures/xlsx/make_fixtures.py --rows "$1" "$file" $([ "$2" = inline ] && echo --inline)
  set +e
  /usr/bin/time -v "$bin" validate "$file" --config "$config" --rules schemas \
    --report "$tmp/out.csv" --quiet 2>"$tmp/time.txt" >/dev/null
  local code=$?
  set -e
  [ "$code" -le 1 ] || { cat "$tmp/time.txt" >&2; exit 1; }
  [ "$(wc -l < "$tmp/out.csv")" -eq $(( $1 + 1 )) ] || { echo "wrong report length" >&2; exit 1; }
  peak_rss "$tmp/time.txt"
}

status=0
for mode in inline shared; do
  a=$(rss "$small" "$mode")
  b=$(rss "$large" "$mode")
  r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }')
  printf '%-6s  %7s rows: %7s KiB   %7s rows: %7s KiB   ratio %s\n' "$mode" "$small" "$a" \
    "$large" "$b" "$r"
  if ! awk -v r="$r" 'BEGIN { exit !(r <= 1.2) }'; then
    echo "bench/xlsx_rss.sh: $mode ratio $r is over 1.2" >&2
    status=1
  fi
done
exit $status
