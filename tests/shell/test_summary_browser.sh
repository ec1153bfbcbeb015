#!/usr/bin/env bash
# The summary page in a real browser (Debian's chromium, headless, driven through the DevTools
# protocol by tests/shell/summary_page.py): the sample run's page loads with no console error,
# the totals it shows equal the report's counts, each reason's list opens onto the right rows,
# and no password of the credentials file is in the page's source; the same for the page of a
# large synthetic validation. Skipped (exit 77, printed)
# when chromium is not installed; scripts/setup installs it. CSP_CHROMIUM names another
# browser binary (default: chromium on the PATH).
. "$(dirname "$0")/lib.sh" "$@"

export CSP_CHROMIUM=${CSP_CHROMIUM:-chromium}
if ! command -v "$CSP_CHROMIUM" >/dev/null 2>&1; then
  echo "SKIP: $CSP_CHROMIUM is not installed (scripts/setup installs Debian's chromium package)"
  exit 77
fi
run_csp sample run samples/customers.csv --sandbox --config samples/csponboard.yaml \
  --report "$WORK/customers.report.csv"
assert_eq "the sample run ends with some rows invalid (exit 1)" 1 "$RC"
out=$(python3 "$SRC/tests/shell/summary_page.py" browser "$WORK/customers.report.html" \
  "$WORK/customers.report.csv" "$WORK/customers.report.credentials.csv" 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/    | /'
if [ "$rc" = 77 ]; then
  exit 77
fi
assert_eq "in Chromium: no console error, the counts and each reason's rows as in the report" 0 "$rc"

"$(dirname "$BIN")/gen_customers" 40000 11 --error-rate 0.05 >"$WORK/big.csv"
run_csp big validate "$WORK/big.csv" --config samples/csponboard.yaml \
  --report "$WORK/big.report.csv" --quiet
out=$(python3 "$SRC/tests/shell/summary_page.py" browser "$WORK/big.report.html" \
  "$WORK/big.report.csv" 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/    | /'
assert_eq "in Chromium, a 40,000-row validation's page: its counts and reasons' rows" 0 "$rc"

finish
