#!/usr/bin/env bash
# Execution benchmark (issue "execution", issue "every request counts"): how much of the API's
# rate budget a run uses, and how many requests each created customer costs.
# One invocation:
#   1. a sandbox with 100 ms mean latency and a limit of 50 requests/s (beyond it: 429);
#   2. `csponboard run` of ROWS create rows against it, client rate 50/s, concurrency 8: the
#      achieved throughput as a share of the limit (target >= 0.95), the share of 429s (target
#      <= 1%), the requests per created customer (target <= 3.1) and the time from start to
#      the first create the sandbox answered (target <= 1 s);
#   3. `validate --online` then `run` of PAIR_ROWS rows against a fresh sandbox: the requests
#      per created customer of that run (target <= 1.1: the creates alone) and of both;
#   4. the baseline: the same kind of run at concurrency 1 (what a naive sequential loop
#      reaches, ~10 req/s at 100 ms latency) on BASELINE_ROWS rows, against a fresh sandbox.
# Requests are counted by the sandbox (/sandbox/state, every /v1 route), not by the client.
#   bench/execute.sh [ROWS] [BASELINE_ROWS] [PAIR_ROWS]      defaults 2000, 300 and 500
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-2000}
baseline_rows=${2:-300}
pair_rows=${3:-500}
limit=50
latency=100

build=build-bench
# An incremental Release build of the binary measured (scripts/setup installs the packages).
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target csponboard >/dev/null
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

# first_create_after URL T0 OUT: polls the sandbox until it has answered a create; writes the
# seconds from T0 to then into OUT.
first_create_after() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys, time, urllib.request
url, t0, out = sys.argv[1] + "/sandbox/state", float(sys.argv[2]), sys.argv[3]
while True:
    try:
        state = json.load(urllib.request.urlopen(url, timeout=5))
    except Exception:
        break
    if state["requests"].get("POST /v1/customers", {}).get("201", 0) > 0:
        open(out, "w").write("%.3f" % (time.time() - t0))
        break
    time.sleep(0.01)
PY
}

# counts URL: prints "requests ok throttled created_201" over every /v1 route
counts() {
  python3 - "$1/sandbox/state" <<'PY'
import json, sys, urllib.request
state = json.load(urllib.request.urlopen(sys.argv[1]))
total = ok = throttled = 0
for route, by_status in state["requests"].items():
    if "oauth2" in route:
        continue
    for status, count in by_status.items():
        total += count
        if status == "429":
            throttled += count
        else:
            ok += count
created = state["requests"].get("POST /v1/customers", {}).get("201", 0)
print(total, ok, throttled, created)
PY
}

# csp COMMAND FILE CONCURRENCY: csponboard against the running sandbox
csp() {
  "$bin" "$1" "$2" --sandbox-url "$url" --config samples/csponboard.yaml \
    --concurrency "$3" --rate "$limit/s" --quiet "${@:4}" >/dev/null 2>>"$work/err" || true
}

# run_once N CONCURRENCY LABEL: prints "seconds requests ok throttled created first_create_s"
run_once() {
  local n=$1 conc=$2 label=$3
  make_rows "$n" "$work/$label.csv"
  start_sandbox
  local t0 t1 poller
  t0=$(date +%s.%N)
  first_create_after "$url" "$t0" "$work/$label.first" &
  poller=$!
  csp run "$work/$label.csv" "$conc"
  t1=$(date +%s.%N)
  wait "$poller" 2>/dev/null || true
  read -r total ok throttled created < <(counts "$url")
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') $total $ok $throttled" \
    "$created $(cat "$work/$label.first" 2>/dev/null || echo -1)"
  stop_sandbox
}

# pair N: validate --online then run of N rows; prints "validate_requests run_requests created"
pair() {
  make_rows "$1" "$work/pair.csv"
  start_sandbox
  csp validate "$work/pair.csv" 8 --online
  read -r v_total _ < <(counts "$url")
  csp run "$work/pair.csv" 8
  read -r total _ _ created < <(counts "$url")
  echo "$v_total $((total - v_total)) $created"
  stop_sandbox
}

echo "execute benchmark: $rows rows, sandbox latency ${latency} ms, limit ${limit} req/s"
read -r s_main total_main ok_main thr_main created_main first_main < <(run_once "$rows" 8 main)
read -r v_req r_req pair_created < <(pair "$pair_rows")
read -r s_base total_base ok_base thr_base created_base first_base < <(run_once "$baseline_rows" 1 base)
python3 - "$s_main" "$total_main" "$ok_main" "$thr_main" "$created_main" "$rows" "$first_main" \
  "$s_base" "$ok_base" "$limit" "$v_req" "$r_req" "$pair_created" "$pair_rows" <<'PY'
import sys
(s, total, ok, thr, created, rows, first, s_base, ok_base, limit, v_req, r_req, p_created,
 p_rows) = sys.argv[1:]
s, total, ok, thr, created, rows = float(s), int(total), int(ok), int(thr), int(created), int(rows)
s_base, ok_base, limit, first = float(s_base), int(ok_base), float(limit), float(first)
v_req, r_req, p_created, p_rows = int(v_req), int(r_req), int(p_created), int(p_rows)
rate = ok / s
base_rate = ok_base / s_base
print(f"  run (concurrency 8):      {created}/{rows} created, {total} requests in {s:.1f} s")
print(f"  achieved API throughput:  {rate:.1f} req/s = {rate / limit:.2f} of the limit (target >= 0.95)")
print(f"  requests that got 429:    {thr} = {100.0 * thr / max(total, 1):.2f}% (target <= 1%)")
print(f"  time to first create:     {first:.2f} s (target <= 1 s)")
print(f"  requests per created customer, run alone:             {total / max(created, 1):.2f} (target <= 3.1)")
print(f"  validate --online then run ({p_created}/{p_rows} created): run {r_req / max(p_created, 1):.2f} per created (target <= 1.1), both {(v_req + r_req) / max(p_created, 1):.2f}")
print(f"  baseline (concurrency 1): {base_rate:.1f} req/s = {base_rate / limit:.2f} of the limit")
print(f"  speed-up over baseline:   {rate / base_rate:.2f}x")
PY
