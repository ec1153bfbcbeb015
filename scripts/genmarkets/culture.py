"""Cultures and languages of a market Partner Center documents no list for, inferred from
CLDR (python3-babel): the territory's official (and de facto) languages that have an ISO 639-1
code and a CLDR locale for the territory, then en-US. Such lists are marked `inferred` in the
market file and checked as warnings only: an inferred list never blocks a row.
"""

from babel import languages, localedata

CULTURE_PATTERN = "^[a-zA-Z]{2,3}(-[a-zA-Z]{2,4}){1,2}$"
LANGUAGE_PATTERN = "^[a-zA-Z]{2,3}(-[a-zA-Z]{2,4})?$"


def territory_languages(cc):
    """ISO 639-1 languages of a territory, most used first (CLDR; zh_Hant counts as zh)."""
    out = []
    for lang in languages.get_official_languages(cc, de_facto=True):
        base = lang.split("_")[0]
        if len(base) == 2 and base not in out:
            out.append(base)
    return out


def _culture(lang, cc):
    if localedata.exists("%s_%s" % (lang, cc)):
        return "%s-%s" % (lang, cc)
    for script in ("Latn", "Cyrl", "Arab", "Hans", "Hant", "Deva"):
        if localedata.exists("%s_%s_%s" % (lang, script, cc)):
            # Windows writes Chinese cultures without the script (zh-CN, zh-TW, zh-HK).
            return "%s-%s" % (lang, cc) if lang == "zh" else "%s-%s-%s" % (lang, script, cc)
    return None


def inferred(cc):
    """(cultures, languages), the default culture first."""
    cultures = [c for c in (_culture(lang, cc) for lang in territory_languages(cc)) if c]
    if "en-US" not in cultures:
        cultures.append("en-US")
    langs = []
    for c in cultures:
        lang = c.split("-")[0]
        if lang not in langs:
            langs.append(lang)
    return cultures, langs


def rules(cc, cultures, langs):
    """The culture and language fields of an inferred market: the format is an error, a value
    outside the inferred list a warning; a culture written as the language is converted."""
    culture = [{"normalize": "trim", "pattern": CULTURE_PATTERN,
                "message": "a culture such as %s" % cultures[0]},
               {"case_insensitive": True, "enum": cultures, "severity": "warning",
                "message": "a culture Partner Center supports in %s (list inferred from CLDR, "
                           "unconfirmed)" % cc}]
    aliases = {}
    for c in cultures:
        lang = c.split("-")[0]
        if c != "en-US" and lang != c:
            aliases.setdefault(c, lang)
    language = [{"normalize": "trim", "pattern": LANGUAGE_PATTERN,
                 "message": "a language code such as %s" % langs[0]},
                {"case_insensitive": True, "enum": langs, "severity": "warning",
                 "message": "a language Partner Center supports in %s (list inferred from "
                            "CLDR, unconfirmed)" % cc}]
    if aliases:
        language[0]["aliases"] = aliases
    return culture, language
