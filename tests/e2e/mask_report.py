#!/usr/bin/env python3
"""Prints a report CSV with the columns that differ between runs masked: a non-empty cell in
elapsed_ms, request_id, correlation_id, finished_at, customer_id, or tenant_id (for created
rows) becomes "*", so end-to-end cases can compare reports exactly."""
import csv
import sys

ALWAYS = {"elapsed_ms", "request_id", "correlation_id", "finished_at"}
CREATED_ONLY = {"customer_id", "tenant_id"}

with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
if not rows:
    sys.exit(0)
header = rows[0]
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(header)
status_col = header.index("status") if "status" in header else -1
for row in rows[1:]:
    created = status_col >= 0 and status_col < len(row) and row[status_col] == "created"
    for i, name in enumerate(header[: len(row)]):
        if row[i] and (name in ALWAYS or (created and name in CREATED_ONLY)):
            row[i] = "*"
    out.writerow(row)
