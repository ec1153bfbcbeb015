#!/usr/bin/env bash
# Installed as a partner has it: `cmake --install` into a scratch prefix, then commands run from
# an unrelated folder under `env -i` (no TTY, no HOME, no PATH) find the rule folder, the
# invitation template and the sandbox's demo tenants from the program's own location; paths in
# a configuration resolve against its folder; the rule folder's precedence (--rules,
# CSPONBOARD_RULES, rules: in the configuration, installed); `--version` names the libraries;
# the Debian package (cpack -G DEB) lists the expected files, declares its dependencies, and
# runs the sample from a folder of its own.
. "$(dirname "$0")/lib.sh" "$@"

BUILD=$(dirname "$BIN")
PREFIX=$WORK/prefix
cmake --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.out" 2>&1
assert_eq "cmake --install succeeds" 0 "$?"
for f in bin/csponboard share/csponboard/schemas/regions.yaml \
  share/csponboard/schemas/markets/common.yaml share/csponboard/schemas/markets/US.yaml \
  share/csponboard/samples/invite-email.txt share/csponboard/samples/sandbox-tenants.json \
  share/man/man1/csponboard.1 share/bash-completion/completions/csponboard \
  share/doc/csponboard/csponboard.yaml share/doc/csponboard/customers.csv; do
  assert_cmd "installed: $f" test -f "$PREFIX/$f"
done
CSP=$PREFIX/bin/csponboard
DOC=$PREFIX/share/doc/csponboard

# validate from an unrelated folder, with nothing in the environment.
mkdir -p "$WORK/elsewhere"
cp "$SRC/samples/customers.csv" "$WORK/elsewhere/in.csv"
(cd "$WORK/elsewhere" && env -i "$CSP" validate in.csv --config "$DOC/csponboard.yaml" \
  </dev/null >"$WORK/v.out" 2>"$WORK/v.err")
assert_eq "installed validate from elsewhere: exit 1 (the sample has invalid rows)" 1 "$?"
assert_no_grep "installed validate: the rule folder is found" "$WORK/v.err" "cannot open"
assert_eq "installed validate: one report line per input row" 50 \
  "$($CHECK table "$WORK/elsewhere/in.report.csv" | wc -l)"

# The invitation template and the demo tenants of the installed sample configuration are found
# (a run with --send-invites reads the template before any row; the SMTP server is a closed
# port, so the invite row fails to mail but is invited by the sandbox's known tenant).
cat >"$WORK/elsewhere/invite.csv" <<'CSV'
action,company_name,tenant_id,domain,first_name,last_name,email,country
invite,Wingtip Toys,7c9e6679-7425-40de-944b-e07fc1f90ae7,wingtiptoys.com,Ann,Lee,ann@wingtiptoys.com,US
CSV
sed -e 's#^  smtp_url:.*#  smtp_url: smtp://127.0.0.1:9#' "$DOC/csponboard.yaml" >"$WORK/cfg-mail.yaml"
cp "$DOC/invite-email.txt" "$WORK/invite-email.txt"
(cd "$WORK/elsewhere" && env -i "$CSP" run invite.csv --sandbox --send-invites \
  --config "$WORK/cfg-mail.yaml" --rate 1000/s </dev/null >"$WORK/m.out" 2>"$WORK/m.err")
assert_eq "send-invites from elsewhere: exit 1 (mail fails, nothing else)" 1 "$?"
assert_no_grep "send-invites: the template beside the config is read" "$WORK/m.err" "template"
assert_eq "send-invites: the sandbox knows the demo tenant (invited, mail failed)" \
  "failed invite_mail_failed" "$(status_of "$WORK/elsewhere/invite.report.csv" 1)"
# A template named relative to the configuration is looked for beside it, not here.
sed -e 's#^  template:.*#  template: mail/missing.txt#' "$WORK/cfg-mail.yaml" >"$WORK/cfg-nomail.yaml"
(cd "$WORK/elsewhere" && env -i "$CSP" run invite.csv --sandbox --send-invites \
  --config "$WORK/cfg-nomail.yaml" </dev/null >"$WORK/n.out" 2>"$WORK/n.err")
assert_eq "missing template: exit 2" 2 "$?"
assert_grep "missing template: named beside the configuration" "$WORK/n.err" "$WORK/mail/missing.txt"

