#!/usr/bin/env python3
"""Input CSVs for the shell tests: realistic US rows valid for schemas/markets/US.yaml.

As a module: row(**overrides) gives one row as a dict, write(path, rows) writes a CSV with
the canonical header (csponboard template). As a command:
    csvgen.py bulk N PREFIX [SEED] > file.csv   N create rows, domains PREFIX1, PREFIX2, ...
"""
import csv
import random
import sys

HEADER = ["action", "company_name", "domain", "tenant_id", "first_name", "middle_name",
          "last_name", "email", "phone", "address_line1", "address_line2", "address_line3",
          "city", "state", "postal_code", "country", "culture", "language",
          "organization_registration_number", "associated_partner_id", "mca_accepted_at"]

FIRST = ["Avery", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Alex", "Drew", "Sam"]
LAST = ["Smith", "Garcia", "Nguyen", "Johnson", "Brown", "Davis", "Miller", "Lopez", "Wilson"]
CITIES = [("Redmond", "WA", "98052"), ("Austin", "TX", "78701"), ("Denver", "CO", "80202"),
          ("Boston", "MA", "02110"), ("Miami", "FL", "33101"), ("Chicago", "IL", "60601"),
          ("Seattle", "WA", "98101-1234"), ("Portland", "OR", "97201")]
KINDS = ["Consulting", "Logistics", "Bakery", "Dental", "Studios", "Engineering", "Farms"]


def row(n=1, rng=None, **overrides):
    """A valid US create row numbered n; keyword arguments replace fields."""
    rng = rng or random.Random(n)
    city, state, postal = CITIES[rng.randrange(len(CITIES))]
    first, last = FIRST[rng.randrange(len(FIRST))], LAST[rng.randrange(len(LAST))]
    r = {k: "" for k in HEADER}
    r.update({
        "action": "create",
        "company_name": "%s %s %d LLC" % (last, KINDS[rng.randrange(len(KINDS))], n),
        "domain": "e2ecust%d" % n,
        "first_name": first,
        "last_name": last,
        "email": "%s.%s%d@example.com" % (first.lower(), last.lower(), n),
        "phone": "425 555 %04d" % (n % 10000),
        "address_line1": "%d Main Street" % (100 + n % 9000),
        "city": city,
        "state": state,
        "postal_code": postal,
        "country": "US",
        "culture": rng.choice(["en-US", "es-US"]),
        "language": rng.choice(["en", "es"]),
    })
    r.update(overrides)
    return r


def write(path_or_file, rows):
    out = open(path_or_file, "w", newline="") if isinstance(path_or_file, str) else path_or_file
    w = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    if out is not path_or_file:
        out.close()


def main(argv):
    if len(argv) >= 4 and argv[1] == "bulk":
        n, prefix = int(argv[2]), argv[3]
        rng = random.Random(int(argv[4]) if len(argv) > 4 else 1)
        write(sys.stdout, [row(i, rng, domain="%s%d" % (prefix, i)) for i in range(1, n + 1)])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
