#!/usr/bin/env bash
# Encodings as partners' files have them, run as cron would (env -i, no TTY): a Windows-1252
# file as German Excel saves it (semicolons, CRLF, no BOM) is read as Windows-1252 with a
# warning and the report keeps its characters (no U+FFFD); --encoding overrides (rows that are
# then not valid text are bad_encoding, naming --encoding, and still keep their characters);
# a UTF-8 file with one stray byte past its first 64 KiB marks only that row; UTF-16 without a
# byte order mark is recognised; --report-bom and report.bom write a UTF-8 BOM, and such a
# report reads back as input.
. "$(dirname "$0")/lib.sh" "$@"

FIX=$SRC/tests/fixtures/encodings/excel-de-windows-1252.csv
sed -e 's/^  market: .*/  market: DE/' "$SRC/samples/csponboard.yaml" >"$WORK/cfg.yaml"
FFFD=$(printf '\xef\xbf\xbd')

# csp NAME ARGS...: csponboard validate under env -i from $WORK; RC, $WORK/NAME.err.
csp() {
  local name=$1
  shift
  (cd "$WORK" && env -i "$BIN" validate "$@" --config cfg.yaml --rules "$SRC/schemas" \
    </dev/null >"$WORK/$name.out" 2>"$WORK/$name.err")
  RC=$?
}

cp "$FIX" "$WORK/de.csv"
csp sniffed de.csv
assert_eq "Windows-1252 file: exit 0 (every row would be created)" 0 "$RC"
assert_grep "Windows-1252 file: the warning names the assumption" "$WORK/sniffed.err" \
  "reading it as Windows-1252"
assert_grep "Windows-1252 file: the warning offers --encoding" "$WORK/sniffed.err" "--encoding"
assert_grep "the report keeps the umlauts" "$WORK/de.report.csv" "Müller & Söhne GmbH"
assert_grep "the report keeps ß" "$WORK/de.report.csv" "Friedrichstraße 68"
assert_grep "the report keeps €" "$WORK/de.report.csv" "(€ 5 Mio.)"
assert_grep "the report keeps é" "$WORK/de.report.csv" "Renée"
assert_no_grep "the report has no U+FFFD" "$WORK/de.report.csv" "$FFFD"
assert_eq "every row would be created" 4 "$(count_status "$WORK/de.report.csv" would_create)"

csp forced de.csv --encoding UTF-8 --report forced.csv
assert_eq "--encoding UTF-8 on it: exit 1" 1 "$RC"
assert_eq "--encoding UTF-8: every row bad_encoding" 4 \
  "$($CHECK table "$WORK/forced.csv" | awk -F '\t' '$3 == "bad_encoding"' | wc -l)"
assert_grep "bad_encoding names --encoding" "$WORK/forced.csv" "give it with --encoding NAME"
assert_grep "bad_encoding rows keep their characters" "$WORK/forced.csv" "Müller & Söhne GmbH"
assert_no_grep "bad_encoding rows have no U+FFFD" "$WORK/forced.csv" "$FFFD"

# A UTF-8 file whose first 64 KiB are clean, with a Windows-1252 byte in a later row.
{
  printf 'Company Name,Domain,First Name,Last Name,Email,Address Line 1,City,ZIP code,Country/Region\n'
  for i in $(seq 1 800); do
    printf 'Müller Nummer %d GmbH,mueller%d,Jörg,Weiß,j%d@mueller.de,Hauptstraße %d,Berlin,10117,DE\n' \
      "$i" "$i" "$i" "$i"
  done
  printf 'Caf\xe9 Sp\xe4t GmbH,cafespaet,Ren\xe9e,Gro\xdf,renee@cafe.de,Hauptstra\xdfe 1,Berlin,10117,DE\n'
} >"$WORK/late.csv"
assert_ge "the stray byte is past the first 64 KiB" 65537 "$(grep -a -b 'Caf' "$WORK/late.csv" | cut -d: -f1)"
csp late late.csv
assert_eq "late stray byte: exit 1" 1 "$RC"
assert_eq "late stray byte: row 801 is bad_encoding" "invalid bad_encoding" \
  "$(status_of "$WORK/late.report.csv" 801)"
assert_eq "late stray byte: the other rows are fine" 800 \
  "$(count_status "$WORK/late.report.csv" would_create)"
assert_grep "late stray byte: the report keeps the characters" "$WORK/late.report.csv" \
  "Café Spät GmbH"
assert_no_grep "late stray byte: no warning about the file's encoding" "$WORK/late.err" \
  "reading it as"

# UTF-16LE and UTF-16BE without a byte order mark.
for enc in UTF-16LE UTF-16BE; do
  head -n 3 "$WORK/late.csv" | iconv -f UTF-8 -t "$enc" >"$WORK/u16.csv"
  csp "u16-$enc" u16.csv --report "u16-$enc.csv"
  assert_eq "$enc without a BOM: exit 0" 0 "$RC"
  assert_grep "$enc without a BOM: recognised" "$WORK/u16-$enc.err" "reading it as $enc"
  assert_grep "$enc without a BOM: text read" "$WORK/u16-$enc.csv" "Müller Nummer 2 GmbH"
done

# --report-bom, report.bom, and a report with a BOM as input.
csp bom de.csv --report-bom --report bom.csv
assert_eq "--report-bom: the report starts with a UTF-8 BOM" "efbbbf" \
  "$(head -c 3 "$WORK/bom.csv" | od -An -tx1 | tr -d ' \n')"
printf 'report:\n  bom: true\n' >>"$WORK/cfg.yaml"
csp bomcfg de.csv --report bomcfg.csv
assert_eq "report.bom: true: the report starts with a UTF-8 BOM" "efbbbf" \
  "$(head -c 3 "$WORK/bomcfg.csv" | od -An -tx1 | tr -d ' \n')"
csp again bom.csv --report again.csv
assert_eq "a report with a BOM reads back: exit 0" 0 "$RC"
assert_eq "a report with a BOM reads back: every row" 4 \
  "$(count_status "$WORK/again.csv" would_create)"
finish
