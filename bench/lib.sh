# Shared helpers of the bench scripts (bench/*.sh): messages, timing and the arithmetic of
# their verdicts (awk, no bc needed). Source it after `set -euo pipefail`.

say() { printf '%s\n' "$*" >&2; }
die() { say "bench/$(basename "$0"): $*"; exit 1; }

# Seconds since the epoch with nanoseconds, and the difference of two such stamps.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# rate ROWS SECONDS, ratio A B: printed with a fixed precision.
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# at_least A B / at_most A B / faster A B: exit status 0 when the comparison holds.
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
faster() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
# peak_rss TIME_V_OUTPUT: the "Maximum resident set size (kbytes)" of /usr/bin/time -v.
peak_rss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

# build TARGET...: the programs measured, in a Release tree ($build_dir; incremental; $tmp holds
# the log), or with NO_BUILD=1 the tree as it is. Only the programs measured: a Release (-O3)
# build of the unit tests is not needed here and may meet warnings that RelWithDebInfo does
# not. scripts/setup installs the packages.
build() {
  if [ "${NO_BUILD:-}" = 1 ]; then
    [ -x "$build_dir/csponboard" ] || die "NO_BUILD=1 but $build_dir/csponboard is missing"
    return
  fi
  say "== building $build_dir (Release)"
  # shellcheck disable=SC2086
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-} >"$tmp/build.log" 2>&1 ||
    { tail -n 20 "$tmp/build.log" >&2; die "cmake failed (missing packages? run scripts/setup)"; }
  cmake --build "$build_dir" -j"$(nproc)" --target "$@" >>"$tmp/build.log" 2>&1 ||
    { tail -n 30 "$tmp/build.log" >&2; die "build failed"; }
  grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build_dir/CMakeCache.txt" ||
    die "$build_dir is not a Release build"
}
