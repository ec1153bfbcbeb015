#!/usr/bin/env bash
# Tokens (SPEC §8 Auth).
#   A. The sandbox's tokens live 2 s while the run takes several seconds: the client must get
#      new tokens as it goes (before expiry, or once on a 401) and create every row.
#   B. A wrong client secret (--api-url with the secret from the environment): exit 3 with a
#      message naming the refusal, nothing created, every row reported not_attempted — but
#      for rows an earlier run finished, which are skipped already_done as in a working run.
#   C. The sandbox's token_expiry fault expires tokens at random mid-run (a token that has
#      worked; never one on its first use), under concurrency: every row is still created,
#      over several seeds.
. "$(dirname "$0")/lib.sh" "$@"

write_config "$WORK/cfg.yaml" 10

# --- A: short-lived tokens ---
start_sandbox a --seed 4 --token-ttl 2 --latency-ms 60
csv_bulk "$WORK/a.csv" 40 tokx 5
run_csp a run "$WORK/a.csv" --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" --rate 30/s \
  --report "$WORK/a.report.csv"
assert_eq "short tokens: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err a
assert_cmd "short tokens: every row once, in input order" $CHECK order "$WORK/a.report.csv" 40
assert_eq "short tokens: every row created" 40 "$(count_status "$WORK/a.report.csv" created)"
sandbox_state "$WORK/a.state.json"
tokens=$($CHECK requests "$WORK/a.state.json" "POST /oauth2/token" 200)
assert_ge "short tokens: the run got new tokens as it went (>= 3)" 3 "$tokens"
assert_eq "short tokens: one customer per row" 40 "$(customer_count "$WORK/a.state.json")"
assert_eq "short tokens: no domain twice" "" "$(dup_domains "$WORK/a.state.json")"
stop_sandbox

# --- C: tokens expired at random mid-run ---
for seed in 1 2 3 4 5; do
  start_sandbox "c$seed" --seed "$seed" --faults token_expiry=0.05
  csv_bulk "$WORK/c$seed.csv" 60 "tokc${seed}x" 7
  run_csp "c$seed" run "$WORK/c$seed.csv" --config "$WORK/cfg.yaml" --sandbox-url "$SB_URL" \
    --rate 1000/s --concurrency 8 --report "$WORK/c$seed.report.csv"
  assert_eq "token_expiry seed $seed: exit 0" 0 "$RC"
  [ "$RC" = 0 ] || show_err "c$seed"
  assert_eq "token_expiry seed $seed: every row created" 60 \
    "$(count_status "$WORK/c$seed.report.csv" created)"
  sandbox_state "$WORK/c$seed.state.json"
  assert_eq "token_expiry seed $seed: no domain twice" "" "$(dup_domains "$WORK/c$seed.state.json")"
  stop_sandbox
done

# --- B: a wrong client secret ---
client_id=99999999-8888-7777-6666-555555555555
start_sandbox b --seed 4 --client-id "$client_id" --client-secret 'Right+Secret/=1' \
  --refresh-token 'refresh-token-b'
csv_bulk "$WORK/b.csv" 5 badsecx 6
CSPONBOARD_CLIENT_SECRET=Wr0ngS3cretXyz CSPONBOARD_REFRESH_TOKEN=refresh-token-b \
  run_csp b run "$WORK/b.csv" --config "$WORK/cfg.yaml" --api-url "$SB_URL" --rate 1000/s \
  --report "$WORK/b.report.csv"
assert_eq "wrong secret: exit 3" 3 "$RC"
assert_grep "wrong secret: says the sign-in was refused" "$WORK/b.err" "sign-in refused"
assert_grep "wrong secret: passes on the token endpoint's reason" "$WORK/b.err" "Invalid client secret"
assert_no_grep "wrong secret: the secret is not logged" "$WORK/b.err" "Wr0ngS3cretXyz"
sandbox_state "$WORK/b.state.json"
assert_eq "wrong secret: nothing created" 0 "$(customer_count "$WORK/b.state.json")"
assert_eq "wrong secret: no API call was made" 0 \
  "$($CHECK answers "$WORK/b.state.json" | awk '$1 != 401 { n += $2 } END { print n + 0 }')"
assert_cmd "wrong secret: the report has every row" $CHECK order "$WORK/b.report.csv" 5
assert_eq "wrong secret: every row not_attempted" 5 "$(count_status "$WORK/b.report.csv" not_attempted)"
assert_no_grep "wrong secret: the report holds no secret" "$WORK/b.report.csv" "Wr0ngS3cretXyz"

# The same sandbox, the right secret: the run works (so B failed for the secret alone).
CSPONBOARD_CLIENT_SECRET='Right+Secret/=1' CSPONBOARD_REFRESH_TOKEN=refresh-token-b \
  run_csp b2 run "$WORK/b.csv" --config "$WORK/cfg.yaml" --api-url "$SB_URL" --rate 1000/s \
  --report "$WORK/b.report.csv"
assert_eq "right secret: exit 0" 0 "$RC"
[ "$RC" = 0 ] || show_err b2
assert_eq "right secret: every row created" 5 "$(count_status "$WORK/b.report.csv" created)"

# The wrong secret again, on those rows and two new ones: the rows the earlier run created are
# reported skipped already_done (the journal says so), only the new ones not_attempted.
python3 - "$WORK/b.csv" "$WORK/b3.csv" <<'PY'
import sys
sys.path.insert(0, "tests/shell")
from csvgen import row
lines = open(sys.argv[1]).read().splitlines()
extra = [row(90 + i, domain="badsecnew%d" % i) for i in range(2)]
header = lines[0].split(",")
with open(sys.argv[2], "w") as out:
    out.write("\n".join(lines) + "\n")
    for r in extra:
        out.write(",".join(r.get(h, "") for h in header) + "\n")
PY
CSPONBOARD_CLIENT_SECRET=Wr0ngS3cretXyz CSPONBOARD_REFRESH_TOKEN=refresh-token-b \
  run_csp b3 run "$WORK/b3.csv" --config "$WORK/cfg.yaml" --api-url "$SB_URL" --rate 1000/s \
  --report "$WORK/b.report.csv"
assert_eq "wrong secret after a run: exit 3" 3 "$RC"
assert_cmd "wrong secret after a run: the report has every row" $CHECK order "$WORK/b.report.csv" 7
assert_eq "wrong secret after a run: the rows done earlier are already_done" 5 \
  "$($CHECK table "$WORK/b.report.csv" | awk -F '\t' '$2 == "skipped" && $3 == "already_done"' | wc -l)"
assert_eq "wrong secret after a run: only the new rows not_attempted" 2 \
  "$(count_status "$WORK/b.report.csv" not_attempted)"

finish
