# Shared by the invitation tests (sourced, not run): a scratch folder, the sandbox and the SMTP
# sink as background processes cleaned up on exit, a config and an input of two invite rows.
# Expects $bin (the csponboard binary) and the source root as the working directory.

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${keep:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/*.err; do [ -f "$f" ] && { echo "--- $f" >&2; cat "$f" >&2; }; done
  exit 1
}

# Waits for the first line of a background process's stdout file (a condition: up to 60 s on
# a crowded machine).
first_line() {
  for _ in $(seq 600); do
    [ -s "$1" ] && head -n1 "$1" | grep -q . && { head -n1 "$1"; return; }
    sleep 0.1
  done
  fail "no first line in $1"
}

start_sandbox() {
  "$bin" sandbox --port 0 --tenants samples/sandbox-tenants.json >"$work/sandbox.out" \
    2>"$work/sandbox.err" &
  pids+=($!)
  sandbox_url=$(first_line "$work/sandbox.out" | sed -n 's/^listening on //p')
  [ -n "$sandbox_url" ] || fail "the sandbox printed no URL"
}

# A python that has aiosmtpd (Debian's python3-aiosmtpd is for /usr/bin/python3).
smtp_python() {
  for py in python3 /usr/bin/python3; do
    "$py" -c 'import aiosmtpd' 2>/dev/null && { echo "$py"; return; }
  done
  fail "no python3 with aiosmtpd (apt-get install python3-aiosmtpd)"
}

# start_smtp ARGS...: the sink storing into $work/mail; sets smtp_port.
start_smtp() {
  mkdir -p "$work/mail"
  rm -f "$work/smtp.out" # a restarted sink must not be read through its predecessor's file
  "$(smtp_python)" tests/shell/smtp_sink.py "$work/mail" "$@" >"$work/smtp.out" \
    2>"$work/smtp.err" &
  pids+=($!)
  smtp_port=$(first_line "$work/smtp.out" | sed -n 's/^listening on //p')
  [ -n "$smtp_port" ] || fail "the SMTP sink printed no port"
}

# write_config SMTP_URL: $work/config.yaml from the sample, mail settings replaced.
write_config() {
  sed -e "s#^  smtp_url:.*#  smtp_url: $1#" \
      -e "s#^  smtp_user_env:.*#  smtp_user_env: TEST_SMTP_USER#" \
      -e "s#^  smtp_password_env:.*#  smtp_password_env: TEST_SMTP_PASSWORD#" \
      -e "s#^  template:.*#  template: tests/fixtures/invites/invite-email.txt#" \
      samples/csponboard.yaml >"$work/config.yaml"
}

# Two tenants the sandbox knows but that are not customers yet.
wingtip=7c9e6679-7425-40de-944b-e07fc1f90ae7
tailspin=16fd2706-8baf-433b-82eb-8c7fada847da
write_input() {
  cat >"$work/input.csv" <<CSV
action,company_name,tenant_id,domain,first_name,last_name,email,country
invite,Wingtip Toys,$wingtip,,Kim,Lee,kim@wingtiptoys.com,US
invite,Tailspin Toys,,tailspintoys.com,Ana,Ruiz,ana@tailspintoys.com,US
CSV
}

# report_column FILE ROW COLUMN: one cell of a report (ROW is the row column's value).
report_column() {
  python3 - "$@" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    if r["row"] == sys.argv[2]:
        print(r[sys.argv[3]])
PY
}
