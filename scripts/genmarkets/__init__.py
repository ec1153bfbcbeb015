"""The market data generator behind scripts/gen-markets, one concept per module:
sources (the Debian datasets), postal, phone, subdivisions, culture, countries (schemas/
countries.yaml), partner_center (an overlay's rules-sync block), market (one market file:
datasets + overlay), checks (the rule engine's checks, to keep examples honest), table (the
docs/MARKETS.md table), yamlin / yamlout (reading and writing YAML as the C loader does)."""
