"""A market's subdivisions: Google's address data (the keys, names and postal prefixes used
on addresses) merged with ISO 3166-2 from iso-codes (every subdivision, with names in the
country's languages and English through the .mo catalogues), plus CLDR's names in English
and the country's languages (iso-codes has no English for Hessen, Niedersachsen...).

`code` is what is sent: the ISO 3166-2 suffix (ZH for CH-ZH), or Google's key where the
subdivision has no ISO id. A name that two subdivisions share (after folding case, accents
and punctuation) stays with the first only, so a name always converts to one code.
"""

import re

from . import checks


def _split(record, key):
    text = record.get(key)
    return text.split("~") if text else []


def _variant_name(variant, key, i):
    """The name of subdivision `key` in a language variant (CA--fr), whose lists may be in
    another order: aligned by the variant's own isoids or keys."""
    names = _split(variant, "sub_names") or _split(variant, "sub_keys")
    for column in ("sub_keys", "sub_isoids"):
        keys = _split(variant, column)
        if key in keys and keys.index(key) < len(names):
            return names[keys.index(key)]
    return ""


def from_address(cc, records, langs):
    """Subdivisions from Google's country record and its language variants (CA--fr)."""
    record = records.get(cc, {})
    keys = _split(record, "sub_keys")
    if not keys:
        return []
    columns = {k: _split(record, k) for k in ("sub_names", "sub_lnames", "sub_isoids",
                                              "sub_zips")}
    variants = [records[k] for k in sorted(records) if k.startswith(cc + "--")]
    out = []
    for i, key in enumerate(keys):
        def col(name, i=i):
            values = columns[name]
            return values[i] if i < len(values) else ""
        iso = col("sub_isoids")
        names = [key, col("sub_names"), col("sub_lnames")]
        names += [_variant_name(v, key, i) for v in variants]
        sub = {"code": iso or key, "iso": "%s-%s" % (cc, iso) if iso else "",
               "names": [n for n in names if n], "postal": col("sub_zips")}
        out.append(sub)
    return out


def spellings(name):
    """iso-codes' name and the forms people write: 'A Coruña [La Coruña]' is both,
    'London, City of' is also 'City of London', 'Sofia (stolitsa)' also 'Sofia'; the marks
    iso-codes puts after some names (†) are dropped."""
    out = [name.rstrip(" †*")]
    m = re.match(r"^(.*?) \[(.*?)(?: [A-Z]{2}-\w+)?\]$", name)
    if m:
        out = [m.group(1), m.group(2)]
    m = re.match(r"^(.*?) \(.*\)$", out[0])
    if m:
        out.append(m.group(1))
    m = re.match(r"^([^,]+), ([^,]+)$", out[0])
    if m and len(m.group(2).split()) <= 4 and not re.search(r" (and|y|et|i) ", m.group(2)):
        out.append("%s %s" % (m.group(2), m.group(1)))
    return out


def from_iso(cc, iso_subs, translations, langs, cldr):
    out = []
    for e in iso_subs.get(cc, []):
        names = spellings(e["name"])
        names += translations.names("iso_3166-2", e["name"], langs + ["en"])
        names += cldr.names(e["code"], ["en"] + langs)
        names = [n.rstrip(" †*¹²³") for n in names]  # footnote marks of some translations
        out.append({"code": e["code"].split("-", 1)[1], "iso": e["code"], "names": names,
                    "postal": "", "type": e.get("type", "")})
    return out


def merge(address_subs, iso_subs):
    """Google's list first (its order), ISO entries merged into it by ISO id (or, where Google
    gives none, by the ISO name), then the ISO subdivisions Google does not have."""
    by_name = {checks.fold(n): e for e in iso_subs for n in e["names"][:1]}
    for s in address_subs:
        match = None if s["iso"] else next(
            (by_name[checks.fold(n)] for n in s["names"] if checks.fold(n) in by_name), None)
        if match:
            s["iso"], s["code"] = match["iso"], match["code"]
    by_iso = {s["iso"]: s for s in address_subs if s["iso"]}
    out = list(address_subs)
    for e in iso_subs:
        if e["iso"] in by_iso:
            by_iso[e["iso"]]["names"] += e["names"]
            by_iso[e["iso"]].setdefault("type", e["type"])
        else:
            out.append(e)
    return out


def apply_overlay(subs, overlay_subs, enum):
    """Overlay entries (matched by iso, else by code) replace code/names/postal; with a
    Partner Center state list (enum), keep only the subdivisions it names, in its order."""
    for o in overlay_subs or []:
        target = next((s for s in subs if o.get("iso") and s["iso"] == o["iso"]), None) or \
            next((s for s in subs if s["code"] == o.get("code")), None)
        if target is None:
            target = {"code": o["code"], "iso": o.get("iso", ""), "names": [], "postal": ""}
            subs.append(target)
        target["code"] = o.get("code", target["code"])
        target["names"] = list(o.get("names", [])) + target["names"]
        if "postal" in o:
            target["postal"] = o["postal"]
    if enum is None:
        return subs
    out = []
    for code in enum:
        match = next((s for s in subs if s["code"].lower() == code.lower()), None) or \
            next((s for s in subs if any(checks.fold(n) == checks.fold(code)
                                          for n in s["names"])), None)
        if match is None:
            match = {"code": code, "iso": "", "names": [], "postal": ""}
        match = dict(match, code=code)
        out.append(match)
    return out


def named_where_numeric(subs):
    """Where Partner Center keeps no state list, the state is free text on the customer's
    address: a numeric ISO code (AT-9, FR-75) says nothing there, so such a subdivision sends
    its first name (Wien, Paris); the ISO id stays accepted."""
    out = []
    for s in subs:
        if s["code"].isdigit() and s["names"]:
            s = dict(s, code=s["names"][0], names=s["names"][1:] + [s["code"]])
        out.append(s)
    return out


def finish(subs):
    """Unique codes and names, the code's own spelling not repeated among the names."""
    seen, out = set(), []
    for s in subs:
        key = checks.fold(s["code"])
        if key in seen:
            continue
        seen.add(key)
        seen.add(checks.fold(s["iso"]))
    emitted = set()
    for s in subs:
        if checks.fold(s["code"]) in emitted:
            continue
        emitted.add(checks.fold(s["code"]))
        names = []
        for n in s["names"]:
            k = checks.fold(n)
            if not k or k in seen:
                continue
            seen.add(k)
            names.append(n)
        entry = {"code": s["code"]}
        if s["iso"]:
            entry["iso"] = s["iso"]
        entry["names"] = names
        if s["postal"]:
            entry["postal"] = s["postal"]
        out.append(entry)
    return out
