"""Phones from libphonenumber's metadata: calling code, trunk prefix, the national number
pattern (generalDesc, restricted to the plan's possible lengths) and examples.

The pattern checks what `normalize: phone` leaves (docs/RULES.md "Phone numbers"): the
national significant number, without calling code or trunk prefix.
"""

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberFormat, PhoneNumberType

from . import checks


def metadata(cc):
    return PhoneMetadata.metadata_for_region(cc)


def plan(cc):
    """calling_codes and trunk_prefix of a market, or None when libphonenumber has none."""
    meta = metadata(cc)
    if meta is None:
        return None
    trunk = meta.national_prefix or ""
    return {"calling_codes": [str(meta.country_code)],
            "trunk_prefix": trunk if trunk.isdigit() else ""}


def pattern(cc):
    meta = metadata(cc)
    desc = meta.general_desc
    lengths = sorted(set(desc.possible_length or ()))
    body = "(?:%s)" % desc.national_number_pattern
    if lengths:
        look = "|".join("\\d{%d}" % n for n in lengths)
        return "^(?=(?:%s)$)%s$" % (look, body)
    return "^%s$" % body


def rule(cc, name, required):
    example = example_numbers(cc)
    out = {}
    if required:
        out["required_if"] = {"action": "create"}
    out["normalize"] = "phone"
    out["pattern"] = pattern(cc)
    out["message"] = "a phone number of %s%s" % (
        name, " such as " + example[0] if example else "")
    return out


def example_numbers(cc):
    """Example numbers in national then international form (fixed line, then mobile)."""
    out = []
    for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE):
        number = phonenumbers.example_number_for_type(cc, kind)
        if number is None:
            continue
        for form in (PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL):
            text = phonenumbers.format_number(number, form)
            if text and text not in out:
                out.append(text)
    return out


def examples(cc, rules, market):
    """Valid numbers the market's rule takes, and a too short and a too long one."""
    valid, rejected = [], []
    for text in example_numbers(cc):
        (rejected if checks.field_errors(rules, text, market) else valid).append(text)
    if not valid:
        return None, rejected
    code = market["calling_codes"][0]
    national = checks.phone_normalize(valid[0], market["calling_codes"],
                                      market.get("trunk_prefix", ""))
    invalid = []
    for cand in ("+%s %s" % (code, national[:2]), "+%s %s" % (code, national + "0123456"),
                 "+%s 1" % code, national + "0000000000"):
        if cand not in invalid and checks.field_errors(rules, cand, market):
            invalid.append(cand)
        if len(invalid) == 2:
            break
    return {"valid": valid, "invalid": invalid}, rejected


REGION_TYPES = ("fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost",
                "personal_number", "voip", "uan", "pager")


def shares_calling_code(cc):
    """True when other regions of libphonenumber dial the market's calling code (+1, +7...)."""
    meta = metadata(cc)
    return meta is not None and len(
        phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(meta.country_code, ())) > 1


def region_pattern(cc):
    """The numbers of this region alone, for a calling code several regions share: the union
    of libphonenumber's per-type patterns, plus its leading digits where the metadata gives
    them (JM: 658|876), anchored. None for a code of one region."""
    if not shares_calling_code(cc):
        return None
    meta = metadata(cc)
    parts = []
    if meta.leading_digits:
        parts.append("(?:%s)\\d*" % meta.leading_digits)
    for kind in REGION_TYPES:
        desc = getattr(meta, kind, None)
        if desc is not None and desc.national_number_pattern:
            parts.append("(?:%s)" % desc.national_number_pattern)
    return "^(?:%s)$" % "|".join(parts) if parts else None
