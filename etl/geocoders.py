"""Online geocoding (opt-in): geopy's Nominatim, rate-limited and cached.

Never needed: the offline resolver answers first and this is called only for names it cannot
resolve, when `--online-geocoding` is given. Every answer (found or not) goes into the cache,
which the build carries over from the previous database, so a name is asked at most once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from etl.db.load import GeocodeRecord
from etl.places import Place

Lookup = Callable[[str, str], "tuple[str, float, float] | None"]  # (query, country) → (name, lat, lon)


class CachedGeocoder:
    """A `Resolver` geocoder over any lookup function, with an answer cache."""

    def __init__(self, lookup: Lookup, cache: tuple[GeocodeRecord, ...] = (), name: str = "nominatim",
                 region_of: Callable[[float, float, str], str | None] | None = None) -> None:  # fmt: skip
        self.lookup = lookup
        self.name = name
        self.region_of = region_of
        self.records: dict[tuple[str, str], GeocodeRecord] = {(r.query, r.country): r for r in cache}

    def __call__(self, query: str, country: str) -> Place | None:
        key = (query, country)
        if key not in self.records:
            try:
                answer = self.lookup(query, country)
            except Exception:  # network down, service refused: no answer, not a crash
                return None
            region = None
            if answer and self.region_of:
                region = self.region_of(answer[1], answer[2], country)
            self.records[key] = GeocodeRecord(
                query=query, country=country, found=answer is not None,
                name=answer[0] if answer else None, lat=answer[1] if answer else None,
                lon=answer[2] if answer else None, region_code=region,
                fetched_at=datetime.now().replace(microsecond=0),
            )  # fmt: skip
        r = self.records[key]
        if not r.found:
            return None
        return Place(
            place_id=f"{self.name}:{country}:{query}", name=r.name or query, country=country,
            region_code=r.region_code, lat=r.lat, lon=r.lon, resolver=f"geocoder:{self.name}",
            matched=query,
        )  # fmt: skip

    def cache(self) -> tuple[GeocodeRecord, ...]:
        return tuple(self.records.values())


def nominatim_lookup(user_agent: str, min_delay_seconds: float = 1.0) -> Lookup:
    """A lookup through OpenStreetMap's Nominatim, at most one request per second."""
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    geocode = RateLimiter(Nominatim(user_agent=user_agent, timeout=10).geocode,
                          min_delay_seconds=min_delay_seconds, max_retries=0)  # fmt: skip

    def lookup(query: str, country: str) -> tuple[str, float, float] | None:
        location = geocode(query, country_codes=country.lower())
        return (location.address, location.latitude, location.longitude) if location else None

    return lookup
