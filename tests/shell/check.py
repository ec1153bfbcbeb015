#!/usr/bin/env python3
"""Small readers for the shell tests (tests/shell/lib.sh wraps them).

    check.py state URL                 GET URL/sandbox/state, print the JSON
    check.py domains STATE.json        each customer's domain, one a line
    check.py requests STATE.json ROUTE STATUS   how many ROUTE requests got STATUS (0 if none)
    check.py answers STATE.json        how many /v1 answers had each status, over every route
                                       ("STATUS COUNT" lines; reset and timeout are statuses)
    check.py table REPORT              row, status, reason_code, customer_id of each report line
                                       (tab-separated, in file order)
    check.py order REPORT N            problems with "rows 1..N, each once, in input order"
                                       (prints them; exit 1 if any)
    check.py json FILE KEY[.KEY...]    a value from a JSON file
"""
import csv
import json
import sys
import urllib.request


def fetch_state(url):
    with urllib.request.urlopen(url.rstrip("/") + "/sandbox/state", timeout=30) as r:
        return r.read().decode("utf-8")


def read_report(path):
    with open(path, newline="", encoding="utf-8-sig") as f:  # a report may start with a BOM
        return list(csv.DictReader(f))


def order(path, n):
    rows = read_report(path)
    problems = []
    numbers = [r["row"] for r in rows]
    if numbers != [str(i) for i in range(1, n + 1)]:
        seen, dups = set(), set()
        for x in numbers:
            (dups if x in seen else seen).add(x)
        missing = [i for i in range(1, n + 1) if str(i) not in seen]
        problems.append("report has %d lines for %d rows; duplicates %s; missing %s; in order: %s"
                        % (len(rows), n, sorted(dups)[:10], missing[:10],
                           numbers == sorted(numbers, key=int)))
    for r in rows:
        if not r["status"]:
            problems.append("row %s has no status" % r["row"])
    for p in problems:
        print(p)
    return 1 if problems else 0


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "state":
        sys.stdout.write(fetch_state(argv[2]))
        return 0
    if cmd == "domains":
        for c in json.load(open(argv[2]))["customers"]:
            print(c["domain"])
        return 0
    if cmd == "requests":
        routes = json.load(open(argv[2])).get("requests", {})
        print(routes.get(argv[3], {}).get(argv[4], 0))
        return 0
    if cmd == "answers":
        total = {}
        for route, counts in json.load(open(argv[2])).get("requests", {}).items():
            for status, n in counts.items():
                total[status] = total.get(status, 0) + n
        for status in sorted(total):
            print(status, total[status])
        return 0
    if cmd == "table":
        for r in read_report(argv[2]):
            print("\t".join([r["row"], r["status"], r["reason_code"], r["customer_id"]]))
        return 0
    if cmd == "order":
        return order(argv[2], int(argv[3]))
    if cmd == "json":
        v = json.load(open(argv[2]))
        for k in argv[3].split("."):
            v = v.get(k) if isinstance(v, dict) else None
        print("" if v is None else v)
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
