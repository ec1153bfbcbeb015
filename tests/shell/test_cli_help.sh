#!/usr/bin/env bash
# The command line per command: `CMD --help` and `csponboard help CMD` for every command the
# binary lists (help --commands) exit 0 with that command's usage, from a folder whose
# csponboard.yaml and schemas/ are broken (so help loads neither); each command's help lists
# only its own options; an unknown option names the command and suggests one of its own;
# options typed after a subcommand reach it; the committed man page and bash completion are
# what the option tables generate.
. "$(dirname "$0")/lib.sh" "$@"

empty=$WORK/empty
mkdir -p "$empty/schemas"
printf 'this: [is not valid\n' >"$empty/csponboard.yaml"
printf 'nor: [this\n' >"$empty/schemas/regions.yaml"
cd "$empty" || exit 1

# --- help for every command ---
"$BIN" help --commands >"$WORK/commands.txt"
assert_ge "help --commands lists the commands" 10 "$(wc -l <"$WORK/commands.txt")"
while IFS= read -r cmd; do
  # shellcheck disable=SC2086 # the command path is split into its words on purpose
  "$BIN" $cmd --help >"$WORK/help.out" 2>"$WORK/help.err"
  assert_eq "'$cmd --help' exits 0" 0 $?
  assert_eq "'$cmd --help' starts with its usage" "usage: csponboard $cmd" \
    "$(head -c $((18 + ${#cmd})) "$WORK/help.out")"
  assert_eq "'$cmd --help' logs nothing (no config or rules read)" "" "$(cat "$WORK/help.err")"
  # shellcheck disable=SC2086
  "$BIN" help $cmd >"$WORK/help2.out" 2>&1
  assert_eq "'help $cmd' exits 0" 0 $?
  assert_cmd "'help $cmd' is '$cmd --help'" cmp -s "$WORK/help.out" "$WORK/help2.out"
done <"$WORK/commands.txt"
assert_eq "the folder is left as it was" "csponboard.yaml schemas" "$(echo $(ls))"

"$BIN" help >"$WORK/top.out"
assert_eq "help with no command exits 0" 0 $?
assert_grep "help lists the commands" "$WORK/top.out" "  invites "
"$BIN" help nope 2>"$WORK/nope.err"
assert_eq "help of an unknown command exits 2" 2 $?

# --- each command's own options ---
"$BIN" invites status --help >"$WORK/status.out"
assert_grep "invites status --help lists --journal" "$WORK/status.out" "--journal FILE"
assert_no_grep "invites status --help has no --sheet" "$WORK/status.out" "--sheet"
assert_no_grep "invites status --help has no --online" "$WORK/status.out" "--online"
"$BIN" run --help >"$WORK/run.out"
assert_grep "run --help lists --sheet" "$WORK/run.out" "--sheet NAME"
assert_no_grep "run --help has no --online" "$WORK/run.out" "--online"
"$BIN" validate --help >"$WORK/validate.out"
assert_grep "validate --help lists --online" "$WORK/validate.out" "--online"
assert_no_grep "validate --help has no --attest-mca" "$WORK/validate.out" "--attest-mca"
"$BIN" template --help >"$WORK/template.out"
assert_no_grep "template --help lists no option" "$WORK/template.out" "--config"
"$BIN" rules list --help >"$WORK/list.out"
assert_grep "rules list --help lists --rules" "$WORK/list.out" "--rules DIR"
assert_no_grep "rules list --help has no --out" "$WORK/list.out" "--out"

# --- unknown options and misplaced ones ---
"$BIN" invites status --sheet x 2>"$WORK/sheet.err"
assert_eq "invites status --sheet exits 2" 2 $?
assert_grep "the error names the command" "$WORK/sheet.err" \
  "unknown option '--sheet' for 'csponboard invites status'"
"$BIN" run in.csv --confg x.yaml 2>"$WORK/typo.err"
assert_eq "a misspelt option exits 2" 2 $?
assert_grep "the error suggests the command's own option" "$WORK/typo.err" \
  "did you mean '--config'?"
"$BIN" validate in.csv --attest-mca 2>"$WORK/attest.err"
assert_eq "validate --attest-mca (an option of run) exits 2" 2 $?
"$BIN" run in.csv --online 2>"$WORK/online.err"
assert_eq "run --online (an option of validate) exits 2" 2 $?
"$BIN" rules frob 2>"$WORK/frob.err"
assert_eq "an unknown rules command exits 2" 2 $?
assert_grep "the error names it" "$WORK/frob.err" "unknown command 'csponboard rules frob'"
"$BIN" invites 2>/dev/null
assert_eq "invites without its command exits 2" 2 $?

# --- rules: --rules before or after the subcommand ---
"$BIN" rules check --rules "$SRC/schemas" >"$WORK/check1.out" 2>&1
assert_eq "rules check --rules DIR exits 0" 0 $?
assert_grep "rules check --rules DIR checks that folder" "$WORK/check1.out" "every rule file is valid"
"$BIN" rules --rules "$SRC/schemas" check >"$WORK/check2.out" 2>&1
assert_eq "rules --rules DIR check exits 0" 0 $?
"$BIN" rules show --rules="$SRC/schemas" DE >"$WORK/show.out" 2>&1
assert_eq "rules show --rules=DIR CC exits 0" 0 $?
"$BIN" rules check >"$WORK/check3.out" 2>&1
assert_eq "rules check reads the installed rule folder, not ./schemas (broken here): exit 0" 0 $?

# --- generated files are current ---
"$BIN" help --man >"$WORK/csponboard.1"
assert_cmd "docs/csponboard.1 is what 'csponboard help --man' generates (regenerate it)" \
  cmp -s "$WORK/csponboard.1" "$SRC/docs/csponboard.1"
"$BIN" help --completion >"$WORK/csponboard.bash"
assert_cmd "scripts/completion/csponboard.bash is what 'help --completion' generates" \
  cmp -s "$WORK/csponboard.bash" "$SRC/scripts/completion/csponboard.bash"
if command -v groff >/dev/null; then
  groff -man -Tutf8 -ww "$SRC/docs/csponboard.1" >/dev/null 2>"$WORK/groff.err"
  assert_eq "the man page renders without a groff warning" "" "$(cat "$WORK/groff.err")"
fi

# --- the completion completes ---
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _csponboard
           echo "${COMPREPLY[*]}"' _ "$SRC/scripts/completion/csponboard.bash" "$@"
}
assert_eq "completion: the commands" "run validate template rules invites summary auth sandbox help" \
  "$(complete_words csponboard "")"
assert_eq "completion: a subcommand's options" "--journal" \
  "$(complete_words csponboard invites status --jo)"
assert_eq "completion: a choice's values" "create invite" \
  "$(complete_words csponboard run in.csv --only "")"
assert_eq "completion: rules' commands after --rules DIR" "check" \
  "$(complete_words csponboard rules --rules schemas ch)"
finish
