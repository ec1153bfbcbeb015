"""One market file: the datasets' facts, then the overlay's hand facts on top.

Merge rules (docs/MARKETS.md "Overlays"): an overlay's top-level scalars win; a field an
overlay names replaces the generated field as a whole; a `partner_center:` block (what
`rules sync` recorded) sits between the two (partner_center.py); overlay `subdivisions` entries are
merged by ISO id (or code) into the generated list; a state field with an `enum` is Partner
Center's list: it decides which subdivisions exist and their codes, and the enum becomes a
`subdivision` check (names and ISO codes accepted, the listed code sent).
"""

import copy

from . import culture, partner_center, phone, postal, subdivisions

FIELD_ORDER = ["postal_code", "state", "phone", "culture", "language",
               "organization_registration_number"]
NEW_TOP_KEYS = ["sources", "phone_region", "status", "rejected_reason", "inferred", "subdivisions",
                "examples"]
NEW_RULE_KEYS = ["subdivision", "aliases"]
CHECK_KEYS = {"required", "required_if", "forbidden", "min_length", "max_length", "pattern",
              "not_pattern", "enum", "format", "checksum", "subdivision", "aliases"}


class Context:
    """Everything loaded once: datasets, overlays, the lists from common.yaml."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def _name(ctx, cc):
    return ctx.english_names.get(cc) or ctx.iso_countries[cc]["name"]


def _state_rules(name, subs):
    first = subs[0]
    return [{"normalize": "trim", "max_length": 50, "message": "at most 50 characters"},
            {"subdivision": True, "severity": "warning",
             "message": "a region of %s such as %s%s" % (
                 name, first["code"], " (%s)" % first["names"][0] if first["names"] else "")}]


def _generated_fields(ctx, cc, name, record, overlay):
    fields, inferred = {}, []
    fields["postal_code"] = postal.rule(cc, name, record)
    region = _phone_region(overlay, cc)
    if phone.metadata(region) is not None:
        fields["phone"] = phone.rule(region, name, cc in ctx.phone_required)
    given = dict(partner_center.fields(overlay), **overlay.get("fields", {}))
    if "culture" not in given or "language" not in given:
        cultures, langs = culture.inferred(cc)
        fields["culture"], fields["language"] = culture.rules(cc, cultures, langs)
        inferred = ["culture", "language"]
    if cc not in ctx.registration_required:
        fields["organization_registration_number"] = {
            "forbidden": True, "severity": "warning",
            "message": "empty (Partner Center takes no registration number in %s, "
                       "error 600002)" % cc}
    return fields, inferred


def _subdivisions(ctx, cc, overlay, state_rules):
    langs = culture.territory_languages(cc)
    subs = subdivisions.merge(
        subdivisions.from_address(cc, ctx.address, langs),
        subdivisions.from_iso(cc, ctx.iso_subdivisions, ctx.translations, langs,
                              ctx.cldr_subdivisions))
    rules = state_rules if isinstance(state_rules, list) else [state_rules] if state_rules else []
    enum = next((r["enum"] for r in rules if "enum" in r), None)
    subs = subdivisions.apply_overlay(subs, overlay.get("subdivisions"), enum)
    if enum is None:
        subs = subdivisions.named_where_numeric(subs)
    return subdivisions.finish(subs)


def _enum_to_subdivision(rules):
    out = []
    for rule in rules if isinstance(rules, list) else [rules]:
        rule = dict(rule)
        if "enum" in rule:
            del rule["enum"]
            rule.pop("case_insensitive", None)
            rule["subdivision"] = True
        out.append(rule)
    return out if isinstance(rules, list) else out[0]


def _sources(ctx, cc, used):
    out = [ctx.versions[k] for k in ("address", "phone", "iso", "cldr", "cldr_subdivisions")
           if k in used]
    pc = partner_center.source(cc, ctx.overlays.get(cc, {}))
    if pc:
        out.append(pc)
    if cc in ctx.overlays:
        out.append("overlay schemas/overlay/%s.yaml" % cc)
    return out


def build(ctx, cc):
    """The market file's content (a dict in file order)."""
    overlay = ctx.overlays.get(cc, {})
    record = ctx.address.get(cc, {})
    name = overlay.get("name") or _name(ctx, cc)
    plan = phone.plan(_phone_region(overlay, cc)) or {"calling_codes": [], "trunk_prefix": ""}
    out = {"market": cc, "name": name, "sources": []}
    for key in ("calling_codes", "trunk_prefix"):
        given = partner_center.top(overlay, key)
        out[key] = plan[key] if given is None else given
    region = phone.region_pattern(cc) if _phone_region(overlay, cc) == cc else None
    if region:
        out["phone_region"] = region
    used = {"address", "iso"} | ({"phone"} if phone.metadata(_phone_region(overlay, cc)) else set())
    if overlay.get("status") == "embargoed":
        out["status"] = "embargoed"
        out["rejected_reason"] = overlay["rejected_reason"]
        out["sources"] = _sources(ctx, cc, used - {"address"})
        return out
    fields, inferred = _generated_fields(ctx, cc, name, record, overlay)
    if inferred:
        used.add("cldr")
    fields.update(copy.deepcopy(partner_center.fields(overlay)))
    fields.update(copy.deepcopy(overlay.get("fields", {})))
    inferred = sorted(set(overlay.get("inferred", [])) | set(inferred))
    subs = _subdivisions(ctx, cc, overlay, fields.get("state"))
    if subs and "state" not in fields:
        fields["state"] = _state_rules(name, subs)
    elif subs:
        fields["state"] = _enum_to_subdivision(fields["state"])
    cultures = _enum_of(fields.get("culture"))
    out["default_culture"] = partner_center.top(overlay, "default_culture") or (
        cultures[0] if cultures else "en-US")
    if inferred:
        out["inferred"] = inferred
    out["fields"] = {k: fields[k] for k in sorted(fields, key=_field_rank)}
    out["examples"] = _examples(_phone_region(overlay, cc), record, out, subs)
    if not out["examples"]:
        del out["examples"]
    if subs:
        out["subdivisions"] = subs
        used.add("cldr_subdivisions")
    out["sources"] = _sources(ctx, cc, used)
    out.setdefault("_notes", []).extend(partner_center.notes(overlay))
    return out


