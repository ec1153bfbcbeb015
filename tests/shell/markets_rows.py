"""Rows made from every market's own data, validated by csponboard (issue 8's tests):
- one valid create row per market (its example postal code and phone, a subdivision code that
  agrees with the postal code, its default culture, a language it lists, a registration
  number where one is required) validates with zero findings;
- the same row with the country and the state written as names (English, or in the
  country's own languages and scripts) validates, and the only warnings are the conversions
  ("... was sent as ...");
- a row per market with a malformed postal code, and one with a malformed phone (the market's
  invalid examples), are both caught, naming the field;
- the embargoed markets' rows are rejected with their reason.
One file per market group, validated with a partner of that group.
usage: markets_rows.py CSPONBOARD SOURCE_ROOT WORK_DIR; prints `N passed, N failed`.
"""

import csv
import os
import re
import subprocess
import sys

BIN, ROOT, WORK = sys.argv[1:4]
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from genmarkets import yamlin  # noqa: E402
from tally import Tally  # noqa: E402

SCHEMAS = os.path.join(ROOT, "schemas")
# Registration numbers of the markets whose overlay checks a format (Partner Center's lengths).
REGISTRATION = {"AM": "12345678", "AZ": "1234567", "BY": "123456789", "HU": "1234567890",
                "KZ": "123456789012", "KG": "12345678901234", "MD": "1234567890123",
                "RU": "7707083893", "TJ": "123456789", "UZ": "123456789", "UA": "12345678",
                "BR": "11222333000181", "IN": "AAAPL1234C", "ZA": "123456789012",
                "PL": "5260250274", "AE": "100123456700003", "TR": "1234567890"}
HEADER = ["Action", "Company Name", "Domain", "First Name", "Last Name", "Email", "Phone",
          "Address Line 1", "City", "State", "ZIP code", "Country/Region", "Culture", "Language",
          "Registration Number"]
TALLY = Tally("markets_rows")
check = TALLY.check


def rules(m, field):
    r = m.get("fields", {}).get(field)
    return r if isinstance(r, list) else [r] if r else []


def first_enum(m, field):
    return next((r["enum"][0] for r in rules(m, field) if "enum" in r), "")


def needs_registration(m, common):
    own = rules(m, "organization_registration_number")
    if own:
        return any("required_if" in r for r in own)
    return m["market"] in common


def state_for(m, postal):
    """The subdivision (code, a name) whose postal prefixes take the postal code, else the first."""
    subs = m.get("subdivisions") or []
    for s in subs:
        if s.get("postal") and postal and re.match("(?:%s)" % s["postal"], postal.upper()):
            return s
    return next((s for s in subs if not s.get("postal")), subs[0] if subs else None)


COUNTRY_NAMES = {}


def country_name(m, i):
    """The market's English name, or (every other row) a name in another script or language
    from countries.yaml (Deutschland, Österreich, 日本, Україна)."""
    names = COUNTRY_NAMES.get(m["market"], [])
    local = [n for n in names if not n.isascii()] or names[-1:]
    return local[0] if i % 2 and local else m["name"]


def row(m, i, common, by_name=False, postal=None, phone=None):
    cc = m["market"]
    ex = m.get("examples", {})
    postal = postal if postal is not None else (ex.get("postal_code") or {}).get("valid", [""])[0]
    phone = phone if phone is not None else (ex.get("phone") or {}).get("valid", [""])[0]
    sub = state_for(m, postal)
    state = ""
    if sub:
        state = (sub["names"] or [sub["code"]])[0] if by_name else sub["code"]
    return ["create", "Contoso %s Ltd" % cc, "contoso%s%d" % (cc.lower(), i), "Ann", "Lee",
            "ann@contoso%s.com" % cc.lower(), phone, "1 Main Street", "Capital", state, postal,
            country_name(m, i) if by_name else cc, m.get("default_culture", ""),
            first_enum(m, "language"),
            REGISTRATION.get(cc, "1234567890") if needs_registration(m, common) else ""]


