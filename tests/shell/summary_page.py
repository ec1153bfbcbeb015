#!/usr/bin/env python3
"""Checks a summary page (csponboard's REPORT.html) against its report, for the shell tests.

    summary_page.py check PAGE REPORT [CREDENTIALS]
        reads the page's HTML: the count of each status and the total equal the report's, each
        reason lists the report's first rows with that reason (row numbers, in order), and no
        password of the credentials file appears anywhere in the page's source.
    summary_page.py timeline PAGE SUMMARY_JSON
        the page's request figures and the sums of its timeline table (requests, 429s,
        retries) equal the run's --summary-json counts.
    summary_page.py browser PAGE REPORT [CREDENTIALS] [--screenshot PNG]
        the same, in a real browser: loads the page in headless Chromium (/usr/bin/chromium,
        or $CSP_CHROMIUM, driven by the DevTools protocol over --remote-debugging-pipe), fails on any
        console error or exception, reads the counts from the rendered DOM, opens every
        reason's list and checks its rows are then displayed. Exit 77 when Chromium is
        missing (the test is skipped, with the reason printed).

Prints one line per problem and exits 1 if there is any.
"""
import csv
import fcntl
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SAMPLE_ROWS = 20  # CSP_SUMMARY_SAMPLE_ROWS
SHOWN_REASONS = 40  # CSP_SUMMARY_SHOWN_REASONS


def expected(report):
    """Status counts and, per reason key, its row count and first rows (as the page keys them:
    each distinct ';'-separated code of reason_code)."""
    statuses, reasons, total = {}, {}, 0
    with open(report, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            total += 1
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
            keys = []
            for k in r["reason_code"].split(";"):
                if k and k not in keys:
                    keys.append(k)
            for k in keys:
                e = reasons.setdefault(k, {"rows": 0, "first": []})
                e["rows"] += 1
                if len(e["first"]) < SAMPLE_ROWS:
                    e["first"].append(int(r["row"]))
    return {"total": total, "statuses": statuses, "reasons": reasons}


def passwords(credentials):
    if not credentials:
        return []
    with open(credentials, newline="", encoding="utf-8") as f:
        return [r["password"] for r in csv.DictReader(f) if r.get("password")]


class PageFacts(html.parser.HTMLParser):
    """The facts a reader sees: tr[data-status] > td.count, #total-rows, and per
    tbody[data-reason] its td.count and its sample rows' td.row."""

    def __init__(self):
        super().__init__()
        self.facts = {"total": None, "statuses": {}, "reasons": {}}
        self.status = self.reason = self.capture = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "tr" and "data-status" in a:
            self.status = a["data-status"]
        if tag == "tbody" and "data-reason" in a:
            self.reason = a["data-reason"]
            self.facts["reasons"][self.reason] = {"rows": None, "first": []}
        if tag == "td" and ("count" in classes or "row" in classes or a.get("id") == "total-rows"):
            self.capture = ("count" if "count" in classes else
                            "row" if "row" in classes else "total")
            self.text = ""

    def handle_data(self, data):
        if self.capture:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "td" and self.capture:
            n = int(self.text.strip())
            if self.capture == "total":
                self.facts["total"] = n
            elif self.capture == "count" and self.status:
                self.facts["statuses"][self.status] = n
            elif self.capture == "count" and self.reason:
                self.facts["reasons"][self.reason]["rows"] = n
            elif self.capture == "row" and self.reason:
                self.facts["reasons"][self.reason]["first"].append(n)
            self.capture = None
        if tag == "tr":
            self.status = None
        if tag == "tbody":
            self.reason = None


def compare(want, got):
    problems = []
    if got["total"] != want["total"]:
        problems.append("total rows: page %s, report %s" % (got["total"], want["total"]))
    if got["statuses"] != want["statuses"]:
        problems.append("statuses: page %s, report %s" % (got["statuses"], want["statuses"]))
    ranked = sorted(want["reasons"].items(), key=lambda kv: (-kv[1]["rows"], kv[0]))
    shown = dict(ranked[:SHOWN_REASONS])
    if set(got["reasons"]) != set(shown):
        problems.append("reasons: page %s, report %s" % (sorted(got["reasons"]), sorted(shown)))
    for key, w in shown.items():
        g = got["reasons"].get(key)
        if g and (g["rows"] != w["rows"] or g["first"] != w["first"]):
            problems.append("reason %s: page %s rows %s, report %s rows %s"
                            % (key, g["rows"], g["first"], w["rows"], w["first"]))
    return problems


def leaked(source, secrets):
    return ["a password of the credentials file is in the page" for p in secrets if p in source][:1]


def check(page, report, credentials):
    source = open(page, encoding="utf-8").read()
    parser = PageFacts()
    parser.feed(source)
    return compare(expected(report), parser.facts) + leaked(source, passwords(credentials))


class TimelineFacts(html.parser.HTMLParser):
    """The figures dd#req-total, #req-429, #req-retries and the columns of table#timeline."""

    def __init__(self):
        super().__init__()
        self.figures, self.sums = {}, [0, 0, 0]
        self.figure = None
        self.in_timeline = False
        self.cell = -1
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "dd" and a.get("id") in ("req-total", "req-429", "req-retries"):
            self.figure, self.text = a["id"], ""
        if tag == "table" and a.get("id") == "timeline":
            self.in_timeline = True
        if self.in_timeline and tag == "tr":
            self.cell = -1
        if self.in_timeline and tag == "td":
            self.cell += 1
            self.text = ""

    def handle_data(self, data):
        self.text += data

    def handle_endtag(self, tag):
        if tag == "dd" and self.figure:
            self.figures[self.figure] = int(self.text)
            self.figure = None
        if tag == "table":
            self.in_timeline = False
        if self.in_timeline and tag == "td" and 1 <= self.cell <= 3:
            self.sums[self.cell - 1] += int(self.text)


def timeline(page, summary_json):
    parser = TimelineFacts()
    parser.feed(open(page, encoding="utf-8").read())
    run = json.load(open(summary_json))
    want = [run["requests"], run["throttled"], run["retries"]]
    got = [parser.figures.get(k) for k in ("req-total", "req-429", "req-retries")]
    problems = []
    if got != want:
        problems.append("figures requests, 429, retries: page %s, run %s" % (got, want))
    if parser.sums != want:
        problems.append("timeline sums requests, 429, retries: page %s, run %s"
                        % (parser.sums, want))
    return problems


# --- the browser: Chromium's DevTools protocol over a pipe (fd 3 in, fd 4 out) ---

class DevTools:
    def __init__(self, chromium, profile):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                 "--remote-debugging-pipe", "--window-size=1200,900", "about:blank"]
        # The child finds the pipe at fds 3 and 4: moved out of the way first, so that
        # neither dup2 overwrites the other's source.
        high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 100)
        high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 100)
        os.close(to_browser_r)
        os.close(from_browser_w)
        to_browser_r, from_browser_w = high_r, high_w

        def child_fds():
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)
        self.proc = subprocess.Popen([chromium] + flags, pass_fds=(3, 4),
                                     preexec_fn=child_fds, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.next_id, self.buffer, self.events = 0, b"", []

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.from_browser, 65536)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_browser, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read_message(deadline))

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# What the test reads off the rendered page; each reason's <details> must hide its rows until it
# is opened, and show them once it is.
DOM_FACTS = r"""(() => {
  const num = (el) => el ? parseInt(el.textContent.trim(), 10) : null;
  const facts = {total: num(document.getElementById('total-rows')), statuses: {}, reasons: {},
                 hidden: [], details: document.querySelectorAll('details').length};
  for (const tr of document.querySelectorAll('tr[data-status]'))
    facts.statuses[tr.dataset.status] = num(tr.querySelector('td.count'));
  for (const tb of document.querySelectorAll('tbody[data-reason]')) {
    const d = tb.querySelector('details');
    const rows = d.querySelector('table.sample');
    const before = rows.checkVisibility();
    d.open = true;
    if (before || !rows.checkVisibility() || rows.getBoundingClientRect().height === 0)
      facts.hidden.push(tb.dataset.reason);
    facts.reasons[tb.dataset.reason] = {
      rows: num(tb.querySelector('td.count')),
      first: [...tb.querySelectorAll('td.row')].map(num)};
  }
  return JSON.stringify(facts);
})()"""


