# --send-invites against the sandbox and a local SMTP server that requires AUTH: every invited
# row gets one email with the right envelope, To, Subject and the invitation link; the SMTP
# password appears nowhere; a refused recipient makes its row failed (invite_mail_failed, link
# kept) and the next run sends only that email again.
# Usage: bash tests/shell/test_invites_send_sandbox.sh CSPONBOARD (from the source root)
set -euo pipefail
keep=${KEEP:-}
bin=$1
# shellcheck source=tests/shell/invites_lib.sh
. tests/shell/invites_lib.sh

start_sandbox
start_smtp --user mailer --password 'pw-S3cret!x' --reject-rcpt ana@tailspintoys.com
write_config "smtp://127.0.0.1:$smtp_port"
write_input
export TEST_SMTP_USER=mailer TEST_SMTP_PASSWORD='pw-S3cret!x'
run() {
  "$bin" run "$work/input.csv" --sandbox-url "$sandbox_url" --config "$work/config.yaml" \
    --send-invites --report "$work/report.csv" >"$work/run.out" 2>"$work/run.err"
}

# 1. Tailspin's mailbox refuses: Wingtip is invited and mailed, Tailspin failed, exit 1.
code=0; run || code=$?
[ "$code" = 1 ] || fail "first run: expected exit 1, got $code"
[ "$(report_column "$work/report.csv" 1 status)" = invited ] || fail "row 1 not invited"
[ "$(report_column "$work/report.csv" 2 status)" = failed ] || fail "row 2 not failed"
[ "$(report_column "$work/report.csv" 2 reason_code)" = invite_mail_failed ] ||
  fail "row 2 reason is not invite_mail_failed"
report_column "$work/report.csv" 2 reason | grep -q "the invitation email to ana@tailspintoys.com could not be sent" ||
  fail "row 2 reason does not name the recipient"
url=$(report_column "$work/report.csv" 1 invite_url)
case $url in https://admin.microsoft.com/*partner-invitation) ;; *) fail "row 1 invite_url: $url" ;; esac
[ "$(report_column "$work/report.csv" 2 invite_url)" = "$url" ] || fail "row 2 lost its link"
[ "$(ls "$work/mail" | grep -c eml)" = 1 ] || fail "expected 1 email after the first run"

# 2. The mailbox is back: the re-run sends only Tailspin's email; Wingtip stays done.
kill "${pids[1]}"; wait "${pids[1]}" 2>/dev/null || true
start_smtp --user mailer --password 'pw-S3cret!x'
write_config "smtp://127.0.0.1:$smtp_port"
code=0; run || code=$?
[ "$code" = 0 ] || fail "second run: expected exit 0, got $code"
[ "$(report_column "$work/report.csv" 1 reason_code)" = already_done ] || fail "row 1 was redone"
[ "$(report_column "$work/report.csv" 2 status)" = invited ] || fail "row 2 not invited on re-run"
[ "$(ls "$work/mail" | grep -c eml)" = 2 ] || fail "the re-run sent more than Tailspin's email"

# Each stored email (Wingtip's from the first run, Tailspin's from the re-run): envelope, AUTH
# login, headers, and the link in the decoded body.
python3 - "$work/mail" "$url" <<'PY' || fail "the emails are not as expected"
import email, email.policy, glob, json, sys
folder, url = sys.argv[1], sys.argv[2]
expected = [("kim@wingtiptoys.com", "Kim Lee", "Wingtip Toys"),
            ("ana@tailspintoys.com", "Ana Ruiz", "Tailspin Toys")]
mails = sorted(glob.glob(folder + "/*.eml"))
assert len(mails) == 2, mails
for eml, (addr, name, company) in zip(mails, expected):
    meta = json.load(open(eml[:-4] + ".json"))
    msg = email.message_from_bytes(open(eml, "rb").read(), policy=email.policy.default)
    assert meta["mail_from"] == "onboarding@contoso.example", meta
    assert meta["rcpt_tos"] == [addr], meta
    assert meta["login"] == "mailer", meta
    assert msg["To"] == "%s <%s>" % (name, addr), msg["To"]
    assert msg["From"] == "Contoso Onboarding <onboarding@contoso.example>", msg["From"]
    assert msg["Subject"] == "Contoso Onboarding invites %s to Microsoft CSP" % company, msg["Subject"]
    assert msg["Message-ID"].endswith("@contoso.example>") and msg["Date"], dict(msg)
    body = msg.get_content()
    assert url in body and ("Dear %s," % name) in body, body
PY

# The password never reaches stderr, the report or the journal.
for f in "$work/run.err" "$work/report.csv" "$work"/report.journal.sqlite; do
  ! grep -qF 'pw-S3cret!x' "$f" || fail "the SMTP password appears in $f"
done

# 3. The report fed back as input finds the journal its run wrote (report.journal.sqlite):
#    both rows are already done, and nobody is mailed twice.
code=0
"$bin" run "$work/report.csv" --sandbox-url "$sandbox_url" --config "$work/config.yaml" \
  --send-invites --report "$work/refed.csv" >"$work/refed.out" 2>"$work/refed.err" || code=$?
[ "$code" = 0 ] || fail "re-fed report: expected exit 0, got $code"
[ "$(report_column "$work/refed.csv" 1 reason_code)" = already_done ] || fail "re-fed row 1 redone"
[ "$(report_column "$work/refed.csv" 2 reason_code)" = already_done ] || fail "re-fed row 2 redone"
[ "$(ls "$work/mail" | grep -c eml)" = 2 ] || fail "the re-fed report mailed someone again"

# 4. A wrong mail setting stops the run before anything is sent (exit 2).
sed -i 's#^  from:.*#  from: ""#' "$work/config.yaml"
code=0; run || code=$?
[ "$code" = 2 ] || fail "empty invites.from: expected exit 2, got $code"
grep -q "invites.from is empty" "$work/run.err" || fail "no message naming invites.from"
echo "test_invites_send_sandbox: ok"
