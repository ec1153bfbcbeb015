"""The rule engine's checks, as far as examples need them (docs/RULES.md), in Python.

The generator only declares an example valid or invalid after running it through these:
`rules check` runs the same examples through the C engine, so a disagreement there means
this file and src/rules/ drifted apart. Python's `re` stands in for PCRE2: the patterns
used (classes, groups, alternation, lookahead) mean the same in both.
"""

import re
import unicodedata

_SEPARATORS = " \t()-./\u00a0"


def phone_normalize(value, calling_codes, trunk):
    """src/rules/phone.c: the national number left after the calling or trunk prefix."""
    s = "".join(c for c in value if c not in _SEPARATORS)
    skip = 1 if s.startswith("+") else 2 if s.startswith("00") else 0
    if skip == 0:
        return s[len(trunk):] if trunk and s.startswith(trunk) else s
    for code in sorted(calling_codes, key=len, reverse=True):
        if s[skip:].startswith(code):
            s = s[skip + len(code):]
            return s[len(trunk):] if trunk and s.startswith(trunk) else s
    return "+" + s[skip:]


def fold(text):
    """Case-, accent- and punctuation-insensitive form (the engine's name comparison)."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.casefold() if c.isalnum())


def _normalize(value, steps, market):
    for step in steps if isinstance(steps, list) else [steps]:
        if step == "trim":
            value = value.strip(" \t\r\n\u00a0")
        elif step == "upper":
            value = "".join(c.upper() if c.isascii() else c for c in value)
        elif step == "lower":
            value = "".join(c.lower() if c.isascii() else c for c in value)
        elif step == "digits":
            value = "".join(c for c in value if "0" <= c <= "9")
        elif step == "country_prefix":  # CH-8001; examples never carry one (see postal.py)
            value = re.sub(r"^%s-(?=\d)" % re.escape(market.get("market", "")), "", value,
                           flags=re.I)
        elif step == "alnum":
            value = "".join(c for c in value if c.isascii() and c.isalnum())
        elif step == "phone":
            value = phone_normalize(value, market.get("calling_codes", []),
                                    market.get("trunk_prefix", ""))
    return value


def _subdivision_ok(value, market):
    key = fold(value)
    for sub in market.get("subdivisions", []):
        if key in (fold(sub["code"]), fold(sub.get("iso", ""))) or \
                any(key == fold(n) for n in sub.get("names", [])):
            return True
    return False


def _rule_errors(rule, value, market):
    """The codes of the checks this rule's value fails (empty values pass all but required)."""
    if not value:
        return []
    failed = []
    if "pattern" in rule and not re.search(rule["pattern"], value):
        failed.append("pattern")
    if "not_pattern" in rule and re.search(rule["not_pattern"], value):
        failed.append("pattern")
    if "enum" in rule:
        fold_case = rule.get("case_insensitive")
        allowed = [e.lower() if fold_case else e for e in rule["enum"]]
        if (value.lower() if fold_case else value) not in allowed:
            failed.append("not_in_list")
    if rule.get("subdivision") and not _subdivision_ok(value, market):
        failed.append("not_in_list")
    if "max_length" in rule and len(value) > rule["max_length"]:
        failed.append("too_long")
    if "min_length" in rule and len(value) < rule["min_length"]:
        failed.append("too_short")
    if rule.get("forbidden"):
        failed.append("forbidden")
    return failed


def field_errors(rules, value, market):
    """Error-severity findings of a create row whose field holds value (warnings ignored)."""
    rules = rules if isinstance(rules, list) else [rules]
    for rule in rules:
        if "normalize" in rule:
            value = _normalize(value, rule["normalize"], market)
    for rule in rules:
        aliases = rule.get("aliases") or {}
        for src, dst in aliases.items():
            if value.lower() == src.lower():
                value = dst
    errors = []
    for rule in rules:
        when = rule.get("when") or {}
        if any(k != "action" or v not in ("create", ["create"]) for k, v in when.items()):
            continue
        if rule.get("severity", "error") == "error":
            errors.extend(_rule_errors(rule, value, market))
    return errors
