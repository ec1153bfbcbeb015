# Shared by the bench scripts (sourced): messages and the Release build they time.
#   say TEXT / die TEXT      on stderr (die exits 1, prefixed with the script's name)
#   build_release TARGET...  builds the targets in $build_dir (Release; incremental), logging
#                            to $tmp/build.log; NO_BUILD=1 uses $build_dir as it is.
#   bench_sizes              the environment of the 10k/1M-row benches: build_dir, seed,
#                            rows_small, rows_large, config and runs from BUILD_DIR, SEED,
#                            ROWS_SMALL, ROWS_LARGE, CONFIG and RUNS (or their defaults)
bench_sizes() {
  build_dir=${BUILD_DIR:-build-bench}
  seed=${SEED:-42}
  rows_small=${ROWS_SMALL:-10000}
  rows_large=${ROWS_LARGE:-1000000}
  config=${CONFIG:-samples/csponboard.yaml}
  runs=${RUNS:-3}
}

say() { printf '%s\n' "$*" >&2; }
die() { say "$(basename "$0"): $*"; exit 1; }

build_release() {
  if [ "${NO_BUILD:-}" = 1 ]; then
    [ -x "$build_dir/csponboard" ] || die "NO_BUILD=1 but $build_dir/csponboard is missing"
    return
  fi
  say "== building $build_dir (Release)"
  # Only the programs measured: a Release (-O3) build of the unit tests is not needed here
  # and may meet warnings that RelWithDebInfo does not. scripts/setup installs the packages.
  # shellcheck disable=SC2086
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-} >"$tmp/build.log" 2>&1 ||
    { tail -n 20 "$tmp/build.log" >&2; die "cmake failed (missing packages? run scripts/setup)"; }
  cmake --build "$build_dir" -j"$(nproc)" --target "$@" >>"$tmp/build.log" 2>&1 ||
    { tail -n 30 "$tmp/build.log" >&2; die "build failed"; }
  grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build_dir/CMakeCache.txt" ||
    die "$build_dir is not a Release build"
}

# Timing and the arithmetic of the verdicts (awk, no bc needed):
#   now                      seconds since the epoch with nanoseconds
#   elapsed T0 T1            T1 - T0, to the millisecond
#   rate N SECONDS, ratio A B          N/SECONDS (whole), A/B (two decimals)
#   at_least A B, at_most A B, faster A B   exit status 0 when A >= B, A <= B, A < B
#   peak_rss TIME_V_OUTPUT   the "Maximum resident set size (kbytes)" of /usr/bin/time -v
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
faster() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
peak_rss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