# The rule folder: --rules, then CSPONBOARD_RULES, then rules: in the config, then installed.
mkdir -p "$WORK/rules-env" "$WORK/cfgdir"
cp -r "$SRC/schemas/." "$WORK/cfgdir/myrules"
printf 'rules: myrules\n' | cat - "$DOC/csponboard.yaml" >"$WORK/cfgdir/c.yaml"
(cd "$WORK/elsewhere" && env -i CSPONBOARD_RULES="$WORK/rules-env" "$CSP" validate in.csv \
  --config "$DOC/csponboard.yaml" </dev/null >/dev/null 2>"$WORK/r1.err")
assert_eq "CSPONBOARD_RULES (empty folder): exit 2" 2 "$?"
assert_grep "CSPONBOARD_RULES is the folder used" "$WORK/r1.err" "$WORK/rules-env"
(cd "$WORK/elsewhere" && env -i CSPONBOARD_RULES="$WORK/rules-env" "$CSP" validate in.csv \
  --rules "$SRC/schemas" --config "$DOC/csponboard.yaml" </dev/null >/dev/null 2>"$WORK/r2.err")
assert_eq "--rules wins over CSPONBOARD_RULES" 1 "$?"
rm -rf "$WORK/cfgdir/myrules/markets/US.yaml"
(cd "$WORK/elsewhere" && env -i "$CSP" validate in.csv --config "$WORK/cfgdir/c.yaml" \
  </dev/null >/dev/null 2>"$WORK/r3.err")
assert_eq "rules: in the config, relative to it (no US market there): some rows differ" 1 "$?"
assert_grep "rules: in the config is the folder used" "$WORK/elsewhere/in.report.csv" \
  "is not a market csponboard has rules for"
(cd "$WORK/elsewhere" && env -i "$CSP" rules check --rules "$SRC/tests/fixtures/rules/bad" \
  </dev/null >"$WORK/rc.out" 2>"$WORK/rc.err")
assert_eq "rules check --rules DIR (option after the verb) lints DIR: exit 2" 2 "$?"

env -i "$CSP" --version >"$WORK/version.out" 2>&1
for lib in libcurl SQLite libyaml PCRE2 cJSON libzip expat libmicrohttpd libcsv; do
  assert_grep "--version names $lib" "$WORK/version.out" "$lib"
done

# The Debian package.
if ! command -v dpkg-deb >/dev/null || ! command -v dpkg-shlibdeps >/dev/null; then
  echo "skipped: the Debian package (dpkg-deb or dpkg-shlibdeps missing: apt-get install dpkg-dev)"
  finish
fi
(cd "$BUILD" && cpack -G DEB -B "$WORK/deb" >"$WORK/cpack.out" 2>&1)
assert_eq "cpack -G DEB succeeds" 0 "$?"
deb=$(ls "$WORK"/deb/csponboard_*.deb 2>/dev/null | head -n 1)
assert_cmd "the package file exists" test -f "$deb"
dpkg -c "$deb" >"$WORK/deb.list"
for f in ./usr/bin/csponboard ./usr/share/csponboard/schemas/regions.yaml \
  ./usr/share/csponboard/schemas/markets/US.yaml ./usr/share/man/man1/csponboard.1 \
  ./usr/share/bash-completion/completions/csponboard ./usr/share/doc/csponboard/csponboard.yaml \
  ./usr/share/csponboard/samples/sandbox-tenants.json; do
  assert_grep "dpkg -c lists $f" "$WORK/deb.list" "$f"
done
dpkg-deb -f "$deb" Depends >"$WORK/deb.depends"
for dep in libcurl4 libsqlite3-0 libyaml-0-2 libpcre2-8-0 libcjson1 libcsv3 libzip4 libexpat1 \
  libmicrohttpd12; do
  assert_grep "the package depends on $dep" "$WORK/deb.depends" "$dep"
done
dpkg -x "$deb" "$WORK/root"
mkdir -p "$WORK/tmprun"
cp "$WORK/root/usr/share/doc/csponboard/customers.csv" "$WORK/tmprun/"
(cd "$WORK/tmprun" && env -i "$WORK/root/usr/bin/csponboard" run customers.csv --sandbox \
  --config "$WORK/root/usr/share/doc/csponboard/csponboard.yaml" --rate 1000/s \
  </dev/null >"$WORK/deb.out" 2>"$WORK/deb.err")
assert_eq "the packaged program runs the sample from a folder of its own: exit 1" 1 "$?"
assert_eq "the packaged run reports every row" 50 \
  "$($CHECK table "$WORK/tmprun/customers.report.csv" | wc -l)"
assert_eq "the packaged run creates customers" 1 \
  "$([ "$(count_status "$WORK/tmprun/customers.report.csv" created)" -ge 20 ] && echo 1)"
finish