def _phone_region(overlay, cc):
    """Whose numbering plan a market uses: its own, or (overlay `phone_plan_of`, for the
    territories libphonenumber has no plan for) the country whose calling code it shares."""
    return overlay.get("phone_plan_of", cc)


def _field_rank(name):
    return (FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER), name)


def _enum_of(rules):
    for rule in rules if isinstance(rules, list) else [rules] if rules else []:
        if "enum" in rule:
            return rule["enum"]
    return []


def _examples(phone_region, record, market, subs):
    """Examples the market's own rules pass or fail as declared; a dataset example that the
    market's (hand-written) rule refuses is left out and reported."""
    view = dict(market, subdivisions=subs)
    out, ctx_notes = {}, []
    fields = market["fields"]
    if "postal_code" in fields and not _forbids(fields["postal_code"]):
        ex, rejected = postal.examples(record, fields["postal_code"], view)
        if ex:
            out["postal_code"] = ex
        ctx_notes += ["postal_code " + r for r in rejected]
    if "phone" in fields and phone.metadata(phone_region) is not None:
        ex, rejected = phone.examples(phone_region, fields["phone"], view)
        if ex:
            out["phone"] = ex
        ctx_notes += ["phone " + r for r in rejected]
    market.setdefault("_notes", []).extend(
        "dataset example refused by the market's rule: " + n for n in ctx_notes)
    return out


def _forbids(rules):
    return any(r.get("forbidden") for r in (rules if isinstance(rules, list) else [rules]))


def legacy(market):
    """The file without the keys today's loader does not know (for checking against it)."""
    out = {k: v for k, v in market.items() if k not in NEW_TOP_KEYS and not k.startswith("_")}
    if market.get("status") == "embargoed":
        return out
    fields = {}
    subs = market.get("subdivisions", [])
    for name, rules in market.get("fields", {}).items():
        kept = []
        for rule in rules if isinstance(rules, list) else [rules]:
            rule = {k: v for k, v in rule.items() if k not in NEW_RULE_KEYS}
            if subs and name == "state" and "required_if" in rule:
                rule["case_insensitive"] = True
                rule["enum"] = [s["code"] for s in subs]
            if set(rule) & (CHECK_KEYS | {"normalize"}):
                kept.append(rule)
        fields[name] = kept[0] if len(kept) == 1 else kept
    out["fields"] = fields
    return out
