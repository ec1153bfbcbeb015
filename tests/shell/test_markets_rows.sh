#!/usr/bin/env bash
# Rows made from every market's own data validate as the data says (tests/shell/markets_rows.py:
# a valid row per market with zero findings, names converted with only conversion notes,
# malformed postal codes and phones caught, embargoed markets rejected).
. "$(dirname "$0")/lib.sh" "$@"
PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 "$SRC/tests/shell/markets_rows.py" "$BIN" "$SRC" "$WORK"
