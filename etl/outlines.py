"""The units' outlines (data/reference/world/admin1/<CC>.geojson), for one question only: does a
point lie inside a unit's outline? Read one country at a time when first asked (pure Python, no
geometry library at run time: a ray cast over the outline's rings).

Used to tell a row's region column that names the unit a town lay in before a reform: a unit
newer than every outline source has no outline of its own, and its towns still lie inside the
outline of the unit it was carved from (Djanet, a wilaya since 2019, inside Illizi's)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

Ring = list[tuple[float, float]]  # (lon, lat), closed or not
Polygon = list[Ring]  # the outer ring, then its holes


def _polygons(geometry: dict) -> list[Polygon]:
    if geometry.get("type") == "Polygon":
        return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in geometry["coordinates"]]]
    if geometry.get("type") == "MultiPolygon":
        return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in poly] for poly in geometry["coordinates"]]
    return []


def _in_ring(lon: float, lat: float, ring: Ring) -> bool:
    """Even-odd ray cast: a ray eastward from the point crosses the ring an odd number of times."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def inside(lon: float, lat: float, polygons: list[Polygon]) -> bool:
    """The point lies in one of the polygons (inside its outer ring, outside its holes)."""
    return any(_in_ring(lon, lat, p[0]) and not any(_in_ring(lon, lat, h) for h in p[1:]) for p in polygons if p)


def _read(path: Path) -> dict[str, list[Polygon]]:
    """code → polygons of one country's file; nothing when the file is missing or not GeoJSON (an
    outline unread only leaves a town to review, as before this rule)."""
    try:
        features = json.loads(path.read_text(encoding="utf-8")).get("features", []) if path.exists() else []
        return {
            str(f.get("id") or f.get("properties", {}).get("code")): _polygons(f.get("geometry") or {})
            for f in features
        }
    except (OSError, ValueError, AttributeError, TypeError, KeyError):
        return {}


class Outlines:
    """code → the unit's polygons, read per country from `path_of(country)` when first asked."""

    def __init__(self, path_of: Callable[[str], Path]) -> None:
        self.path_of = path_of
        self._held: dict[str, dict[str, list[Polygon]]] = {}

    def of(self, code: str) -> list[Polygon]:
        country = code.split("-", 1)[0]
        if country not in self._held:
            self._held[country] = _read(self.path_of(country))
        return self._held[country].get(code, [])

    def holds(self, code: str, lat: float, lon: float) -> bool:
        """The point lies inside the unit's outline (False when the unit has none)."""
        return inside(lon, lat, self.of(code))
