#!/usr/bin/env bash
# Benchmark of the sandbox: requests per second it sustains for the domain check
# (HEAD /v1/domains) and for create (POST /v1/customers), at concurrency 16, latency off.
# Builds if needed, starts `csponboard sandbox --port 0 --quiet`, reads the port from its
# first stdout line, runs bench/load_sandbox.c against it, stops it.
#   bench/sandbox.sh [SECONDS]      (default 5 per kind)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-5}
concurrency=16
build_dir=${BUILD_DIR:-build}
if [ ! -x "$build_dir/csponboard" ] || [ ! -x "$build_dir/load_sandbox" ]; then
  scripts/setup >/dev/null
fi
cmake --build "$build_dir" -j2 --target csponboard load_sandbox >/dev/null

out=$(mktemp)
"$build_dir/csponboard" sandbox --port 0 --quiet >"$out" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 50); do
  [ -s "$out" ] && break
  sleep 0.1
done
url=$(sed -n '1s/^listening on //p' "$out")
[ -n "$url" ] || { echo "bench/sandbox.sh: the sandbox did not start" >&2; exit 1; }

echo "sandbox at $url, $(nproc) cores, concurrency $concurrency, ${seconds}s per kind"
"$build_dir/load_sandbox" "$url" head "$concurrency" "$seconds"
"$build_dir/load_sandbox" "$url" create "$concurrency" "$seconds"
