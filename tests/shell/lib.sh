# Shared helpers of the shell tests (tests/shell/test_*.sh). Source it after `set -u`:
#   . tests/shell/lib.sh "$@"
# It sets BIN (the csponboard binary, $1), SRC (the source root: the working directory ctest
# gives) and WORK (a scratch folder removed on exit), and a trap that kills every background
# process started through bg_start / start_sandbox. End a test with `finish`.
set -u

BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/csp-shell.XXXXXX")
export PYTHONDONTWRITEBYTECODE=1
CHECK="python3 $SRC/tests/shell/check.py"
CSVGEN="python3 $SRC/tests/shell/csvgen.py"
PASSED=0
FAILED=0
SKIPPED=0
BG_PIDS=()
TEST_STARTED=$(date +%s)

cleanup() {
  local pid
  for pid in "${BG_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  done
  wait 2>/dev/null
  if [ "$FAILED" -gt 0 ] && [ -n "${KEEP_WORK:-}" ]; then
    echo "scratch folder kept: $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# --- assertions: each prints both sides on failure ---

pass() { PASSED=$((PASSED + 1)); echo "ok: $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $1"; }
# skip WHAT: a check that cannot run here (a tool is missing); the test then ends as skipped.
skip() { SKIPPED=$((SKIPPED + 1)); echo "SKIP: $1"; }

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() {
  if [ "$2" == "$3" ]; then pass "$1"; else fail "$1: expected '$2', got '$3'"; fi
}

# assert_ge WHAT MIN ACTUAL (integers)
assert_ge() {
  if [ "$3" -ge "$2" ] 2>/dev/null; then pass "$1"; else fail "$1: expected >= $2, got '$3'"; fi
}

# assert_le WHAT MAX ACTUAL (integers)
assert_le() {
  if [ "$3" -le "$2" ] 2>/dev/null; then pass "$1"; else fail "$1: expected <= $2, got '$3'"; fi
}

# assert_grep WHAT FILE FIXED_TEXT: FILE contains the text
assert_grep() {
  if grep -qF -- "$3" "$2"; then pass "$1"; else
    fail "$1: '$3' not found in $(basename "$2"):"
    head -c 3000 "$2" | sed 's/^/    | /'
  fi
}

# assert_no_grep WHAT FILE FIXED_TEXT: FILE does not contain the text
assert_no_grep() {
  if ! grep -qF -- "$3" "$2"; then pass "$1"; else
    fail "$1: '$3' found in $(basename "$2"):"
    grep -nF -- "$3" "$2" | head -5 | sed 's/^/    | /'
  fi
}

# assert_cmd WHAT COMMAND...: the command succeeds (its output is shown on failure)
assert_cmd() {
  local what=$1 out
  shift
  if out=$("$@" 2>&1); then pass "$what"; else
    fail "$what:"
    printf '%s\n' "$out" | head -20 | sed 's/^/    | /'
  fi
}

# finish: the tally; exit 1 when a check failed, else 77 (ctest's SKIP_RETURN_CODE: reported
# as skipped) when one was skipped, else 0.
finish() {
  local elapsed=$(($(date +%s) - TEST_STARTED))
  echo "$(basename "$0"): $PASSED passed, $FAILED failed, $SKIPPED skipped (${elapsed} s)"
  [ "$FAILED" -eq 0 ] || exit 1
  [ "$SKIPPED" -eq 0 ] || exit 77
  exit 0
}

# --- processes ---

# bg_start OUT ERR COMMAND...: starts COMMAND in the background; BG_PID is its pid.
bg_start() {
  local out=$1 err=$2
  shift 2
  "$@" >"$out" 2>"$err" &
  BG_PID=$!
  BG_PIDS+=("$BG_PID")
}

# start_sandbox NAME [sandbox options...]: starts `csponboard sandbox --port 0` and waits for
# its first line. Sets SB_URL and SB_PID; its stderr goes to $WORK/NAME.sandbox.err.
start_sandbox() {
  local name=$1 line="" i
  shift
  bg_start "$WORK/$name.sandbox.out" "$WORK/$name.sandbox.err" "$BIN" sandbox --port 0 --quiet "$@"
  SB_PID=$BG_PID
  for i in $(seq 1 1200); do # until it listens: up to 60 s on a crowded machine
    line=$(head -n 1 "$WORK/$name.sandbox.out" 2>/dev/null)
    case $line in
      "listening on http://127.0.0.1:"*) break ;;
    esac
    kill -0 "$SB_PID" 2>/dev/null || break
    sleep 0.05
  done
  SB_URL=${line#listening on }
  case $SB_URL in
    http://127.0.0.1:*) return 0 ;;
  esac
  echo "the sandbox did not start (first line '$line'):"
  cat "$WORK/$name.sandbox.err"
  FAILED=$((FAILED + 1))
  finish
}

# stop_sandbox: SIGTERM to the sandbox started last, and wait for it.
stop_sandbox() {
  kill "$SB_PID" 2>/dev/null
  wait "$SB_PID" 2>/dev/null
}

# sandbox_state FILE: saves the sandbox's /sandbox/state to FILE.
sandbox_state() {
  $CHECK state "$SB_URL" >"$1"
}

# sandbox_hold ACTION: the sandbox's create hold (docs/SANDBOX.md), a fixed point in a run
# whatever the machine's load: "hold-creates/N" lets N more creates through and holds the
# later ones unanswered, "release-creates" lets them go on. The reply goes to $WORK/holds.json.
sandbox_hold() {
  curl -sf -X POST "$SB_URL/sandbox/$1" >"$WORK/holds.json"
}

# wait_for_held_create PID: waits until a create waits at the hold (a condition, not a
# duration: up to two minutes on a crowded machine) or PID has exited; then asserts one waits.
wait_for_held_create() {
  local i
  for i in $(seq 1 1200); do
    curl -sf "$SB_URL/sandbox/holds" >"$WORK/holds.json"
    [ "$($CHECK json "$WORK/holds.json" waiting)" -ge 1 ] 2>/dev/null && return 0
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  fail "no create waited at the sandbox's hold: $(cat "$WORK/holds.json" 2>/dev/null)"
  return 1
}

# --- inputs and outputs ---

# write_config FILE [TIMEOUT_S]: the sample configuration, with limits.timeout_s set.
write_config() {
  sed -e "s/^  timeout_s: .*/  timeout_s: ${2:-60}/" "$SRC/samples/csponboard.yaml" >"$1"
}

# csv_bulk FILE N PREFIX [SEED]: N valid US create rows with domains PREFIX1..PREFIXN.
csv_bulk() {
  $CSVGEN bulk "$2" "$3" "${4:-1}" >"$1"
}

# status_of REPORT ROW: "status reason_code" of a report row.
status_of() {
  $CHECK table "$1" | awk -F '\t' -v r="$2" '$1 == r { print $2 " " $3 }'
}

# count_status REPORT STATUS: how many report rows have STATUS.
count_status() {
  $CHECK table "$1" | awk -F '\t' -v s="$2" '$2 == s { n++ } END { print n + 0 }'
}

# dup_domains STATE.json: domains that appear more than once (one a line; empty if none).
dup_domains() {
  $CHECK domains "$1" | sort | uniq -d
}

# customer_count STATE.json
customer_count() {
  $CHECK domains "$1" | wc -l | tr -d ' '
}

# run_csp NAME ARGS...: runs csponboard in the foreground; RC is its exit code, its stdout and
# stderr go to $WORK/NAME.out and $WORK/NAME.err.
run_csp() {
  local name=$1
  shift
  "$BIN" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  RC=$?
}

# show_err NAME: prints the last lines of a run's stderr (to explain a failure).
show_err() {
  echo "  --- $1 stderr (last 15 lines)"
  tail -n 15 "$WORK/$1.err" | sed 's/^/    | /'
}

# answers STATE.json STATUS: how many sandbox answers had STATUS (e.g. 503, reset, timeout)
# over every route.
answers() {
  $CHECK answers "$1" | awk -v s="$2" '$1 == s { n = $2 } END { print n + 0 }'
}

# set_budget N|off: the sandbox lets only N more /v1 requests through; later ones are withheld
# unanswered (docs/SANDBOX.md), so a run can be stopped after a fixed number of requests.
set_budget() {
  curl -s -X POST "$SB_URL/sandbox/budget/$1" >/dev/null
}

# wait_budget_spent PID: waits until the sandbox has withheld a request (the budget is spent)
# or PID has exited. Polls the sandbox's counters, never a clock: a slow machine waits longer.
wait_budget_spent() {
  local pid=$1
  while kill -0 "$pid" 2>/dev/null; do
    sandbox_state "$WORK/budget.json"
    [ "$(answers "$WORK/budget.json" withheld)" -gt 0 ] && return 0
    sleep 0.05
  done
}

# --- the market data generator ---

# gen_markets WHAT ARGS...: runs scripts/gen-markets ARGS (stdout in $WORK/gen.out, stderr in
# $WORK/gen.err) and asserts exit 0; when the generator's datasets are not installed (its exit
# 3) the test is skipped: it prints why and exits 77 (SKIP_RETURN_CODE in CMakeLists.txt).
gen_markets() {
  local what=$1 rc
  shift
  /usr/bin/python3 "$SRC/scripts/gen-markets" "$@" >"$WORK/gen.out" 2>"$WORK/gen.err"
  rc=$?
  if [ "$rc" = 3 ]; then
    echo "SKIPPED: $(cat "$WORK/gen.err")"
    exit 77
  fi
  assert_eq "$what: exit 0" 0 "$rc"
  [ "$rc" = 0 ] || sed 's/^/    | /' "$WORK/gen.err"
}
