#!/usr/bin/env bash
# Every output is checked before the first request: a report that is a folder, a summary in a
# folder that does not exist, two outputs that are one file, or an output that is the input
# (by name, through a symbolic link or a hard link) stop the run with exit 2, a message naming
# the path, no request sent and the input untouched; exit 2 is never given once something
# was sent.
. "$(dirname "$0")/lib.sh" "$@"

start_sandbox outputs --seed 4
write_config "$WORK/cfg.yaml" 10
csv_bulk "$WORK/in.csv" 3 outp 4
cp "$WORK/in.csv" "$WORK/in.orig.csv"
mkdir -p "$WORK/adir"
ln -s "$WORK/in.csv" "$WORK/link.csv"
ln "$WORK/in.csv" "$WORK/hard.csv"
sandbox_state "$WORK/before.json"

# refused NAME EXPECTED_TEXT ARGS...: a run with ARGS exits 2, saying EXPECTED_TEXT.
refused() {
  local name=$1 text=$2
  shift 2
  run_csp "$name" run "$WORK/in.csv" --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" \
    --rate 1000/s "$@"
  assert_eq "$name: exit 2" 2 "$RC"
  assert_grep "$name: says what is wrong" "$WORK/$name.err" "$text"
}
refused report_dir "names a folder" --report "$WORK/adir/"
refused report_is_dir "is a folder" --report "$WORK/adir"
refused summary_nowhere "the folder /nonexistent does not exist" --summary-json /nonexistent/s.json
refused journal_nowhere "does not exist" --journal "$WORK/no/such/j.sqlite"
refused report_is_journal "are the same file" --report "$WORK/r.csv" --journal "$WORK/r.csv"
refused summary_is_report "are the same file" --report "$WORK/r.csv" --summary-json "$WORK/./r.csv"
refused report_is_input "is the input file" --report "$WORK/in.csv"
refused report_links_input "is the input file" --report "$WORK/link.csv"
refused journal_hard_links_input "is the input file" --journal "$WORK/hard.csv"
refused summary_is_input "is the input file" --summary-json "$WORK/../$(basename "$WORK")/in.csv"
run_csp validate_report_is_input validate "$WORK/in.csv" --config "$WORK/cfg.yaml" \
  --report "$WORK/link.csv"
assert_eq "validate with the report on the input: exit 2" 2 "$RC"

assert_cmd "the input is untouched" cmp "$WORK/in.csv" "$WORK/in.orig.csv"
sandbox_state "$WORK/after.json"
assert_eq "no token was requested" \
  "$($CHECK requests "$WORK/before.json" "POST /oauth2/token" 200)" \
  "$($CHECK requests "$WORK/after.json" "POST /oauth2/token" 200)"
assert_eq "no customer was created" 0 "$(customer_count "$WORK/after.json")"
assert_eq "no report was written" "" "$(ls "$WORK"/r.csv* "$WORK"/in.report.csv* 2>/dev/null)"

# Distinct, writable paths: the run goes ahead.
run_csp good run "$WORK/in.csv" --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" --rate 1000/s \
  --report "$WORK/r.csv" --summary-json "$WORK/s.json"
assert_eq "distinct outputs: exit 0" 0 "$RC"
assert_eq "distinct outputs: every row created" 3 "$(count_status "$WORK/r.csv" created)"
finish
