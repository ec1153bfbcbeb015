"""schemas/countries.yaml: every ISO 3166-1 country with its alpha-3 code, calling codes and
the names a migration file may use for it: iso-codes' English names (short, common, official),
CLDR's English name, the names in the country's own languages (iso-codes' translations) and
the hand aliases of schemas/overlay/countries.yaml (USA, U.S., UK, Holland, ...).

A name that folds (case, accents, punctuation) to the same text for two countries is dropped
from both, unless it is one country's own ISO name, so a name always means one country.
"""

from . import checks, culture, phone


def _candidate_names(ctx, cc):
    iso = ctx.iso_countries[cc]
    english = [iso.get("common_name"), ctx.english_names.get(cc), iso["name"],
               iso.get("official_name")]
    names = [n for n in english if n]
    langs = [lang for lang in culture.territory_languages(cc) if lang != "en"]
    for msgid in [iso["name"]] + ([iso["official_name"]] if iso.get("official_name") else []):
        names += ctx.translations.names("iso_3166-1", msgid, langs)
    names += ctx.country_aliases.get(cc, [])
    return names


def build(ctx):
    candidates = {cc: _candidate_names(ctx, cc) for cc in sorted(ctx.iso_countries)}
    owners = {}
    for cc, names in candidates.items():
        for n in names:
            owners.setdefault(checks.fold(n), set()).add(cc)
    own = {checks.fold(ctx.iso_countries[cc]["name"]): cc for cc in candidates}
    out = {}
    for cc, names in candidates.items():
        kept, seen = [], set()
        for n in names:
            key = checks.fold(n)
            if not key or key in seen or key == checks.fold(cc):
                continue
            if len(owners[key]) > 1 and own.get(key) != cc:
                continue
            seen.add(key)
            kept.append(n)
        plan = phone.plan(cc)
        codes = ctx.overlays.get(cc, {}).get("calling_codes") or (
            plan["calling_codes"] if plan else [])
        out[cc] = {"alpha3": ctx.iso_countries[cc]["alpha_3"], "calling_codes": codes,
                   "names": kept}
    return {"countries": out}
