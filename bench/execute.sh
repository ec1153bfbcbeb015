#!/usr/bin/env bash
# Execution benchmark (issue "execution"): how much of the API's rate budget a run uses.
# One invocation:
#   1. a sandbox with 100 ms mean latency and a limit of 50 requests/s (beyond it: 429);
#   2. `csponboard run` of ROWS create rows against it, client rate 50/s, concurrency 8;
#   3. the baseline: the same kind of run at concurrency 1 (what a naive sequential loop
#      reaches, ~10 req/s at 100 ms latency) on BASELINE_ROWS rows, against a fresh sandbox.
# Prints achieved API throughput as a ratio of the limit (target >= 0.9), the share of
# requests that got 429 (target <= 2%), and the speed-up over the baseline.
#   bench/execute.sh [ROWS] [BASELINE_ROWS]      defaults 10000 and 300
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000}
baseline_rows=${2:-300}
limit=50
latency=100

build=build-bench
if [ ! -x "$build/csponboard" ]; then
  BUILD_DIR=$build CMAKE_ARGS=-DCMAKE_BUILD_TYPE=Release scripts/setup >/dev/null
fi
bin=$PWD/$build/csponboard
work=$(mktemp -d)
sandbox_pid=
cleanup() { [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start_sandbox() {
  "$bin" sandbox --port 0 --latency-ms "$latency" --rate "$limit" --seed 7 --quiet \
    >"$work/sandbox.out" 2>"$work/sandbox.err" &
  sandbox_pid=$!
  for _ in $(seq 100); do
    url=$(sed -n 's/^listening on //p' "$work/sandbox.out")
    [ -n "$url" ] && return 0
    sleep 0.05
  done
  echo "the sandbox did not start" >&2
  exit 1
}

stop_sandbox() {
  kill "$sandbox_pid" 2>/dev/null || true
  wait "$sandbox_pid" 2>/dev/null || true
  sandbox_pid=
}

make_rows() { # N FILE: N valid US create rows with unique domains
  python3 - "$1" "$2" <<'PY'
import csv, sys
n, path = int(sys.argv[1]), sys.argv[2]
states = ["WA", "CA", "NY", "TX", "IL", "MA", "OR", "CO"]
with open(path, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["company_name", "domain", "first_name", "last_name", "email", "phone",
                "address_line1", "city", "state", "postal_code", "country", "culture",
                "language"])
    for i in range(n):
        w.writerow([f"Bench Customer {i} Ltd", f"benchcust{i:07d}", "Avery", "Smith",
                    f"avery{i}@benchcust{i}.example", f"425555{i % 10000:04d}",
                    f"{i + 1} Main Street", "Redmond", states[i % len(states)], "98052",
                    "US", "en-US", "en"])
PY
}

# run_once N CONCURRENCY LABEL: prints "seconds requests ok throttled"
run_once() {
  local n=$1 conc=$2 label=$3
  make_rows "$n" "$work/$label.csv"
  start_sandbox
  local t0 t1
  t0=$(date +%s.%N)
  "$bin" run "$work/$label.csv" --sandbox-url "$url" --config samples/csponboard.yaml \
    --concurrency "$conc" --rate "$limit/s" --quiet \
    --summary-json "$work/$label.json" >/dev/null 2>"$work/$label.err" || true
  t1=$(date +%s.%N)
  python3 - "$url/sandbox/state" "$t0" "$t1" "$work/$label.json" <<'PY'
import json, sys, urllib.request
state = json.load(urllib.request.urlopen(sys.argv[1]))
seconds = float(sys.argv[3]) - float(sys.argv[2])
total = ok = throttled = 0
for route, by_status in state["requests"].items():
    if route.startswith("POST /") and "oauth2" in route:
        continue
    for status, count in by_status.items():
        total += count
        if status == "429":
            throttled += count
        else:
            ok += count
summary = json.load(open(sys.argv[4]))
created = summary["statuses"]["created"]
print(f"{seconds:.2f} {total} {ok} {throttled} {created}")
PY
  stop_sandbox
}

echo "execute benchmark: $rows rows, sandbox latency ${latency} ms, limit ${limit} req/s"
read -r s_main total_main ok_main thr_main created_main < <(run_once "$rows" 8 main)
read -r s_base total_base ok_base thr_base created_base < <(run_once "$baseline_rows" 1 base)
python3 - "$s_main" "$total_main" "$ok_main" "$thr_main" "$created_main" "$rows" \
  "$s_base" "$ok_base" "$limit" <<'PY'
import sys
s, total, ok, thr, created, rows, s_base, ok_base, limit = sys.argv[1:]
s, total, ok, thr, created, rows = float(s), int(total), int(ok), int(thr), int(created), int(rows)
s_base, ok_base, limit = float(s_base), int(ok_base), float(limit)
rate = ok / s
base_rate = ok_base / s_base
print(f"  run (concurrency 8):      {created}/{rows} created, {total} requests in {s:.1f} s")
print(f"  achieved API throughput:  {rate:.1f} req/s = {rate / limit:.2f} of the limit (target >= 0.90)")
print(f"  requests that got 429:    {thr} = {100.0 * thr / max(total, 1):.2f}% (target <= 2%)")
print(f"  baseline (concurrency 1): {base_rate:.1f} req/s = {base_rate / limit:.2f} of the limit")
print(f"  speed-up over baseline:   {rate / base_rate:.2f}x")
PY
