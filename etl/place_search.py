"""Places a steward can choose for a cell left to review (adapters: the world's subdivisions and
the gazetteer's index): the first-level subdivisions and the towns of one country whose names
hold the words typed, accents and case aside; towns by population."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from etl.config import FRENCH_COUNTRY_CODES, Settings
from etl.normalize import fold
from etl.places import Region, load_town_regions, load_world_regions


@lru_cache(maxsize=4)
def _regions(reference: Path) -> tuple[Region, ...]:
    return load_world_regions(reference)


@lru_cache(maxsize=4)
def _town_regions(reference: Path) -> dict[int, str]:
    return load_town_regions(reference)


def _names(r: Region) -> tuple[str, ...]:
    return tuple(fold(n) for n in (r.name_fr, r.name_en, r.name_local, *r.aliases) if n)


def find_places(settings: Settings, country: str, query: str, limit: int = 15) -> list[dict]:
    """Subdivisions whose names hold the query, then towns whose names begin with it (largest
    first), each as a candidate the review can record: kind, name, region_code, geonameid,
    lat, lon, population. Fewer than two letters: nothing."""
    key = fold(query)
    if len(key) < 2:
        return []
    countries = FRENCH_COUNTRY_CODES if country == "FR" else (country,)  # overseas regions are France's
    regions = [r for r in _regions(settings.reference_dir) if r.country in countries]
    found = [dict(kind="region", name=r.name_fr or r.name_en, region_code=r.code, geonameid=None,
                  lat=r.lat, lon=r.lon, population=None)
             for r in regions if any(key in n for n in _names(r))][:limit]  # fmt: skip
    codes = {(r.country, r.gn_admin1): r.code for r in regions}
    return found + _towns(settings, countries, key, codes, limit - len(found))


def _towns(settings: Settings, countries: tuple[str, ...], key: str, codes: dict, limit: int) -> list[dict]:
    import polars as pl

    from etl.gazetteer import build_world_index

    if limit <= 0:
        return []
    frame = (
        pl.scan_parquet(build_world_index(settings.cache_dir))
        .filter(pl.col("country").is_in(countries) & pl.col("key").str.starts_with(key))
        .group_by("geonameid")
        .agg(pl.col("name", "country", "admin1", "lat", "lon", "population").first())
        .sort(["population", "geonameid"], descending=[True, False])
        .head(limit)
        .collect()
    )
    return [dict(kind="town", name=r["name"], region_code=codes.get(("FR", r["country"]))  # an overseas region
                 or codes.get((r["country"], r["admin1"] or "")) or _town_regions(settings.reference_dir).get(r["geonameid"]),
                 geonameid=r["geonameid"],
                 lat=r["lat"], lon=r["lon"], population=r["population"])
            for r in frame.iter_rows(named=True)]  # fmt: skip
