#!/usr/bin/env bash
# Messages a new user meets: a folder as input is named as such (not "read error"); a binary
# file as input (/bin/ls) sends no control byte to the terminal, and its JSON log lines stay
# valid JSON; a file with a header and no rows warns; nothing the user sees cites SPEC
# (messages in src/, docs/, the README, the shipped sample configuration).
. "$(dirname "$0")/lib.sh" "$@"

write_config "$WORK/cfg.yaml"
run_csp folder validate "$WORK" --config "$WORK/cfg.yaml"
assert_eq "a folder as input: exit 2" 2 "$RC"
assert_grep "a folder as input: said so" "$WORK/folder.err" "is a folder, not a customer list"
assert_no_grep "a folder as input: no bare read error" "$WORK/folder.err" "read error"

BINARY=/bin/ls
run_csp binary validate "$BINARY" --config "$WORK/cfg.yaml" --report "$WORK/ls.csv"
assert_eq "a binary file as input: exit 2 (no usable header)" 2 "$RC"
assert_eq "a binary file as input: no control byte on stderr" 0 \
  "$(LC_ALL=C grep -c -P '[\x00-\x08\x0b-\x1f\x7f]' "$WORK/binary.err")"
assert_grep "a binary file as input: its bytes are shown escaped" "$WORK/binary.err" '\x7FELF'
run_csp binaryjson validate "$BINARY" --config "$WORK/cfg.yaml" --report "$WORK/ls.csv" \
  --log-format json
assert_eq "a binary file as input, JSON logs: every line valid JSON" ok \
  "$(python3 -c 'import json,sys
[json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
print("ok")' "$WORK/binaryjson.err" 2>&1)"

printf 'company_name,domain,country\r\n' >"$WORK/header-only.csv"
run_csp headeronly validate "$WORK/header-only.csv" --config "$WORK/cfg.yaml"
assert_eq "a header-only file: exit 0" 0 "$RC"
assert_grep "a header-only file: warns" "$WORK/headeronly.err" "has a header line but no data rows"

# SPEC is the developers' document: no message, doc or shipped file may send users to it.
cited=$(cd "$SRC" && {
  grep -rn 'SPEC' src --include='*.c' | grep -v '^[^:]*:[0-9]*:[[:space:]]*\(/\*\|\*\)' |
    grep -v 'SB_OPT("--faults"'
  grep -rn 'SPEC §\|SPEC section' docs README.md samples
})
assert_eq "no user-visible text cites SPEC" "" "$cited"
finish