def browser(page, report, credentials, screenshot):
    chromium = shutil.which(os.environ.get("CSP_CHROMIUM", "chromium"))
    if not chromium:
        print("SKIP: chromium is not installed (scripts/setup installs Debian's chromium)")
        return 77
    profile = tempfile.mkdtemp(prefix="csp-chromium-")
    dt = DevTools(chromium, profile)
    problems = []
    try:
        targets = dt.call("Target.getTargets")["targetInfos"]
        target = next(t["targetId"] for t in targets if t["type"] == "page")
        session = dt.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            dt.call(domain + ".enable", session=session)
        dt.call("Page.navigate", {"url": "file://" + os.path.abspath(page)}, session=session)
        dt.wait_event("Page.loadEventFired", timeout=60)
        result = dt.call("Runtime.evaluate", {"expression": DOM_FACTS, "returnByValue": True},
                         session=session)["result"]
        facts = json.loads(result["value"])
        source = dt.call("Runtime.evaluate", {"expression": "document.documentElement.outerHTML",
                                              "returnByValue": True}, session=session)["result"]["value"]
        if screenshot:
            import base64
            shot = dt.call("Page.captureScreenshot", {"captureBeyondViewport": True}, session=session)
            open(screenshot, "wb").write(base64.b64decode(shot["data"]))
        for e in dt.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                problems.append("exception: %s" % p.get("exceptionDetails", {}).get("text"))
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                problems.append("console error: %s" % p.get("args"))
            if m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                problems.append("console error: %s" % p["entry"].get("text"))
        problems += compare(expected(report), facts)
        problems += ["reason %s: its rows do not show when opened, or show before" % k
                     for k in facts["hidden"]]
        problems += leaked(source, passwords(credentials))
        problems += leaked(open(page, encoding="utf-8").read(), passwords(credentials))
        print("browser: %d statuses, %d reasons, %d lists" %
              (len(facts["statuses"]), len(facts["reasons"]), facts["details"]))
    finally:
        dt.close()
        shutil.rmtree(profile, ignore_errors=True)
    return report_problems(problems)


def report_problems(problems):
    for p in problems:
        print("problem: " + p)
    return 1 if problems else 0


def main(argv):
    if len(argv) < 4 or argv[1] not in ("check", "timeline", "browser"):
        print(__doc__)
        return 2
    args = [a for a in argv[2:] if not a.startswith("--")]
    shot = argv[argv.index("--screenshot") + 1] if "--screenshot" in argv else None
    if shot:
        args.remove(shot)
    if argv[1] == "timeline":
        return report_problems(timeline(args[0], args[1]))
    page, report = args[0], args[1]
    credentials = args[2] if len(args) > 2 else None
    if argv[1] == "check":
        return report_problems(check(page, report, credentials))
    return browser(page, report, credentials, shot)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
