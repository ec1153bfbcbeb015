#!/usr/bin/env bash
# validate runs on two threads (src/pipeline/row_pipe.h: rows are read on one, validated by whichever
# thread claims them, classified and reported in input order on the other). Whatever the
# timing, the report is one and the same: a generated 30,000-row file with mistakes and
# duplicates, validated three times, gives three identical reports with every row once, in
# input order. Built with ThreadSanitizer (scripts/test's build-tsan), a data race fails it.
. "$(dirname "$0")/lib.sh" "$@"

rows=30000
gen="$(dirname "$BIN")/gen_customers"
assert_cmd "the generator is built next to the binary" test -x "$gen"
"$gen" "$rows" 11 >"$WORK/in.csv"

for n in 1 2 3; do
  run_csp "v$n" validate "$WORK/in.csv" --config "$SRC/samples/csponboard.yaml" \
    --report "$WORK/report$n.csv" --quiet
  assert_eq "run $n: exit 1 (the file has invalid rows)" 1 "$RC"
  [ "$RC" = 1 ] || show_err "v$n"
done
assert_cmd "runs 1 and 2 give the same report" cmp "$WORK/report1.csv" "$WORK/report2.csv"
assert_cmd "runs 1 and 3 give the same report" cmp "$WORK/report1.csv" "$WORK/report3.csv"

$CHECK table "$WORK/report1.csv" >"$WORK/table.tsv"
assert_eq "every row once, in input order" "$rows $rows 1" \
  "$(awk -F '\t' '{ n++; if ($1 != n) bad++ } END { print n, $1, bad + 1 }' "$WORK/table.tsv")"
assert_ge "some rows would be created" 1000 "$(count_status "$WORK/report1.csv" would_create)"
assert_ge "some rows are invalid" 100 "$(count_status "$WORK/report1.csv" invalid)"
assert_ge "some rows are duplicates of earlier ones" 10 \
  "$(grep -c 'duplicate of row' "$WORK/report1.csv")"
finish
