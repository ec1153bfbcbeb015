# Shared by the bench scripts (sourced): messages and the Release build they time.
#   say TEXT / die TEXT      on stderr (die exits 1, prefixed with the script's name)
#   build_release TARGET...  builds the targets in $build_dir (Release; incremental), logging
#                            to $tmp/build.log; NO_BUILD=1 uses $build_dir as it is.
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
