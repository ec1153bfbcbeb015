#!/usr/bin/env bash
# A 429 storm with Retry-After (SPEC §8 Rate limiting): the sandbox allows 20 requests per
# second, the client is set to 100/s with 16 in flight. The run must complete with every row
# created, count the 429s it saw (summary "throttled", the same number the sandbox sent), and
# slow the whole run down after them rather than let each request find its own 429.
. "$(dirname "$0")/lib.sh" "$@"

start_sandbox main --seed 3 --rate 20
write_config "$WORK/cfg.yaml" 10
csv_bulk "$WORK/in.csv" 40 thrx 4
run_csp run run "$WORK/in.csv" --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" \
  --rate 100/s --concurrency 16 --summary-json "$WORK/sum.json" --report "$WORK/report.csv"
assert_eq "exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err run
assert_cmd "every row once, in input order" $CHECK order "$WORK/report.csv" 40
assert_eq "every row created" 40 "$(count_status "$WORK/report.csv" created)"
throttled=$($CHECK json "$WORK/sum.json" throttled)
assert_ge "the summary shows throttling" 1 "$throttled"
sandbox_state "$WORK/state.json"
sent=$(answers "$WORK/state.json" 429)
assert_eq "the summary counts every 429 the sandbox sent" "$sent" "$throttled"
assert_le "a 429 slows the whole run (at most one 429 per row)" 40 "$sent"
assert_ge "the summary shows time waited for the rate limit" 1 \
  "$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["throttle_wait_s"] >= 0.5))' "$WORK/sum.json")"
assert_eq "one customer per row" 40 "$(customer_count "$WORK/state.json")"
assert_eq "no domain twice" "" "$(dup_domains "$WORK/state.json")"
assert_grep "the human summary mentions throttling" "$WORK/run.err" "throttled (429) $throttled"

finish
