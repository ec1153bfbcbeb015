#!/usr/bin/env bash
# The summary page at scale, in one invocation (run from anywhere in the checkout):
#   bench/summary.sh
# 1. builds csponboard and gen_customers in a Release tree (build-bench/; incremental);
# 2. generates seeded 10k- and 1M-row customer files (bench/gen_customers.c, 5% of rows with
#    a mistake so that reasons have rows to list) and validates them into reports (the
#    validation writes its own page too: its size is shown);
# 3. times `csponboard summary REPORT --html OUT` on both reports, RUNS times, keeping the
#    fastest, with its peak RSS (/usr/bin/time -v);
# 4. prints seconds, rows/s, peak RSS and page size, and checks the targets: the 1M-row page
#    is under 2 MB, and the peak RSS of the 1M report is at most 1.2x that of the 10k one
#    (memory stays bounded: the page aggregates, it lists no row beyond its examples).
# Exit status: 0 every target met, 1 a target missed or a step failed.
# Environment: BUILD_DIR (build-bench), SEED (42), ROWS_SMALL (10000), ROWS_LARGE (1000000),
# RUNS (3), CONFIG (samples/csponboard.yaml), NO_BUILD=1, KEEP=1 (keep the temp dir).
set -euo pipefail
cd "$(dirname "$0")/.."

target_bytes=2000000
target_rss=1.2

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_sizes

# prepare ROWS TAG: a customer file and its validation report $tmp/TAG.report.csv.
prepare() {
  local t0 t1 rc=0
  "$build_dir/gen_customers" "$1" "$seed" --error-rate 0.05 >"$tmp/$2.csv" ||
    die "gen_customers $1 failed"
  t0=$(now)
  "$build_dir/csponboard" validate "$tmp/$2.csv" --config "$config" \
    --report "$tmp/$2.report.csv" --quiet || rc=$?
  t1=$(now)
  [ "$rc" -le 1 ] || die "validate of $1 rows failed (exit $rc)"
  say "   $2: $1 rows, report $(du -h "$tmp/$2.report.csv" | cut -f1), validated in" \
    "$(elapsed "$t0" "$t1") s with its page ($(stat -c %s "$tmp/$2.report.html") bytes)"
}

# summarise TAG: the fastest of RUNS; sets sum_seconds, sum_rss, sum_bytes.
summarise() {
  local i t0 t1 secs
  sum_seconds=""
  for ((i = 1; i <= runs; i++)); do
    t0=$(now)
    /usr/bin/time -v -o "$tmp/time.$1" "$build_dir/csponboard" summary "$tmp/$1.report.csv" \
      --html "$tmp/$1.summary.html" --quiet 2>"$tmp/$1.stderr" ||
      { cat "$tmp/$1.stderr" >&2; die "summary of $1 failed"; }
    t1=$(now)
    secs=$(elapsed "$t0" "$t1")
    say "   run $i: $1 $secs s"
    if [ -z "$sum_seconds" ] || faster "$secs" "$sum_seconds"; then
      sum_seconds=$secs sum_rss=$(peak_rss "$tmp/time.$1")
    fi
  done
  sum_bytes=$(stat -c %s "$tmp/$1.summary.html")
}

main() {
  command -v /usr/bin/time >/dev/null || die "/usr/bin/time missing (Debian package 'time')"
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/csp-bench-summary.XXXXXX")
  if [ "${KEEP:-}" = 1 ]; then say "   keeping $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi
  build_release csponboard gen_customers
  say "== generating and validating (seed $seed)"
  prepare "$rows_small" small
  prepare "$rows_large" large
  say "== csponboard summary, best of $runs"
  summarise small
  local s_sec=$sum_seconds s_rss=$sum_rss s_bytes=$sum_bytes
  summarise large
  local l_sec=$sum_seconds l_rss=$sum_rss l_bytes=$sum_bytes

  printf '\n%-30s %10s %12s %12s %12s\n' "summary" "seconds" "rows/s" "peak RSS KB" "page bytes"
  printf '%-30s %10s %12s %12s %12s\n' "$rows_small-row report" "$s_sec" \
    "$(rate "$rows_small" "$s_sec")" "$s_rss" "$s_bytes"
  printf '%-30s %10s %12s %12s %12s\n' "$rows_large-row report" "$l_sec" \
    "$(rate "$rows_large" "$l_sec")" "$l_rss" "$l_bytes"
  local rss verdict=0 size_ok=PASS rss_ok=PASS
  rss=$(ratio "$l_rss" "$s_rss")
  at_most "$l_bytes" "$target_bytes" || { size_ok=MISS; verdict=1; }
  at_most "$rss" "$target_rss" || { rss_ok=MISS; verdict=1; }
  printf '\npage bytes (large) %8s  (target <= %s)  %s\n' "$l_bytes" "$target_bytes" "$size_ok"
  printf 'RSS large/small    %8s  (target <= %s)  %s\n' "$rss" "$target_rss" "$rss_ok"
  printf '\nsummary_seconds=%s summary_rows_per_s=%s rss_small_kb=%s rss_large_kb=%s page_bytes=%s\n' \
    "$l_sec" "$(rate "$rows_large" "$l_sec")" "$s_rss" "$l_rss" "$l_bytes"
  return "$verdict"
}

main "$@"