def validate(name, partner_market, rows):
    path = os.path.join(WORK, name + ".csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows)
    config = os.path.join(WORK, name + ".yaml")
    with open(os.path.join(ROOT, "samples", "csponboard.yaml"), encoding="utf-8") as f:
        text = f.read()
    with open(config, "w", encoding="utf-8") as f:
        f.write(re.sub(r"(?m)^  market: US", "  market: %s" % partner_market, text))
    report = os.path.join(WORK, name + ".report.csv")
    res = subprocess.run([BIN, "validate", "--rules", SCHEMAS, "--config", config, "--report",
                          report, path], capture_output=True, text=True, check=False)
    if not os.path.exists(report):
        check("%s: validate wrote a report" % name, False, res.stderr[-500:])
        return []
    with open(report, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def check_group(group, codes, markets, common):
    sold = [cc for cc in codes if markets[cc].get("status", "sold") == "sold"]
    if not sold:
        return
    partner = sold[0]
    tag = re.sub(r"\W+", "_", group)
    plain = validate(tag + "_codes", partner, [row(markets[cc], i, common) for i, cc in enumerate(sold)])
    for cc, r in zip(sold, plain):
        check("%s: a valid row validates with zero findings" % cc,
              r["status"] == "would_create" and not r["warnings"] and not r["reason"],
              "%s %s | %s" % (r["status"], r["reason"], r["warnings"]))
    named = validate(tag + "_names", partner,
                     [row(markets[cc], i, common, by_name=True) for i, cc in enumerate(sold)])
    for cc, r in zip(sold, named):
        notes = [w for w in re.split(r";\s*", r["warnings"]) if w and "was sent as" not in w]
        check("%s: country and state by name validate, only the conversions noted" % cc,
              r["status"] == "would_create" and not notes, "%s %s | %s" % (
                  r["status"], r["reason"], r["warnings"]))
    defaults = [row(markets[cc], i, common)[:12] + ["", ""] + row(markets[cc], i, common)[14:]
                for i, cc in enumerate(sold)]
    for cc, r in zip(sold, validate(tag + "_no_culture", partner, defaults)):
        check("%s: a create without culture and language takes the market's default" % cc,
              r["status"] == "would_create" and not r["warnings"] and not r["reason"],
              "%s %s | %s" % (r["status"], r["reason"], r["warnings"]))
    for field, key in (("postal_code", "postal"), ("phone", "phone")):
        cases = [cc for cc in sold if (markets[cc].get("examples", {}).get(field) or {}).get("invalid")]
        bad = [row(markets[cc], i, common, **{key: markets[cc]["examples"][field]["invalid"][0]})
               for i, cc in enumerate(cases)]
        for cc, r in zip(cases, validate(tag + "_bad_" + field, partner, bad)):
            check("%s: a malformed %s is caught" % (cc, field),
                  r["status"] == "invalid" and field in r["reason_code"] + r["reason"],
                  "%s %s" % (r["status"], r["reason"]))


def check_embargoed(markets, common):
    embargoed = [cc for cc in sorted(markets) if markets[cc].get("status") == "embargoed"]
    check("CU, IR, KP and SY are embargoed", embargoed == ["CU", "IR", "KP", "SY"], str(embargoed))
    rows = [["create", "Contoso %s Ltd" % cc, "contoso%s" % cc.lower(), "Ann", "Lee",
             "ann@contoso.com", "", "1 Main Street", "Capital", "", "", cc, "", "", ""]
            for cc in embargoed]
    for cc, r in zip(embargoed, validate("embargoed", "US", rows)):
        check("%s: rejected with the market's reason" % cc,
              r["status"] == "rejected" and r["reason"] == markets[cc]["rejected_reason"],
              "%s %s" % (r["status"], r["reason"]))


def main():
    regions = yamlin.load(os.path.join(SCHEMAS, "regions.yaml"))
    common_fields = yamlin.load(os.path.join(SCHEMAS, "markets", "common.yaml"))["fields"]
    common = set(common_fields["organization_registration_number"]["required_if"]["country"])
    codes = sorted({c for g in regions["groups"].values() for c in g} | set(regions["none"]))
    COUNTRY_NAMES.update({cc: c["names"] for cc, c in yamlin.load(
        os.path.join(SCHEMAS, "countries.yaml"))["countries"].items()})
    markets = {cc: yamlin.load(os.path.join(SCHEMAS, "markets", cc + ".yaml")) for cc in codes}
    for group, members in sorted(regions["groups"].items()):
        check_group(group, members, markets, common)
    check_embargoed(markets, common)
    return TALLY.finish()


if __name__ == "__main__":
    sys.exit(main())
