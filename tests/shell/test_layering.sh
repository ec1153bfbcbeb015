#!/usr/bin/env bash
# The folders of src/ are layers (docs/ARCHITECTURE.md): a file includes headers of its own
# folder and of folders below it, never of one above. base/ includes no stage, http/ never
# includes partner_center/, and nothing in the core library includes sandbox/. Every include
# of a project header is folder-qualified ("execute/jobs.h"). Checked by reading the #include
# lines of src/, first on a small made-up tree (so the checker is shown to catch a forbidden
# include), then on the real one.
. "$(dirname "$0")/lib.sh" "$@"

# The layers, lowest first; a folder may include its own folder and any of a lower rank.
# sandbox/ (the test server) sits on the core; main.c (src/'s root) on top links both.
declare -A RANK=(
  [base]=0
  [http]=1 [input]=1 [journal]=1 [dedup]=1
  [partner_center]=2 [rules]=2 [report]=2 [classify]=2
  [invites]=3
  [execute]=4
  [pipeline]=5
  [cli]=6
  [sandbox]=7
  [main]=8
)

# Data every stage reads, allowed from any folder but base/: the row that flows through the
# stages, and the read-only settings (options, config) the command line loads.
SHARED=" pipeline/row.h cli/config.h cli/options.h "

# Known violations, one "file header" a line. To remove (issue 11): each entry goes when its
# include does (the test also fails on an entry that no longer occurs, so the list shrinks).
KNOWN="
"

# folder_of PATH (relative to the tree's root): "main" for src/'s root, else the first folder.
folder_of() {
  local rest=${1#src/}
  case $rest in
  */*) echo "${rest%%/*}" ;;
  *) echo main ;;
  esac
}

# layering_check ROOT: prints one line per forbidden include of ROOT/src ("file header: why").
layering_check() {
  local root=$1 file rel from header to
  while IFS= read -r file; do
    rel=${file#"$root"/}
    from=$(folder_of "$rel")
    if [ -z "${RANK[$from]+set}" ]; then
      echo "$rel: folder '$from' has no layer in test_layering.sh"
      continue
    fi
    while IFS= read -r header; do
      if [[ $header != */* ]]; then
        echo "$rel $header: not folder-qualified"
        continue
      fi
      to=${header%%/*}
      [ "$to" = "$from" ] && continue
      if [ -z "${RANK[$to]+set}" ]; then
        echo "$rel $header: folder '$to' has no layer"
      elif [ "$from" = base ]; then
        echo "$rel $header: base/ includes no stage"
      elif [[ $SHARED == *" $header "* ]]; then
        continue
      elif [ "${RANK[$to]}" -ge "${RANK[$from]}" ]; then
        echo "$rel $header: $from/ (layer ${RANK[$from]}) includes $to/ (layer ${RANK[$to]})"
      fi
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file")
  done < <(find "$root/src" -name '*.[ch]' | sort)
}

# is_known LINE: the "file header" at the start of a checker line is in KNOWN.
is_known() {
  local pair=${1%%:*}
  grep -qxF -- "$pair" <<<"$KNOWN"
}

# --- the checker on a made-up tree ---
fake=$WORK/fake
mkdir -p "$fake/src/base" "$fake/src/http" "$fake/src/cli" "$fake/src/execute"
printf '#include "partner_center/responses.h"\n' >"$fake/src/http/pool.c"
printf '#include "pipeline/row.h"\n#include "base/grow.h"\n' >"$fake/src/base/arena.c"
printf '#include "sandbox/sandbox.h"\n#include "execute/jobs.h"\n' >"$fake/src/cli/cli.c"
printf '#include "jobs.h"\n#include "http/pool.h"\n#include "cli/config.h"\n' \
  >"$fake/src/execute/jobs.c"
layering_check "$fake" >"$WORK/fake.out"
assert_grep "made-up tree: http/ including partner_center/ is caught" "$WORK/fake.out" \
  "src/http/pool.c partner_center/responses.h"
assert_grep "made-up tree: base/ including a stage is caught" "$WORK/fake.out" \
  "src/base/arena.c pipeline/row.h: base/ includes no stage"
assert_grep "made-up tree: the core including sandbox/ is caught" "$WORK/fake.out" \
  "src/cli/cli.c sandbox/sandbox.h"
assert_grep "made-up tree: an include without its folder is caught" "$WORK/fake.out" \
  "src/execute/jobs.c jobs.h: not folder-qualified"
assert_eq "made-up tree: allowed includes pass (4 lines in all)" 4 "$(wc -l <"$WORK/fake.out")"

# --- the real tree ---
layering_check "$SRC" >"$WORK/real.out"
new=0
while IFS= read -r line; do
  is_known "$line" && continue
  echo "  forbidden include: $line"
  new=$((new + 1))
done <"$WORK/real.out"
assert_eq "src/: no forbidden include beyond the known ones" 0 "$new"

stale=0
while IFS= read -r pair; do
  [ -z "$pair" ] && continue
  if ! grep -q "^$pair:" "$WORK/real.out"; then
    echo "  known violation no longer occurs (remove it from KNOWN): $pair"
    stale=$((stale + 1))
  fi
done <<<"$KNOWN"
assert_eq "src/: every known violation still occurs (the list is current)" 0 "$stale"
finish
