#!/usr/bin/env bash
# Runs one end-to-end case folder (git's test_cmp / curl's declarative cases):
#   args            the csponboard command line, one word per line; {CASE} is the case folder
#                   copied to a scratch folder, {SRC} the source tree
#   expected.exit   the exit code
#   expected.report.csv   the report, compared exactly after masking the columns that change
#                   from run to run (elapsed_ms, request_id, correlation_id, finished_at,
#                   customer_id, tenant_id of created rows): a non-empty value becomes "*"
#   expected.stderr.txt   (optional) lines that must each appear in stderr
# Usage: run_case.sh CSPONBOARD CASE_DIR
set -euo pipefail
bin=$1
case_dir=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$case_dir"/. "$work"/
cd "$work"

mapfile -t words < <(sed -e "s#{CASE}#$work#g" -e "s#{SRC}#$src#g" args)
set +e
"$bin" "${words[@]}" >stdout.txt 2>stderr.txt
code=$?
set -e

fail=0
expected_code=$(cat expected.exit)
if [ "$code" != "$expected_code" ]; then
  echo "exit code: expected $expected_code, got $code"
  fail=1
fi
if [ -f expected.report.csv ]; then
  report=$(sed -n "s/^--report=//p" args | sed "s#{CASE}/##")
  report=${report:-input.report.csv}
  python3 "$src/tests/e2e/mask_report.py" "$report" > actual.masked.csv
  python3 "$src/tests/e2e/mask_report.py" expected.report.csv > expected.masked.csv
  if ! diff -u expected.masked.csv actual.masked.csv; then
    fail=1
  fi
fi
if [ -f expected.stderr.txt ]; then
  while IFS= read -r line; do
    [ -z "$line" ] && continue
    grep -qF -- "$line" stderr.txt || { echo "stderr lacks: $line"; fail=1; }
  done < expected.stderr.txt
fi
if [ "$fail" != 0 ]; then
  echo "--- stderr"; cat stderr.txt
  exit 1
fi
echo "case $(basename "$case_dir"): ok"
