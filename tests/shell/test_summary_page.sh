#!/usr/bin/env bash
# The summary page end to end: the sample run in the sandbox writes REPORT.html beside its
# report; `csponboard summary` draws the very same page again from the report and its journal;
# the page's counts and each reason's rows match the report (tests/shell/summary_page.py); no
# password of the credentials file is in it. validate writes a page too, --html moves it,
# --no-html leaves it out; a run throttled by the sandbox shows its requests, 429s and retries
# on the page as the run counted them; a large synthetic report gives a page far under 2 MB with the same
# counts; a file that is not a report is refused.
. "$(dirname "$0")/lib.sh" "$@"

PAGE="python3 $SRC/tests/shell/summary_page.py"
GEN=$(dirname "$BIN")/gen_customers

run_csp sample run samples/customers.csv --sandbox --config samples/csponboard.yaml \
  --report "$WORK/customers.report.csv"
assert_eq "the sample run ends with some rows invalid (exit 1)" 1 "$RC"
page=$WORK/customers.report.html
assert_cmd "the run wrote its page beside the report" test -s "$page"
assert_grep "the run says where its page is" "$WORK/sample.err" "summary page: $page"
assert_cmd "the page matches the report, and holds no password" \
  $PAGE check "$page" "$WORK/customers.report.csv" "$WORK/customers.report.credentials.csv"
assert_grep "the page shows the run's partner" "$page" "<dd>1234567 (direct)</dd>"
assert_grep "the page shows the run's exit code" "$page" 'id="exit-code">1</span>'
assert_grep "the page shows the run's requests" "$page" 'id="req-total">'
assert_no_grep "the page names no client secret" "$page" "sandbox-secret"

run_csp again summary "$WORK/customers.report.csv" --html "$WORK/again.html"
assert_eq "summary exits 0" 0 "$RC"
assert_cmd "summary draws the run's page again, byte for byte" cmp "$page" "$WORK/again.html"
rm -f "$WORK/customers.report.journal.sqlite"
run_csp nojournal summary "$WORK/customers.report.csv" --html "$WORK/nojournal.html"
assert_eq "without its journal summary still exits 0" 0 "$RC"
assert_cmd "without its journal the page still matches the report" \
  $PAGE check "$WORK/nojournal.html" "$WORK/customers.report.csv"
assert_grep "without its journal the exit code is not recorded" "$WORK/nojournal.html" \
  "Drawn from the report alone"

run_csp validate validate samples/customers.csv --config samples/csponboard.yaml \
  --report "$WORK/dry.report.csv" --html "$WORK/dry-page.html"
assert_cmd "validate wrote its page where --html said" test -s "$WORK/dry-page.html"
assert_cmd "no page at the default path when --html names another" test ! -e "$WORK/dry.report.html"
assert_cmd "the validation's page matches its report" \
  $PAGE check "$WORK/dry-page.html" "$WORK/dry.report.csv"
assert_grep "the validation's page says nothing was sent" "$WORK/dry-page.html" \
  "a dry run: nothing was sent"
run_csp nohtml validate samples/customers.csv --config samples/csponboard.yaml \
  --report "$WORK/quiet.report.csv" --no-html
assert_cmd "--no-html writes no page" test ! -e "$WORK/quiet.report.html"

"$GEN" 60000 7 --error-rate 0.05 >"$WORK/big.csv"
run_csp big validate "$WORK/big.csv" --config samples/csponboard.yaml \
  --report "$WORK/big.report.csv" --quiet
assert_cmd "the large validation's page matches its report" \
  $PAGE check "$WORK/big.report.html" "$WORK/big.report.csv"
run_csp bigsummary summary "$WORK/big.report.csv" --html "$WORK/big-again.html" --quiet
assert_cmd "the page drawn from the large report matches it too" \
  $PAGE check "$WORK/big-again.html" "$WORK/big.report.csv"
assert_le "the large report's page is far under 2 MB" 2000000 "$(stat -c %s "$WORK/big.report.html")"

start_sandbox throttle --seed 3 --rate 20
write_config "$WORK/cfg.yaml" 10
csv_bulk "$WORK/thr.csv" 60 sumthr 4
run_csp throttled run "$WORK/thr.csv" --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" \
  --rate 100/s --concurrency 16 --summary-json "$WORK/thr.json" --report "$WORK/thr.report.csv"
stop_sandbox
assert_eq "the throttled run creates every row (exit 0)" 0 "$RC"
assert_ge "the sandbox's rate limit answered 429" 1 "$($CHECK json "$WORK/thr.json" throttled)"
assert_cmd "its page counts the requests, 429s and retries the run counted, over time too" \
  $PAGE timeline "$WORK/thr.report.html" "$WORK/thr.json"
assert_grep "its page shows the settings that shaped it" "$WORK/thr.report.html" "<dd>100/s</dd>"

run_csp notreport summary samples/customers.csv --html "$WORK/x.html"
assert_eq "a file that is not a report is refused (exit 2)" 2 "$RC"
assert_grep "and named" "$WORK/notreport.err" "samples/customers.csv is not a csponboard report"
assert_cmd "and no page is left behind" test ! -e "$WORK/x.html"

finish
