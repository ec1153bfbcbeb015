#!/usr/bin/env bash
# Cron-ready logs, run as cron would (env -i, no TTY): with --log-format json every line on
# stderr is a JSON object with ts, level, code and message, the end summary included (code
# "summary", with the summary object); --summary-json is written on every exit but 75 and
# holds the exit code (also on exit 2, before any row), but never over the input; on exit 75
# (another run holds the lock) it is left alone.
. "$(dirname "$0")/lib.sh" "$@"

write_config "$WORK/cfg.yaml" 10
csv_bulk "$WORK/in.csv" 3 cron 5

# all_json FILE: prints the problems of FILE's lines as JSON log lines (nothing when none).
all_json() {
  python3 - "$1" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
if not lines:
    print("no lines")
for n, line in enumerate(lines, 1):
    try:
        o = json.loads(line)
    except ValueError:
        print("line %d is not JSON: %s" % (n, line[:80]))
        continue
    missing = [k for k in ("ts", "level", "code", "message") if not o.get(k)]
    if missing:
        print("line %d lacks %s" % (n, missing))
PY
}

# csp NAME ARGS...: csponboard under env -i, no TTY; RC, $WORK/NAME.err.
csp() {
  local name=$1
  shift
  (cd "$WORK" && env -i "$BIN" "$@" </dev/null >"$WORK/$name.out" 2>"$WORK/$name.err")
  RC=$?
}

csp run run in.csv --sandbox --config cfg.yaml --rate 1000/s --log-format json \
  --summary-json s-run.json
assert_eq "json run: exit 0" 0 "$RC"
assert_eq "json run: every stderr line is a JSON log line" "" "$(all_json "$WORK/run.err")"
assert_eq "json run: the last line is the summary" "summary 0 3" \
  "$(tail -n 1 "$WORK/run.err" | python3 -c 'import json,sys; o=json.load(sys.stdin); print(o["code"], o["summary"]["exit_code"], o["summary"]["statuses"]["created"])')"
assert_eq "json run: --summary-json holds the exit code" 0 "$($CHECK json "$WORK/s-run.json" exit_code)"

csp invalid validate in.csv --config cfg.yaml --rules "$WORK/no-rules" --log-format json \
  --summary-json s-2.json
assert_eq "rule folder missing: exit 2" 2 "$RC"
assert_eq "exit 2: every stderr line is a JSON log line" "" "$(all_json "$WORK/invalid.err")"
assert_eq "exit 2: --summary-json is written, with exit code 2" 2 \
  "$($CHECK json "$WORK/s-2.json" exit_code)"

csp badopt validate in.csv --config cfg.yaml --summary-json s-usage.json --no-such-option
assert_eq "unknown option: exit 2" 2 "$RC"
assert_eq "unknown option: --summary-json is written, with exit code 2" 2 \
  "$($CHECK json "$WORK/s-usage.json" exit_code)"

cp "$WORK/in.csv" "$WORK/in.orig.csv"
csp oninput validate in.csv --config cfg.yaml --summary-json in.csv
assert_eq "--summary-json on the input: exit 2" 2 "$RC"
assert_cmd "--summary-json on the input: the input is untouched" cmp "$WORK/in.csv" "$WORK/in.orig.csv"

# Exit 75: another process holds the journal's lock (flock(1) stands in for a run).
if command -v flock >/dev/null && command -v mkfifo >/dev/null; then
  mkfifo "$WORK/held"
  (
    exec 9>"$WORK/in.report.journal.sqlite.lock"
    flock 9
    echo held >"$WORK/held"
    exec sleep 60 # this process (holder) keeps fd 9, and the lock, until it is killed
  ) &
  holder=$!
  BG_PIDS+=("$holder")
  read -r _ <"$WORK/held"
  csp locked run in.csv --sandbox --config cfg.yaml --log-format json --summary-json s-75.json
  assert_eq "lock held: exit 75" 75 "$RC"
  assert_eq "exit 75: every stderr line is a JSON log line" "" "$(all_json "$WORK/locked.err")"
  assert_cmd "exit 75: --summary-json is left alone" test ! -e "$WORK/s-75.json"
  kill "$holder" 2>/dev/null
else
  echo "skipped: exit 75 (flock or mkfifo missing)"
fi
finish
