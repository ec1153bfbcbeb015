"""The generated market table of docs/MARKETS.md (between its two marker lines)."""

BEGIN = "<!-- BEGIN generated market table (scripts/gen-markets) -->"
END = "<!-- END generated market table -->"


def _rules(market, field):
    rules = market.get("fields", {}).get(field)
    return rules if isinstance(rules, list) else [rules] if rules else []


def _required(rules):
    return any("required_if" in r or r.get("required") for r in rules)


def _postal(market):
    rules = _rules(market, "postal_code")
    if any(r.get("forbidden") for r in rules):
        return "none (a value is a warning)"
    valid = market.get("examples", {}).get("postal_code", {}).get("valid", [])
    if not rules:
        return "any (common.yaml)"
    text = "`%s`" % valid[0] if valid else "checked" if any("pattern" in r for r in rules) \
        else "free text"
    return text + (" (yes)" if _required(rules) else " (no)")


def _state(market):
    subs = market.get("subdivisions", [])
    rules = _rules(market, "state")
    if not subs:
        return "—"
    if _required(rules):
        return "%d codes (required)" % len(subs)
    return "%d (optional)" % len(subs)


def _phone(market):
    codes = "/".join("+" + c for c in market.get("calling_codes", []))
    rules = _rules(market, "phone")
    if not rules:
        return codes + " any"
    valid = market.get("examples", {}).get("phone", {}).get("valid", [])
    return codes + (" `%s`" % valid[0] if valid else "") + (
        " (required)" if _required(rules) else "")


SOURCE_TAGS = (("Google address", "A"), ("libphonenumber", "P"), ("iso-codes", "I"),
               ("CLDR territory", "C"), ("CLDR subdivision", "S"), ("Partner Center", "PC"),
               ("overlay", "O"))


def _sources(market):
    return " ".join(tag for word, tag in SOURCE_TAGS
                    if any(word in s for s in market.get("sources", [])))


def _registration(market):
    rules = _rules(market, "organization_registration_number")
    if not rules:
        return "required (common.yaml)"
    if any(r.get("forbidden") for r in rules):
        return "warning if given"
    return "required" if _required(rules) else "checked"


def _cultures(market):
    for r in _rules(market, "culture"):
        if "enum" in r:
            text = ", ".join(r["enum"])
            return text + (" (inferred)" if "culture" in market.get("inferred", []) else "")
    return "—"


def render(markets):
    lines = [BEGIN,
             "Sources: A Google's address data, P libphonenumber, I iso-codes, C CLDR (inferred "
             "cultures), S CLDR (subdivision names), PC Partner Center (a synced `partner_center:` block), O a hand overlay.",
             "",
             "| Market | Name | Postal code (required?) | State | Phone | Reg. no. | Cultures "
             "| Sources |",
             "|---|---|---|---|---|---|---|---|"]
    for cc in sorted(markets):
        m = markets[cc]
        if m.get("status") == "embargoed":
            lines.append("| %s | %s | — | — | — | — | embargoed: every row rejected | %s |"
                         % (cc, m["name"], _sources(m)))
            continue
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            cc, m["name"], _postal(m), _state(m), _phone(m), _registration(m), _cultures(m),
            _sources(m)))
    lines.append(END)
    return "\n".join(lines)


def splice(doc, table):
    """doc with the text between the markers replaced (the markers appended if absent)."""
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        return head + table + tail
    return doc.rstrip("\n") + "\n\n" + table + "\n"
