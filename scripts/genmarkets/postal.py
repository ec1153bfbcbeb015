"""Postal codes from Google's address metadata: the rule and its examples.

`zip` is the national format (a regex without anchors); `zipex` real codes; `require`
the address fields the post requires (Z = postal code). A country without `zip` has no
postal codes: a given one is a warning and is not sent (docs/MARKETS.md).
"""

import re

from . import checks


def rule(cc, name, record):
    """The generated postal_code rule of a market (before overlays)."""
    zip_re = record.get("zip")
    if not zip_re:
        return {"forbidden": True, "severity": "warning",
                "message": "empty (%s has no postal codes; the value is not sent)" % cc}
    out = {}
    if "Z" in record.get("require", ""):
        out["required_if"] = {"action": "create"}
    has_letters = re.search(r"[A-Za-z]", re.sub(r"\\[dDsSwW]", "", zip_re)) is not None
    out["normalize"] = ["trim", "upper"] if has_letters else "trim"
    out["pattern"] = "^(?:%s)$" % zip_re
    example = first_example(record)
    if example and not example.upper().startswith(cc + "-") and \
            not re.match(out["pattern"], "%s-%s" % (cc, example)):
        # CH-8001, A-1010: the country written in front is dropped (docs/RULES.md); not where
        # the format itself starts with it (LV-1050).
        steps = out["normalize"] if isinstance(out["normalize"], list) else [out["normalize"]]
        out["normalize"] = steps + ["country_prefix"]
    out["message"] = "the postal code format of %s%s" % (
        name, ", e.g. " + example if example else "")
    return out


def first_example(record):
    examples = [z.strip() for z in record.get("zipex", "").split(",") if z.strip()]
    return examples[0] if examples else ""


def _invalid_candidates(code):
    yield code + "9"                              # one character too many
    if len(code) > 1:
        yield code[:-1]                           # one too few
    swapped = "".join("A" if c.isdigit() else "1" if c.isalpha() else c for c in code)
    yield swapped                                 # letters where digits go and back
    yield "12"
    yield "ABCDEFGHIJ"


def examples(record, rules, market):
    """Valid codes (the dataset's own, where the market's rule takes them) and two invalid
    ones of our own. Returns (examples, rejected dataset codes)."""
    valid, rejected = [], []
    for code in [z.strip() for z in record.get("zipex", "").split(",") if z.strip()]:
        if code in valid:
            continue
        (rejected if checks.field_errors(rules, code, market) else valid).append(code)
    if not valid:
        return None, rejected
    invalid = []
    for cand in _invalid_candidates(valid[0]):
        if cand not in invalid and checks.field_errors(rules, cand, market):
            invalid.append(cand)
        if len(invalid) == 2:
            break
    return {"valid": valid, "invalid": invalid}, rejected
