#!/usr/bin/env bash
# The shipped market data is whole and well formed (tests/shell/markets_files.py says what is
# checked). Needs only python3-yaml, so it runs even where the generator's datasets are not
# installed.
set -u
cd "$(dirname "$0")/../.." || exit 1
PYTHONDONTWRITEBYTECODE=1 exec /usr/bin/python3 tests/shell/markets_files.py "$(pwd)"
