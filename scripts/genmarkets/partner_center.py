"""An overlay's `partner_center:` block: Partner Center's own country validation rules
(`GET /v1/countryvalidationrules/{CC}`) as `csponboard rules sync` writes them, in market-file
form (src/rules_sync.c):

    partner_center:
      fetched: '2026-12-03'
      calling_codes: ["1"]
      default_culture: en-US
      fields:
        postal_code: {required_if: {action: create}, pattern: '^\\d{5}(-\\d{4})?$', ...}
        state: ...

Precedence, per field and per top-level value: the datasets < this block < the overlay's
hand-written keys. Partner Center's answer replaces every dataset guess (a culture list it
gives is no longer `inferred`); a hand-written field is a decision that stands even against
it (RU's INN checksum), and deleting that field lets Partner Center's through. `--notes`
lists the hand fields that differ from the block, so a sync's news is not missed.
"""

TOP_KEYS = ("calling_codes", "trunk_prefix", "default_culture")


def block(overlay):
    return overlay.get("partner_center") or {}


def fields(overlay):
    return block(overlay).get("fields") or {}


def top(overlay, key):
    """A top-level value: the hand overlay's, else Partner Center's, else None."""
    if key in overlay:
        return overlay[key]
    return block(overlay).get(key)


def source(cc, overlay):
    """The sources line of a market whose overlay has a block, else None."""
    b = block(overlay)
    if not b:
        return None
    fetched = b.get("fetched")
    return "Partner Center countryvalidationrules/%s%s (overlay partner_center)" % (
        cc, " fetched " + str(fetched) if fetched else "")


def notes(overlay):
    """Hand fields that differ from what Partner Center said."""
    hand = overlay.get("fields") or {}
    return ["%s: the hand rule differs from Partner Center's (partner_center block)" % name
            for name, rules in sorted(fields(overlay).items())
            if name in hand and hand[name] != rules]
